/** Kysely types of the tables of staff accounts, roles and permissions, sessions, API keys, the audit log. schema.ts folds them into Database. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface IdentityTables {}
