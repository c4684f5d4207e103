/** The geo module (gazetteer, geocoding): what other modules, the portal and the app may use. */
export { DEFAULT_GEO_SETTINGS, DEFAULT_MAP_TILE_URL, MAX_REVERSE_METERS, resolveAddress, reverseGeocode, searchAddresses, type AddressMatch, type AddressResolution, type GeoSettings, type ReverseResult } from './service.ts';
export { nominatimGeocoder, type ExternalPlace, type Geocoder } from './geocoder.ts';
export { importOpenAddresses, upsertAddresses, type AddressImportSummary, type AddressInput } from './import.ts';
export { registerGeoCommands } from './cli.ts';
export { registerGeoRoutes } from './routes.ts';
