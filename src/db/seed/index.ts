import type { Deps } from '../../deps.ts';
import { importCatalog, type CatalogImportSummary } from '../../modules/catalog/import.ts';
import { hasCatalog } from '../../modules/catalog/service.ts';
import { seedDemoStaff } from '../../modules/identity/index.ts';
import { loadDemoArticles } from '../../modules/kb/seed-files.ts';
import { seedSynonyms } from '../../modules/search/index.ts';
import { upsertAddresses } from '../../modules/geo/index.ts';
import { seedDemoActivity, type DemoActivitySummary } from './demo-city/activity.ts';
import { DEMO_ADDRESSES } from './demo-city/addresses.ts';
import { demoCity } from './demo-city/index.ts';
import { synonymSets } from './demo-city/synonyms.ts';

/** What loading the demo city did: the catalog's counts and the knowledge-base articles read. */
export type DemoCitySummary = CatalogImportSummary & { articles: number; addressPoints: number };

/**
 * Loads (or refreshes) the demo city: Portland and Multnomah County, modelled on the city's own
 * documents, then its knowledge-base articles (demo-city/articles/*.md).
 */
export async function seedDemoCity(deps: Deps): Promise<DemoCitySummary> {
  const catalog = await importCatalog(deps, demoCity);
  const articles = await loadDemoArticles(deps);
  await seedSynonyms(deps, synonymSets); // search synonyms, only while the city has none of its own
  // The gazetteer after the districts, so each point gets its districts (approximate demo points).
  await upsertAddresses(deps, DEMO_ADDRESSES, 'demo-city');
  return { ...catalog, articles: articles.read, addressPoints: DEMO_ADDRESSES.length };
}

/**
 * Loads the demo city into an empty database, with demo staff accounts (one per role, published
 * passwords: see README.md) when there is no staff account yet, and (unless `activity: false`) its
 * recent weeks of requests and contacts; leaves a database that has a catalog alone.
 */
export async function seedDemoCityIfEmpty(deps: Deps, options: { activity?: boolean } = {}): Promise<(DemoCitySummary & { demoStaffAccounts: number; activity: DemoActivitySummary | null }) | null> {
  if (await hasCatalog(deps)) return null;
  const summary = await seedDemoCity(deps);
  const demoStaffAccounts = await seedDemoStaff(deps);
  const activity = options.activity === false ? null : await seedDemoActivity(deps);
  return { ...summary, demoStaffAccounts, activity };
}
