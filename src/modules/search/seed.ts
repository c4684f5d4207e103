import type { Deps } from '../../deps.ts';
import * as repo from './repository.ts';
import { cleanSynonymSets, clearSearchCaches } from './service.ts';

/**
 * Loads synonym sets when there are none yet (a city's own edits are never overwritten by a re-seed).
 * Returns how many sets were written.
 */
export async function seedSynonyms(deps: Deps, sets: string[][]): Promise<number> {
  const clean = cleanSynonymSets(sets);
  const written = await deps.db.transaction().execute(async (trx) => {
    if ((await repo.selectSynonymSets(trx)).length) return 0;
    await repo.replaceSynonymSets(trx, clean, deps.clock.now(), null);
    return clean.length;
  });
  clearSearchCaches(deps.db);
  return written;
}
