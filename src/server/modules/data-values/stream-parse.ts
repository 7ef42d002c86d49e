// Incremental readers for large dataValueSet bodies: they hold one unfinished value at a time,
// never the whole body.
import { Readable } from 'node:stream';
import { CsvError, parse as parseCsv } from 'csv-parse';
import { badRequest } from '../../http/errors.ts';

export type RawValue = Record<string, unknown>;

const malformed = (vi: string, en: string) =>
  badRequest('MALFORMED_JSON', `JSON không hợp lệ: ${vi}`, `Malformed JSON: ${en}`, [{ path: 'body', messageVi: vi, messageEn: en }]);

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const QUOTE = 0x22;
// Sticky searches shared by all readers: each use sets lastIndex first and finishes synchronously.
const IN_STRING = /["\\]/g;
const STRUCTURAL = /["{}\[\],]/g;

type Stage = 'start' | 'key' | 'colon' | 'arrayStart' | 'array' | 'object' | 'value' | 'done';

/**
 * Reads `{ "dataSet": …, "period": …, "dataValues": [ {…}, {…} ], … }` chunk by chunk. Each element
 * of dataValues is cut out by scanning for its closing brace (strings and escapes respected) and
 * handed to JSON.parse; other top-level members are kept in `header`.
 */
export class DataValueSetJsonReader {
  readonly header: Record<string, unknown> = {};
  private buf = '';
  private pos = 0;
  private stage: Stage = 'start';
  private key = '';
  // Scan state of the token being cut out, which may span chunks.
  private tokenStart = -1;
  private scanPos = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private consumed = 0;

  /** Feeds text; returns the dataValues elements completed by it. */
  push(text: string): RawValue[] {
    this.buf += text;
    const out: RawValue[] = [];
    this.run(out);
    // Keep only the unfinished token (while a token is open, pos stays at its start).
    const keepFrom = this.tokenStart >= 0 ? this.tokenStart : this.pos;
    if (keepFrom > 0) {
      this.buf = this.buf.slice(keepFrom);
      this.consumed += keepFrom;
      this.pos -= keepFrom;
      if (this.tokenStart >= 0) {
        this.tokenStart -= keepFrom;
        this.scanPos -= keepFrom;
      }
    }
    return out;
  }

  /** Call at the end of the body. */
  finish(): void {
    if (this.stage !== 'done') throw malformed('nội dung kết thúc giữa chừng', 'unexpected end of input');
    for (let i = this.pos; i < this.buf.length; i++) {
      if (!WS.has(this.buf.charCodeAt(i))) throw malformed('có dữ liệu thừa sau JSON', 'unexpected data after the JSON document');
    }
  }

  private skipWs(commas = false): boolean {
    const b = this.buf;
    while (this.pos < b.length) {
      const c = b.charCodeAt(this.pos);
      if (WS.has(c) || (commas && c === 0x2c)) this.pos++;
      else return true;
    }
    return false;
  }

  private beginToken(at: number) {
    this.tokenStart = at;
    this.scanPos = at;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** Scans a JSON string starting at tokenStart; the index after its closing quote, or -1. */
  private scanString(): number {
    if (this.scanPos === this.tokenStart) {
      this.scanPos = this.tokenStart + 1;
      this.inString = true;
    }
    const end = this.scanInString(this.scanPos);
    if (end < 0) return -1;
    this.inString = false;
    return end;
  }

  /** From i inside a string: the index after its closing quote, or -1 (state kept for the next chunk). */
  private scanInString(i: number): number {
    const b = this.buf;
    if (this.escaped) {
      if (i >= b.length) return -1;
      this.escaped = false;
      i += 1;
    }
    IN_STRING.lastIndex = i;
    for (;;) {
      const m = IN_STRING.exec(b);
      if (m === null) {
        this.scanPos = b.length;
        return -1;
      }
      if (b.charCodeAt(m.index) === QUOTE) return m.index + 1;
      // A backslash: the next character is escaped, whatever it is.
      if (m.index + 1 >= b.length) {
        this.escaped = true;
        this.scanPos = b.length;
        return -1;
      }
      IN_STRING.lastIndex = m.index + 2;
    }
  }

  /**
   * Scans a value from tokenStart. Containers end at their matching bracket; a scalar ends before
   * the ',' or '}' that follows it. Returns the end index (exclusive) or -1 if more text is needed.
   * The search jumps from one structural character to the next (a native regular expression), not
   * character by character.
   */
  private scanValue(scalarStops: boolean): number {
    const b = this.buf;
    let i = this.scanPos;
    for (;;) {
      if (this.inString) {
        const end = this.scanInString(i);
        if (end < 0) return -1;
        this.inString = false;
        i = end;
      }
      STRUCTURAL.lastIndex = i;
      const m = STRUCTURAL.exec(b);
      if (m === null) {
        this.scanPos = b.length;
        return -1;
      }
      const at = m.index;
      const c = b.charCodeAt(at);
      if (c === QUOTE) {
        this.inString = true;
        i = at + 1;
        continue;
      }
      if (c === 0x7b || c === 0x5b) this.depth++;
      else if (c === 0x7d || c === 0x5d) {
        if (this.depth === 0 && scalarStops) return at;
        this.depth--;
        if (this.depth === 0 && !scalarStops) return at + 1;
      } else if (this.depth === 0 && scalarStops) return at; // a comma
      i = at + 1;
    }
  }

  private where(): string {
    return String(this.consumed + this.pos);
  }

  private run(out: RawValue[]) {
    for (;;) {
      switch (this.stage) {
        case 'start': {
          if (!this.skipWs()) return;
          if (this.buf.charCodeAt(this.pos) !== 0x7b) throw malformed(`cần '{' ở vị trí ${this.where()}`, `expected '{' at ${this.where()}`);
          this.pos++;
          this.stage = 'key';
          break;
        }
        case 'key': {
          if (this.tokenStart < 0) {
            if (!this.skipWs(true)) return;
            const c = this.buf.charCodeAt(this.pos);
            if (c === 0x7d) {
              this.pos++;
              this.stage = 'done';
              break;
            }
            if (c !== QUOTE) throw malformed(`cần tên trường ở vị trí ${this.where()}`, `expected a member name at ${this.where()}`);
            this.beginToken(this.pos);
          }
          const end = this.scanString();
          if (end < 0) return;
          this.key = JSON.parse(this.buf.slice(this.tokenStart, end)) as string;
          this.tokenStart = -1;
          this.pos = end;
          this.stage = 'colon';
          break;
        }
        case 'colon': {
          if (!this.skipWs()) return;
          if (this.buf.charCodeAt(this.pos) !== 0x3a) throw malformed(`cần ':' ở vị trí ${this.where()}`, `expected ':' at ${this.where()}`);
          this.pos++;
          this.stage = this.key === 'dataValues' ? 'arrayStart' : 'value';
          break;
        }
        case 'arrayStart': {
          if (!this.skipWs()) return;
          if (this.buf.charCodeAt(this.pos) !== 0x5b) throw malformed(`'dataValues' phải là một mảng`, `'dataValues' must be an array`);
          this.pos++;
          this.stage = 'array';
          break;
        }
        case 'array': {
          if (!this.skipWs(true)) return;
          const c = this.buf.charCodeAt(this.pos);
          if (c === 0x5d) {
            this.pos++;
            this.stage = 'key';
            break;
          }
          if (c !== 0x7b) throw malformed(`mỗi phần tử của 'dataValues' phải là một đối tượng (vị trí ${this.where()})`, `each element of 'dataValues' must be an object (at ${this.where()})`);
          this.beginToken(this.pos);
          this.stage = 'object';
          break;
        }
        case 'object': {
          const end = this.scanValue(false);
          if (end < 0) return;
          const text = this.buf.slice(this.tokenStart, end);
          try {
            out.push(JSON.parse(text) as RawValue);
          } catch (err) {
            throw malformed(`phần tử dataValues hỏng gần vị trí ${this.consumed + this.tokenStart}`, `broken dataValues element near ${this.consumed + this.tokenStart}: ${(err as Error).message}`);
          }
          this.tokenStart = -1;
          this.pos = end;
          this.stage = 'array';
          break;
        }
        case 'value': {
          if (this.tokenStart < 0) {
            if (!this.skipWs()) return;
            this.beginToken(this.pos);
          }
          const end = this.scanValue(true);
          if (end < 0) return;
          const text = this.buf.slice(this.tokenStart, end).trim();
          try {
            this.header[this.key] = JSON.parse(text);
          } catch {
            throw malformed(`giá trị của '${this.key}' không hợp lệ`, `invalid value for '${this.key}'`);
          }
          this.tokenStart = -1;
          this.pos = end;
          this.stage = 'key';
          break;
        }
        case 'done':
          return;
      }
    }
  }
}

/** Values of a JSON dataValueSet body, in order; `header` is filled as the body is read. */
export async function* readJsonValues(chunks: AsyncIterable<string>, reader = new DataValueSetJsonReader()): AsyncGenerator<RawValue> {
  for await (const chunk of chunks) {
    for (const v of reader.push(chunk)) yield v;
  }
  reader.finish();
}

/** One JSON object per line. */
export async function* readNdjsonValues(chunks: AsyncIterable<string>): AsyncGenerator<RawValue> {
  let rest = '';
  let line = 0;
  const parseLine = (text: string): RawValue | null => {
    line++;
    const t = text.trim();
    if (t === '') return null;
    try {
      return JSON.parse(t) as RawValue;
    } catch {
      throw badRequest('MALFORMED_JSON', `Dòng ${line} không phải JSON hợp lệ`, `Line ${line} is not valid JSON`, [{ path: `line ${line}`, messageVi: 'JSON không hợp lệ', messageEn: 'Invalid JSON' }]);
    }
  };
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    for (const p of parts) {
      const v = parseLine(p);
      if (v) yield v;
    }
  }
  const v = parseLine(rest);
  if (v) yield v;
}

// DHIS2's CSV column order, used when the file has no header row.
const DHIS2_COLUMNS = ['dataelement', 'period', 'orgunit', 'categoryoptioncombo', 'attributeoptioncombo', 'value', 'storedby', 'lastupdated', 'comment', 'followup', 'deleted'];
const CSV_FIELDS: Record<string, string> = {
  dataelement: 'dataElement',
  period: 'period',
  orgunit: 'orgUnit',
  categoryoptioncombo: 'categoryOptionCombo',
  attributeoptioncombo: 'attributeOptionCombo',
  option: 'option',
  disaggregation: 'disaggregation',
  value: 'value',
  storedby: 'storedBy',
  lastupdated: 'lastUpdated',
  comment: 'comment',
  followup: 'followup',
  deleted: 'deleted',
};

/** CSV rows as value objects; column names match DHIS2's case-insensitively, in any order. */
export async function* readCsvValues(chunks: AsyncIterable<string>): AsyncGenerator<RawValue> {
  const parser = Readable.from(chunks).pipe(parseCsv({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true }));
  let fields: (string | null)[] | null = null;
  for await (const record of csvRecords(parser as AsyncIterable<string[]>)) {
    if (fields === null) {
      const names = record.map((h) => h.toLowerCase().replace(/[^a-z]/g, ''));
      if (names.includes('dataelement') && names.includes('value')) {
        fields = names.map((n) => CSV_FIELDS[n] ?? null);
        continue;
      }
      fields = DHIS2_COLUMNS.map((n) => CSV_FIELDS[n]);
    }
    const v: RawValue = {};
    for (let i = 0; i < record.length && i < fields.length; i++) {
      const f = fields[i];
      if (f) v[f] = record[i];
    }
    yield v;
  }
}

/** csv-parse's faults (an unclosed quote, a stray quote) as a 400 naming the line. */
async function* csvRecords(records: AsyncIterable<string[]>): AsyncGenerator<string[]> {
  try {
    yield* records;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = err.lines ?? 0;
      throw badRequest('MALFORMED_CSV', `CSV không hợp lệ ở dòng ${line}: ${csvReasonVi(err.code)}`, `Malformed CSV at line ${line}: ${err.message}`, [
        { path: `line ${line}`, messageVi: csvReasonVi(err.code), messageEn: err.message },
      ]);
    }
    throw err;
  }
}

function csvReasonVi(code: string): string {
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'dấu ngoặc kép chưa được đóng';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'INVALID_OPENING_QUOTE':
    case 'CSV_INVALID_OPENING_QUOTE':
      return 'dấu ngoặc kép đặt sai chỗ';
    case 'CSV_MAX_RECORD_SIZE':
      return 'dòng dài quá giới hạn';
    default:
      return 'không đọc được dòng này';
  }
}
