import type { Deps } from '../../deps.ts';
import { importCatalog, type CatalogImportSummary } from '../../modules/catalog/import.ts';
import { hasCatalog } from '../../modules/catalog/service.ts';
import { demoCity } from './demo-city/index.ts';

/** Loads (or refreshes) the demo city: Portland and Multnomah County, modelled on the city's own documents. */
export async function seedDemoCity(deps: Deps): Promise<CatalogImportSummary> {
  return importCatalog(deps, demoCity);
}

/** Loads the demo city into an empty database; leaves a database that has a catalog alone. */
export async function seedDemoCityIfEmpty(deps: Deps): Promise<CatalogImportSummary | null> {
  return (await hasCatalog(deps)) ? null : seedDemoCity(deps);
}
