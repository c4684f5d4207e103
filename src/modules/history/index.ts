/** History import: a city's earlier service requests into Frontdoor. */
export { importRequests, importedServiceCode, type ImportOptions, type ImportSummary } from './import.ts';
export { registerHistoryCommands, formatRequestImportSummary } from './cli.ts';
export { compileMapping, builtinMapping, mappingSchema, BUILTIN_FORMATS, type Mapping } from './mapping.ts';
