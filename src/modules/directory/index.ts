/** The referral directory (HSDS 3.0): what the app, the CLI and other modules may use. */
export { registerDirectoryRoutes } from './routes.ts';
export { registerDirectoryCommands, formatImportSummary } from './cli.ts';
export { importDirectory, type DirectoryImportSummary } from './import.ts';
export { exportDirectory, exportDirectoryText } from './export.ts';
export { getService, getOrganization, listServices, listOrganizations, listTaxonomyTerms, listServiceAtLocations, type Page } from './service.ts';
export { IMPORT_FORMATS, MAX_PER_PAGE, type ImportFormat, type ImportOptions } from './schemas.ts';
export type { EntitySummary, IssueCount } from './stager.ts';
