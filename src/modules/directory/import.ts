import { readFile, stat } from 'node:fs/promises';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import { decodeUtf8, isZip, openDataPackage } from './csv-package.ts';
import type { EntityKey } from './entities.ts';
import { importCsvPackage } from './hsds-csv.ts';
import { importHsdsJson, parseHsdsJson } from './hsds-json.ts';
import { parseInput } from '../../lib/validate.ts';
import { importOptionsSchema, type ImportFormat, type ImportOptions } from './schemas.ts';
import { Stager, type EntitySummary } from './stager.ts';

/** What an import read, wrote and left out, entity by entity; the CLI prints it. */
export interface DirectoryImportSummary {
  format: ImportFormat;
  source: string;
  entities: Record<EntityKey, EntitySummary>;
  /** Things worth knowing that are not about one record: files or columns not imported, … */
  notes: string[];
  durationMs: number;
}

async function readSource(source: string | Uint8Array, maxBytes: number): Promise<{ bytes: Uint8Array; name: string }> {
  if (typeof source !== 'string') {
    if (source.byteLength > maxBytes) throw tooLarge(source.byteLength, maxBytes);
    return { bytes: source, name: 'upload' };
  }
  try {
    const info = await stat(source);
    if (!info.isFile()) throw new AppError('unreadable_file', 400, `${source} is not a file`, { field: 'file' });
    if (info.size > maxBytes) throw tooLarge(info.size, maxBytes);
    return { bytes: await readFile(source), name: source };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('unreadable_file', 400, `Cannot read ${source}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { field: 'file' });
  }
}

const tooLarge = (size: number, max: number): AppError =>
  new AppError('file_too_large', 413, `The file is ${size} bytes; at most ${max} bytes can be imported at once`, { field: 'file' });

function detectFormat(bytes: Uint8Array): ImportFormat {
  if (isZip(bytes)) return 'hsds-csv';
  const start = new TextDecoder().decode(bytes.subarray(0, 64)).replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'hsds-json';
  throw new AppError('unknown_format', 400, 'The file is neither a zip (an HSDS CSV data package) nor JSON (HSDS 3.0 services)', { field: 'file' });
}

/**
 * Imports a referral directory: an HSDS 1.x/2.x CSV data package (zip) or HSDS 3.0 JSON services.
 * Everything is checked before or while writing inside one transaction, so a file that cannot be
 * read writes nothing. Records are upserted by id (ids from the source, or derived from the row when
 * it has none), so importing the same file again changes nothing. Text is cleaned to plain text.
 */
export async function importDirectory(deps: Deps, source: string | Uint8Array, input: ImportOptions = {}): Promise<DirectoryImportSummary> {
  const options = parseInput(importOptionsSchema, input);
  const started = Date.now();
  const { bytes, name } = await readSource(source, options.maxBytes);
  const format = options.format ?? detectFormat(bytes);
  // Everything that can be refused without the database is refused before the transaction opens.
  const csv = format === 'hsds-csv' ? openDataPackage(bytes, { maxEntryBytes: options.maxEntryBytes, maxTotalBytes: options.maxUncompressedBytes }) : null;
  const json = format === 'hsds-json' ? parseHsdsJson(isZip(bytes) ? notJson() : decodeUtf8(bytes, name)) : null;
  const now = deps.clock.now();
  const stager = await deps.db.transaction().execute(async (trx) => {
    const s = new Stager(trx, now, { unescape: format === 'hsds-csv', defaultCountry: options.defaultCountry, repeatedIds: format === 'hsds-csv' ? 'skip' : 'ignore' });
    if (csv) await importCsvPackage(s, csv);
    if (json) await importHsdsJson(s, json);
    await s.finish();
    return s;
  });
  return { format, source: name, entities: stager.summary, notes: stager.notes, durationMs: Date.now() - started };
}

function notJson(): never {
  throw new AppError('bad_json', 400, 'The file is a zip, not JSON; import it with --format hsds-csv', { field: 'file' });
}
