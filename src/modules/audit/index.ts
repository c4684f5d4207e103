/** The audit module: an append-only log of who did what. Other modules write it through recordAudit. */
export { listAuditEvents, recordAudit, type AuditActor, type AuditContext, type AuditEntry, type AuditEvent } from './service.ts';
export { auditFiltersSchema, type AuditFilters } from './schemas.ts';
