/** Kysely types of the tables of the referral directory modelled on Open Referral HSDS 3.0. schema.ts folds them into Database. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface DirectoryTables {}
