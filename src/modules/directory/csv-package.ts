import { parse, type CsvError } from 'csv-parse';
import { unzipSync } from 'fflate';
import { AppError } from '../../lib/errors.ts';

/**
 * Reading an HSDS tabular data package: a zip holding `datapackage.json` and one CSV per resource.
 * Entries are listed from the zip's directory first, so an oversized or bomb-like archive is
 * refused before anything is inflated; each CSV is then inflated and parsed on its own.
 */

export interface PackageLimits {
  /** Largest inflated size of one entry. */
  maxEntryBytes: number;
  /** Largest inflated size of all entries together. */
  maxTotalBytes: number;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
export const isZip = (bytes: Uint8Array): boolean => ZIP_MAGIC.every((b, i) => bytes[i] === b);

const badPackage = (code: string, message: string): AppError => new AppError(code, 400, message, { field: 'file' });

export interface Resource {
  /** The resource's name in datapackage.json (`organization`, `regular_schedule`, …). */
  name: string;
  /** Its path as datapackage.json gives it. */
  path: string;
  /** The zip entry that holds it, or null when the zip lacks it. */
  entry: string | null;
}

export interface DataPackage {
  resources: Resource[];
  /** The CSV of one entry, decoded: throws an AppError naming the file when it is not UTF-8. */
  text(entry: string): string;
}

const basename = (path: string): string => path.split('/').pop() ?? path;
const dirname = (path: string): string => (path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '');

/** Opens a data package zip: lists its entries, checks sizes, reads and checks datapackage.json. */
export function openDataPackage(bytes: Uint8Array, limits: PackageLimits): DataPackage {
  if (!isZip(bytes)) throw badPackage('not_a_zip', 'The file is not a zip archive; an HSDS CSV data package is a zip holding datapackage.json and the CSV files');
  const entries = new Map<string, number>();
  try {
    unzipSync(bytes, {
      filter: (file) => {
        if (!file.name.endsWith('/')) entries.set(file.name, file.originalSize);
        return false;
      },
    });
  } catch (error) {
    throw badPackage('bad_zip', `The zip archive cannot be read (${(error as Error).message}); it may be truncated or damaged`);
  }
  let total = 0;
  for (const [name, size] of entries) {
    total += size;
    if (size > limits.maxEntryBytes) throw new AppError('file_too_large', 413, `${name} in the zip inflates to ${size} bytes, more than the ${limits.maxEntryBytes} allowed`, { field: 'file' });
  }
  if (total > limits.maxTotalBytes) throw new AppError('file_too_large', 413, `The zip inflates to ${total} bytes, more than the ${limits.maxTotalBytes} allowed`, { field: 'file' });

  const inflate = (entry: string): Uint8Array => {
    try {
      const out = unzipSync(bytes, { filter: (file) => file.name === entry })[entry];
      if (!out) throw new Error('entry missing');
      return out;
    } catch (error) {
      throw badPackage('bad_zip', `${entry} in the zip cannot be inflated (${(error as Error).message})`);
    }
  };

  const descriptor = [...entries.keys()].filter((n) => basename(n) === 'datapackage.json').sort((a, b) => a.length - b.length)[0];
  if (!descriptor) throw badPackage('no_datapackage', 'The zip has no datapackage.json; an HSDS data package describes its CSV files there');
  let json: unknown;
  try {
    json = JSON.parse(decodeUtf8(inflate(descriptor), descriptor));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badPackage('bad_datapackage', `datapackage.json is not valid JSON: ${(error as Error).message}`);
  }
  const list = (json as { resources?: unknown } | null)?.resources;
  if (!Array.isArray(list) || list.length === 0) throw badPackage('bad_datapackage', 'datapackage.json lists no resources');

  const base = dirname(descriptor);
  const byBasename = new Map<string, string>();
  for (const name of [...entries.keys()].sort((a, b) => a.length - b.length)) if (!byBasename.has(basename(name))) byBasename.set(basename(name), name);
  const resources = list.flatMap((r: unknown): Resource[] => {
    const res = r as { name?: unknown; path?: unknown };
    if (typeof res?.path !== 'string') return [];
    const path = res.path;
    const name = typeof res.name === 'string' ? res.name : basename(path).replace(/\.csv$/i, '');
    // Paths are relative to datapackage.json; some packages keep the CSVs in a data/ folder instead.
    const entry = [base + path, `${base}data/${basename(path)}`].find((c) => entries.has(c)) ?? byBasename.get(basename(path)) ?? null;
    return [{ name, path, entry }];
  });
  return { resources, text: (entry) => decodeUtf8(inflate(entry), basename(entry)) };
}

/** Decodes UTF-8 strictly (a byte-order mark is dropped); names the file and line of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\uFFFD');
    const line = lossy.slice(0, at).split('\n').length;
    throw new AppError('bad_encoding', 400, `${file} is not valid UTF-8 (first bad byte on line ${line}); save it as UTF-8 and import again`, { field: 'file' });
  }
}

export interface CsvRow {
  /** Line of the row's first character, for messages. */
  line: number;
  /** Column (lower-case header name) → trimmed value; empty cells are ''. */
  values: Record<string, string>;
  /** Set when the row's field count differs from the header's. */
  problem?: string;
}

export interface CsvTable {
  header: string[];
  rows: AsyncIterable<CsvRow>;
}

/** Longest CSV record accepted (characters): far above real directory text, far below what could hurt. */
const MAX_RECORD = 1_000_000;

/**
 * Parses CSV text row by row. The first record is the header; `required` lists the columns a
 * resource needs (each a set of alternative names), and a header lacking one is refused with the
 * file, what is missing and what the header has.
 */
export async function openCsv(text: string, file: string, required: string[][]): Promise<CsvTable> {
  const parser = parse({ relax_column_count: true, skip_empty_lines: true, info: true, bom: true, max_record_size: MAX_RECORD });
  parser.write(text);
  parser.end();
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ record: string[]; info: { lines: number } }>;
  const fail = (error: unknown): never => {
    const e = error as CsvError;
    throw badPackage('bad_csv', `${file} is not valid CSV: ${e.message}`);
  };
  const first = await iterator.next().catch(fail);
  if (first.done) throw badPackage('bad_columns', `${file} is empty; it needs a header row`);
  const header = first.value.record.map((h) => h.trim().toLowerCase());
  const missing = required.filter((alternatives) => !alternatives.some((c) => header.includes(c)));
  if (missing.length) {
    throw badPackage(
      'bad_columns',
      `${file} lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => m.join(' or ')).join(', ')}; its header is: ${header.join(', ').slice(0, 500)}`,
    );
  }
  async function* rows(): AsyncGenerator<CsvRow> {
    let previousEnd = first.done ? 1 : first.value.info.lines;
    for (;;) {
      const next = await iterator.next().catch(fail);
      if (next.done) return;
      const { record, info } = next.value;
      const line = previousEnd + 1;
      previousEnd = info.lines;
      if (record.length === 1 && record[0]?.trim() === '') continue;
      const values: Record<string, string> = {};
      header.forEach((h, i) => {
        if (h && !(h in values && values[h] !== '')) values[h] = (record[i] ?? '').trim();
      });
      const problem = record.length !== header.length ? `the row has ${record.length} fields; the header has ${header.length}` : undefined;
      yield { line, values, problem };
    }
  }
  return { header, rows: rows() };
}
