/** The demo city's knowledge-base articles: the files in src/db/seed/demo-city/articles/. */
import { fileURLToPath } from 'node:url';
import type { Deps } from '../../deps.ts';
import { importArticleDirectory, type ArticleImportSummary } from './import.ts';

/** Where the demo city's article files live (`<slug>.<locale>.md`). */
export const DEMO_ARTICLES_DIR = fileURLToPath(new URL('../../db/seed/demo-city/articles/', import.meta.url));

/**
 * Loads (or refreshes) every demo article file into a database that has the demo city's catalog.
 * Idempotent; a missing or empty directory loads nothing. Tests (e.g. search) call it directly;
 * `seedDemoCity` calls it after the catalog.
 */
export async function loadDemoArticles(deps: Deps, dir: string = DEMO_ARTICLES_DIR): Promise<ArticleImportSummary> {
  return importArticleDirectory(deps, dir, { missingOk: true });
}
