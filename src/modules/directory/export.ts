import type { Deps } from '../../deps.ts';
import { presentServiceGraphs } from './presenter.ts';
import { selectServiceGraphRows, selectServiceIdsAfter } from './repository.ts';

/** Services loaded and written per step of an export: bounds memory whatever the directory's size. */
const EXPORT_PAGE = 200;

/**
 * The whole directory as HSDS 3.0 JSON: an array of fully nested services (organization,
 * service_at_locations with their location, addresses, phones and schedules, languages, service
 * areas, taxonomy terms as attributes), in byte order of service id, produced a page at a time.
 * Importing the output into an empty directory and exporting again gives the same text.
 * Organizations and locations without any service are not part of it (HSDS exchanges services).
 */
export async function* exportDirectory(deps: Deps): AsyncGenerator<string> {
  yield '[';
  let after: string | null = null;
  let first = true;
  for (;;) {
    const ids = await selectServiceIdsAfter(deps.db, after, EXPORT_PAGE);
    if (ids.length === 0) break;
    const services = presentServiceGraphs(await selectServiceGraphRows(deps.db, ids));
    let chunk = '';
    for (const service of services) {
      chunk += `${first ? '\n' : ',\n'}${JSON.stringify(service)}`;
      first = false;
    }
    yield chunk;
    after = ids[ids.length - 1] ?? null;
  }
  yield first ? ']\n' : '\n]\n';
}

/** The export as one string (tests and small directories). */
export async function exportDirectoryText(deps: Deps): Promise<string> {
  let text = '';
  for await (const chunk of exportDirectory(deps)) text += chunk;
  return text;
}
