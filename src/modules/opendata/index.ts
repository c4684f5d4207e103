/** Open data: the public export of service requests (CSV, GeoJSON), over HTTP and the CLI. */
export { exportOpenData, openDataRows, parseSince, csvField, COLUMNS, COARSE_CELL, SENSITIVE_GROUPS, EXPORT_FORMATS, type ExportFormat, type OpenDataRow } from './export.ts';
export { registerOpenDataRoutes } from './routes.ts';
export { registerOpenDataCommands } from './cli.ts';
