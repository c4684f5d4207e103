/** Search across the knowledge base, the service catalog and the referral directory: what other modules may use. */
export { registerSearchRoutes } from './routes.ts';
export { clearSearchCaches, listMisses, listSynonyms, replaceSynonyms, search, viewerOf, type SearchResponse, type SearchResult, type Viewer } from './service.ts';
export { searchQuerySchema, type SearchInput } from './schemas.ts';
export { seedSynonyms } from './seed.ts';
