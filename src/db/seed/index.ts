import type { Deps } from '../../deps.ts';
import { importCatalog, type CatalogImportSummary } from '../../modules/catalog/import.ts';
import { hasCatalog } from '../../modules/catalog/service.ts';
import { seedDemoStaff } from '../../modules/identity/index.ts';
import { demoCity } from './demo-city/index.ts';

/** Loads (or refreshes) the demo city: Portland and Multnomah County, modelled on the city's own documents. */
export async function seedDemoCity(deps: Deps): Promise<CatalogImportSummary> {
  return importCatalog(deps, demoCity);
}

/**
 * Loads the demo city into an empty database, with demo staff accounts (one per role, published
 * passwords: see README.md) when there is no staff account yet; leaves a database that has a catalog alone.
 */
export async function seedDemoCityIfEmpty(deps: Deps): Promise<(CatalogImportSummary & { demoStaffAccounts: number }) | null> {
  if (await hasCatalog(deps)) return null;
  const summary = await seedDemoCity(deps);
  return { ...summary, demoStaffAccounts: await seedDemoStaff(deps) };
}
