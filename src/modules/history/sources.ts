import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Transform, type TransformCallback } from 'node:stream';
import { XMLParser } from 'fast-xml-parser';
import { AppError } from '../../lib/errors.ts';
import { CsvReader, CsvSyntaxError, type CsvRecord } from './csv.ts';

/**
 * Where records come from: a CSV file read as a stream (constant memory whatever its size), or an
 * Open311 GeoReport v2 `requests` response (JSON or XML). Each record is its 1-based number in the
 * file, its line (for messages) and its fields in header order. A file that is not what it should be
 * (binary, not UTF-8, broken quoting, missing columns) is an AppError naming the file and the problem.
 */

export interface SourceRecord {
  /** 1-based record number (not counting the header): the checkpoint counts these. */
  n: number;
  line: number;
  fields: string[];
}

export interface RecordSource {
  header: string[];
  records: AsyncIterable<SourceRecord>;
  /** Bytes of the file consumed so far, for the progress bar. */
  bytesRead(): number;
  totalBytes: number;
}

export const badFile = (file: string, message: string): AppError => new AppError('bad_file', 400, `${file}: ${message}`, { field: 'file' });

async function fileSize(file: string): Promise<number> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw badFile(file, 'is not a file');
    return s.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw badFile(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Strict UTF-8 decoding of a byte stream into text, refusing binary files and other encodings. */
class Utf8Decoder extends Transform {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  bytes = 0;
  #line = 1;
  constructor(readonly file: string) {
    super({ readableObjectMode: false, decodeStrings: true });
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      if (chunk.includes(0)) throw badFile(this.file, `is not a text CSV file (it contains NUL bytes, near line ${this.#line}); export the data as CSV`);
      const text = this.#decoder.decode(chunk, { stream: true });
      this.bytes += chunk.length;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.#line++;
      done(null, text);
    } catch (error) {
      if (error instanceof AppError) return done(error);
      // Where: the line of the first undecodable byte in this chunk.
      const lossy = new TextDecoder('utf-8').decode(chunk);
      const at = lossy.indexOf('\uFFFD');
      const line = this.#line + (at < 0 ? 0 : (lossy.slice(0, at).match(/\n/g)?.length ?? 0));
      done(badFile(this.file, `is not UTF-8 text (an invalid byte sequence on line ${line}); convert it to UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)`));
    }
  }
  override _flush(done: TransformCallback): void {
    try {
      done(null, this.#decoder.decode());
    } catch {
      done(badFile(this.file, 'is not UTF-8 text (it ends inside a multi-byte character)'));
    }
  }
}

/** A CSV file with a header row, streamed. `required` columns must be in the header. */
export async function openCsvSource(file: string, required: string[]): Promise<RecordSource> {
  const totalBytes = await fileSize(file);
  if (totalBytes === 0) throw badFile(file, 'is empty');
  const decoder = new Utf8Decoder(file);
  const input = createReadStream(file, { highWaterMark: 1 << 20 });
  input.on('error', (e) => decoder.destroy(e)).pipe(decoder);

  async function* parsed(): AsyncGenerator<CsvRecord> {
    const reader = new CsvReader();
    try {
      for await (const chunk of decoder as AsyncIterable<Buffer | string>) yield* reader.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      yield* reader.end();
    } catch (error) {
      if (error instanceof CsvSyntaxError) throw badFile(file, `is not valid CSV: ${error.message}`);
      if (error instanceof AppError) throw error;
      throw badFile(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    } finally {
      input.destroy();
      decoder.destroy();
    }
  }
  const iterator = parsed();
  const first = await iterator.next();
  if (first.done) throw badFile(file, 'has no header row');
  const header = first.value.fields.map((h) => h.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) {
    await iterator.return(undefined);
    const shown = header.slice(0, 12).map((h) => JSON.stringify(h)).join(', ') + (header.length > 12 ? ', …' : '');
    throw badFile(file, `lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => JSON.stringify(m)).join(', ')} that the mapping reads (its header has ${shown})`);
  }

  async function* records(): AsyncGenerator<SourceRecord> {
    let n = 0;
    for await (const r of { [Symbol.asyncIterator]: () => iterator }) {
      n++;
      yield { n, line: r.line, fields: r.fields };
    }
  }
  return { header, records: records(), bytesRead: () => decoder.bytes, totalBytes };
}

/** Open311 responses are pages (the spec's default is 1,000 requests): read whole, up to this size. */
const OPEN311_MAX_BYTES = 64 * 1024 * 1024;

/** GeoReport v2 request fields, in the order records carry them. */
export const OPEN311_FIELDS = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible',
  'service_notice', 'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'zipcode',
  'lat', 'long', 'media_url',
] as const;

const scalar = (v: unknown): string => (v === null || v === undefined || typeof v === 'object' ? '' : String(v));

/** An Open311 GeoReport v2 `GET requests` response, in JSON (an array) or XML (`<service_requests>`). */
export async function openOpen311Source(file: string): Promise<RecordSource> {
  const totalBytes = await fileSize(file);
  if (totalBytes === 0) throw badFile(file, 'is empty');
  if (totalBytes > OPEN311_MAX_BYTES) throw badFile(file, `is ${totalBytes} bytes; an Open311 response over ${OPEN311_MAX_BYTES} bytes is not expected (import it page by page)`);
  const bytes = await readFile(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badFile(file, 'is not UTF-8 text');
  }
  text = text.replace(/^\uFEFF/, '');
  const start = text.trimStart()[0];
  let items: unknown[];
  if (start === '[' || start === '{') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw badFile(file, `is not valid JSON (${(error as Error).message})`);
    }
    if (Array.isArray(json)) items = json;
    else if (json && typeof json === 'object' && Array.isArray((json as { service_requests?: unknown }).service_requests)) {
      items = (json as { service_requests: unknown[] }).service_requests;
    } else throw badFile(file, 'is JSON but not an Open311 requests response (an array of requests)');
  } else if (start === '<') {
    let doc: unknown;
    try {
      doc = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'request' || name === 'error' }).parse(text, true);
    } catch (error) {
      throw badFile(file, `is not well-formed XML (${(error as Error).message.split('\n')[0]})`);
    }
    const root = (doc as { service_requests?: { request?: unknown[] } | '' }).service_requests;
    if (root === undefined) throw badFile(file, 'is XML but not an Open311 requests response (no <service_requests> root)');
    items = root === '' ? [] : (root.request ?? []);
  } else {
    throw badFile(file, 'is neither JSON nor XML: an Open311 requests response is one or the other');
  }
  const header = [...OPEN311_FIELDS];
  async function* records(): AsyncGenerator<SourceRecord> {
    let n = 0;
    for (const item of items) {
      n++;
      const o = item && typeof item === 'object' ? (item as Record<string, unknown>) : {};
      yield { n, line: n, fields: header.map((f) => scalar(o[f])) };
    }
  }
  return { header, records: records(), bytesRead: () => totalBytes, totalBytes };
}
