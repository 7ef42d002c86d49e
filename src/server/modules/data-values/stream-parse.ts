// Incremental readers for large dataValueSet bodies: they hold one unfinished value at a time,
// never the whole body, look at each character of a chunk once (never re-scanning what they already
// read), and refuse a value, line or row longer than a bound at that bound.
import { Readable } from 'node:stream';
import { CsvError, parse as parseCsv } from 'csv-parse';
import { SaxesParser } from 'saxes';
import { AppError, badRequest } from '../../http/errors.ts';
import { findNul, nulCharacterError } from '../../http/nul.ts';
import { fromAdxPeriod } from '../../../core/adx-periods.ts';

export type RawValue = Record<string, unknown>;

export interface ReaderLimits {
  /** Longest value object, header member, NDJSON line or CSV record, in characters. */
  maxValueChars: number;
  /** Deepest nesting of arrays and objects inside one value or header member. */
  maxDepth: number;
}

export const DEFAULT_READER_LIMITS: ReaderLimits = { maxValueChars: 1024 * 1024, maxDepth: 32 };

const malformed = (vi: string, en: string, path = 'body') => badRequest('MALFORMED_JSON', `JSON không hợp lệ: ${vi}`, `Malformed JSON: ${en}`, [{ path, messageVi: vi, messageEn: en }]);

const tooLarge = (path: string, limit: number, what: { vi: string; en: string }) =>
  new AppError('VALUE_TOO_LARGE', 413, `${what.vi} dài quá ${limit} ký tự`, `${what.en} is longer than ${limit} characters`, [
    { path, messageVi: `Dài quá ${limit} ký tự`, messageEn: `Longer than ${limit} characters` },
  ]);

const tooDeep = (path: string, limit: number) =>
  badRequest('NESTING_TOO_DEEP', `Dữ liệu lồng nhau quá ${limit} cấp`, `Nested more than ${limit} levels deep`, [
    { path, messageVi: `Lồng nhau quá ${limit} cấp`, messageEn: `Nested more than ${limit} levels deep` },
  ]);

// An escaped NUL in JSON text: "\u0000" after an even number of backslashes (an odd one escapes the
// backslash itself). Also in a string a later duplicate member replaces: the text carried it.
const NUL_ESCAPE = /(?<!\\)(?:\\\\)*\\u0000/;
const hasNulEscape = (text: string) => text.includes('u0000') && NUL_ESCAPE.test(text);

const QUOTE = 0x22;
const BOM = 0xfeff;
const isWs = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
// Sticky searches shared by all readers: each use sets lastIndex first and finishes synchronously.
const IN_STRING = /["\\]/g;
const IN_CONTAINER = /["{}[\]]/g;
const LITERAL_END = /[ \t\n\r,}\]]/g;

type Stage =
  | 'start' // before the document's '{'
  | 'firstMember' // after '{': a member name or '}'
  | 'member' // after ',': a member name
  | 'colon'
  | 'value' // a header member's value
  | 'arrayOpen' // the '[' of dataValues
  | 'firstElement' // after '[': an object or ']'
  | 'element' // after ',': an object
  | 'afterElement' // ',' or ']'
  | 'afterMember' // ',' or '}'
  | 'done';

type TokenKind = 'string' | 'container' | 'literal';

/**
 * Reads `{ "dataSet": …, "period": …, "dataValues": [ {…}, {…} ], … }` chunk by chunk, as strictly as
 * JSON.parse: separators, nesting and every token are checked, so a document is refused exactly when
 * JSON.parse would refuse it (a leading byte order mark is allowed) or when it is not a dataValueSet
 * (not an object; dataValues not an array of objects, or given twice). Each element of dataValues is
 * cut out by scanning for its closing brace and handed to JSON.parse; other members go to `header`.
 */
export class DataValueSetJsonReader {
  readonly header: Record<string, unknown> = {};
  /** How many dataValues elements were read. */
  count = 0;
  private stage: Stage = 'start';
  private key = '';
  private seenValues = false;
  private atBodyStart = true;
  // The token being read, which may span chunks: its earlier pieces, and its scan state.
  private kind: TokenKind | null = null;
  private pieces: string[] = [];
  private pending = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Characters of the body before the current chunk, for positions in messages. */
  private consumed = 0;

  constructor(private readonly limits: ReaderLimits = DEFAULT_READER_LIMITS) {}

  /** Feeds text; returns the dataValues elements completed by it. */
  push(chunk: string): RawValue[] {
    const out: RawValue[] = [];
    let i = 0;
    if (this.atBodyStart && chunk.length > 0) {
      this.atBodyStart = false;
      if (chunk.charCodeAt(0) === BOM) i = 1;
    }
    const n = chunk.length;
    while (i < n) {
      if (this.kind !== null) {
        const end = this.scan(chunk, i);
        if (end < 0) {
          this.keep(chunk, i, n);
          break;
        }
        const text = this.take(chunk, i, end);
        i = end;
        this.complete(text, out);
        continue;
      }
      if (this.stage === 'afterElement' || this.stage === 'element') {
        i = this.readElements(chunk, i, out);
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (isWs(c)) {
        i++;
        continue;
      }
      switch (this.stage) {
        case 'start':
          if (c !== 0x7b) throw malformed(`cần '{' ở vị trí ${this.consumed + i}`, `expected '{' at ${this.consumed + i}`);
          this.stage = 'firstMember';
          i++;
          break;
        case 'firstMember':
        case 'member':
          if (c === 0x7d && this.stage === 'firstMember') {
            this.stage = 'done';
            i++;
            break;
          }
          if (c !== QUOTE) throw malformed(`cần tên trường ở vị trí ${this.consumed + i}`, `expected a member name at ${this.consumed + i}`);
          this.begin('string');
          break;
        case 'colon':
          if (c !== 0x3a) throw malformed(`cần ':' ở vị trí ${this.consumed + i}`, `expected ':' at ${this.consumed + i}`);
          i++;
          if (this.key === 'dataValues') {
            if (this.seenValues) throw malformed(`'dataValues' xuất hiện hai lần`, `'dataValues' is given twice`, 'body.dataValues');
            this.seenValues = true;
            this.stage = 'arrayOpen';
          } else this.stage = 'value';
          break;
        case 'value':
          this.begin(c === QUOTE ? 'string' : c === 0x7b || c === 0x5b ? 'container' : 'literal');
          break;
        case 'arrayOpen':
          if (c !== 0x5b) throw malformed(`'dataValues' phải là một mảng`, `'dataValues' must be an array`, 'body.dataValues');
          this.stage = 'firstElement';
          i++;
          break;
        case 'firstElement':
          if (c === 0x5d) {
            this.stage = 'afterMember';
            i++;
            break;
          }
          this.stage = 'element';
          i = this.readElements(chunk, i, out);
          break;
        case 'afterMember':
          if (c === 0x2c) this.stage = 'member';
          else if (c === 0x7d) this.stage = 'done';
          else throw malformed(`cần ',' hoặc '}' ở vị trí ${this.consumed + i}`, `expected ',' or '}' at ${this.consumed + i}`);
          i++;
          break;
        case 'done':
          throw malformed(`có dữ liệu thừa sau JSON (vị trí ${this.consumed + i})`, `unexpected data after the JSON document (at ${this.consumed + i})`);
      }
    }
    this.consumed += n;
    return out;
  }

  /** Call at the end of the body. */
  finish(): void {
    if (this.stage !== 'done' || this.kind !== null) throw malformed('nội dung kết thúc giữa chừng', 'unexpected end of input');
  }

  /**
   * The hot path, between elements of dataValues: separators and whole elements inside this chunk
   * are handled here without going back through the general loop. Returns where it stopped (the end
   * of the chunk, the array's ']', or an element that goes on into the next chunk, left open).
   */
  private readElements(chunk: string, i: number, out: RawValue[]): number {
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      if (isWs(c)) {
        i++;
        continue;
      }
      if (this.stage === 'afterElement') {
        if (c === 0x2c) this.stage = 'element';
        else if (c === 0x5d) {
          this.stage = 'afterMember';
          return i + 1;
        } else throw malformed(`cần ',' hoặc ']' ở vị trí ${this.consumed + i}`, `expected ',' or ']' at ${this.consumed + i}`, `dataValues[${this.count}]`);
        i++;
        continue;
      }
      if (c !== 0x7b) {
        throw malformed(
          `mỗi phần tử của 'dataValues' phải là một đối tượng (vị trí ${this.consumed + i})`,
          `each element of 'dataValues' must be an object (at ${this.consumed + i})`,
          `dataValues[${this.count}]`,
        );
      }
      this.begin('container');
      const end = this.scan(chunk, i);
      if (end < 0) {
        // The element goes on into the next chunk: its scan state is kept, its text so far too.
        this.keep(chunk, i, n);
        return n;
      }
      this.complete(this.take(chunk, i, end), out);
      i = end;
    }
    return i;
  }

  private where(): string {
    if (this.stage === 'firstElement' || this.stage === 'element') return `dataValues[${this.count}]`;
    if (this.stage === 'value') return `body.${this.key}`;
    return 'body';
  }

  private begin(kind: TokenKind) {
    this.kind = kind;
    this.pieces = [];
    this.pending = 0;
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** Keeps the unfinished part of a token; refuses it once it passes the bound. */
  private keep(chunk: string, from: number, to: number) {
    this.pending += to - from;
    if (this.pending > this.limits.maxValueChars) {
      const path = this.where();
      throw tooLarge(path, this.limits.maxValueChars, path.startsWith('dataValues') ? { vi: 'Một giá trị', en: 'A value' } : { vi: 'Một trường', en: 'A member' });
    }
    this.pieces.push(chunk.slice(from, to));
  }

  private take(chunk: string, from: number, end: number): string {
    if (this.pieces.length === 0) {
      if (end - from > this.limits.maxValueChars) this.keep(chunk, from, end);
      return chunk.slice(from, end);
    }
    this.keep(chunk, from, end);
    const text = this.pieces.join('');
    this.pieces = [];
    return text;
  }

  /**
   * Scans the current token from `i` in this chunk; the index just after its end, or -1 if it goes
   * on into the next chunk. Jumps from one structural character to the next (a native regular
   * expression), not character by character, and never looks again at what it scanned.
   */
  private scan(chunk: string, i: number): number {
    const n = chunk.length;
    if (this.kind === 'literal') {
      LITERAL_END.lastIndex = i;
      const m = LITERAL_END.exec(chunk);
      return m === null ? -1 : m.index;
    }
    for (;;) {
      if (this.inString) {
        if (this.escaped) {
          if (i >= n) return -1;
          this.escaped = false;
          i++;
        }
        IN_STRING.lastIndex = i;
        for (;;) {
          const m = IN_STRING.exec(chunk);
          if (m === null) return -1;
          if (chunk.charCodeAt(m.index) === QUOTE) {
            i = m.index + 1;
            break;
          }
          // A backslash: the next character is escaped, whatever it is, possibly in the next chunk.
          if (m.index + 1 >= n) {
            this.escaped = true;
            return -1;
          }
          IN_STRING.lastIndex = m.index + 2;
        }
        this.inString = false;
        if (this.kind === 'string') return i;
      }
      IN_CONTAINER.lastIndex = i;
      const m = IN_CONTAINER.exec(chunk);
      if (m === null) return -1;
      const c = chunk.charCodeAt(m.index);
      i = m.index + 1;
      if (c === QUOTE) this.inString = true;
      else if (c === 0x7b || c === 0x5b) {
        if (++this.depth > this.limits.maxDepth) throw tooDeep(this.where(), this.limits.maxDepth);
      } else if (--this.depth === 0) return i;
    }
  }

  private complete(text: string, out: RawValue[]) {
    const kind = this.kind;
    this.kind = null;
    switch (this.stage) {
      case 'firstMember':
      case 'member': {
        try {
          this.key = JSON.parse(text) as string;
        } catch {
          throw malformed(`tên trường hỏng ở vị trí ${this.consumed}`, `broken member name near ${this.consumed}`);
        }
        if (this.key.includes('\u0000')) throw nulCharacterError(`body.${this.key.replaceAll('\u0000', '\\u0000')}`);
        this.stage = 'colon';
        return;
      }
      case 'value': {
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          throw malformed(`giá trị của '${this.key}' không hợp lệ`, `invalid value for '${this.key}'`, `body.${this.key}`);
        }
        if (kind !== 'literal' && hasNulEscape(text)) throw nulCharacterError(findNul(value, `body.${this.key}`) ?? `body.${this.key}`);
        // defineProperty: a member named "__proto__" is data, as JSON.parse makes it.
        Object.defineProperty(this.header, this.key, { value, enumerable: true, writable: true, configurable: true });
        this.stage = 'afterMember';
        return;
      }
      default: {
        // An element of dataValues; its path is spelled only for an error (this runs once per value).
        let value: RawValue;
        try {
          value = JSON.parse(text) as RawValue;
        } catch (err) {
          const path = `dataValues[${this.count}]`;
          throw malformed(`phần tử ${path} hỏng`, `broken element ${path}: ${(err as Error).message}`, path);
        }
        if (hasNulEscape(text)) throw nulCharacterError(findNul(value, `dataValues[${this.count}]`) ?? `dataValues[${this.count}]`);
        this.count++;
        out.push(value);
        this.stage = 'afterElement';
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

const isPlainObject = (v: unknown): v is RawValue => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One JSON object per line (a byte order mark may open the body). */
export async function* readNdjsonValues(chunks: AsyncIterable<string>, limits: ReaderLimits = DEFAULT_READER_LIMITS): AsyncGenerator<RawValue> {
  let pieces: string[] = [];
  let pending = 0;
  let line = 0;
  let first = true;
  const parseLine = (text: string): RawValue | null => {
    line++;
    const t = text.trim();
    if (t === '') return null;
    const where = `line ${line}`;
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch {
      throw badRequest('MALFORMED_JSON', `Dòng ${line} không phải JSON hợp lệ`, `Line ${line} is not valid JSON`, [{ path: where, messageVi: 'JSON không hợp lệ', messageEn: 'Invalid JSON' }]);
    }
    if (!isPlainObject(v)) {
      throw badRequest('MALFORMED_JSON', `Dòng ${line} phải là một đối tượng JSON`, `Line ${line} must be a JSON object`, [
        { path: where, messageVi: 'Mỗi dòng là một đối tượng {…}', messageEn: 'Each line is one object {…}' },
      ]);
    }
    if (hasNulEscape(t)) throw nulCharacterError(findNul(v, where) ?? where);
    return v;
  };
  const grow = (text: string) => {
    pending += text.length;
    if (pending > limits.maxValueChars) throw tooLarge(`line ${line + 1}`, limits.maxValueChars, { vi: `Dòng ${line + 1}`, en: `Line ${line + 1}` });
    pieces.push(text);
  };
  for await (let chunk of chunks) {
    if (first && chunk.length > 0) {
      first = false;
      if (chunk.charCodeAt(0) === BOM) chunk = chunk.slice(1);
    }
    let from = 0;
    // Only the new chunk is searched for line ends; an unfinished line waits in pieces.
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      let text: string;
      if (pieces.length === 0) {
        if (nl - from > limits.maxValueChars) grow(chunk.slice(from, nl));
        text = chunk.slice(from, nl);
      } else {
        grow(chunk.slice(from, nl));
        text = pieces.join('');
        pieces = [];
      }
      pending = 0;
      from = nl + 1;
      const v = parseLine(text);
      if (v) yield v;
    }
    if (from < chunk.length) grow(chunk.slice(from));
  }
  const v = parseLine(pieces.join(''));
  if (v) yield v;
}

// DHIS2's CSV column order (2.41 export): read by position when the first row is not a header of known names.
const DHIS2_COLUMNS = ['dataElement', 'period', 'orgUnit', 'categoryOptionCombo', 'attributeOptionCombo', 'value', 'storedBy', 'lastUpdated', 'comment', 'followup', 'deleted'];
// Header names DHIS2 writes or documents, in any case and spelling (letters only), with their short forms.
const CSV_FIELDS: Record<string, string> = {
  dataelement: 'dataElement',
  de: 'dataElement',
  period: 'period',
  pe: 'period',
  orgunit: 'orgUnit',
  ou: 'orgUnit',
  categoryoptioncombo: 'categoryOptionCombo',
  catoptcombo: 'categoryOptionCombo',
  coc: 'categoryOptionCombo',
  co: 'categoryOptionCombo',
  attributeoptioncombo: 'attributeOptionCombo',
  attroptcombo: 'attributeOptionCombo',
  aoc: 'attributeOptionCombo',
  ao: 'attributeOptionCombo',
  option: 'option',
  disaggregation: 'disaggregation',
  value: 'value',
  storedby: 'storedBy',
  lastupdated: 'lastUpdated',
  timestamp: 'lastUpdated',
  created: 'created',
  comment: 'comment',
  followup: 'followup',
  deleted: 'deleted',
};

const looksLikeHeader = (names: string[]) => names.length > 0 && names.every((n) => n === '' || n in CSV_FIELDS) && names.some((n) => CSV_FIELDS[n] === 'dataElement');

/**
 * CSV rows as value objects. A first row of known column names (any order, case and spelling) is a
 * header read by name. Otherwise the columns are DHIS2's, by position, and the first row is a header read
 * as DHIS2 reads it — whatever it says, its twelfth cell naming the set's data set — when
 * `firstRowIsHeader` is true, or when it is not given and the row's period cell is not a period (so a
 * file without a header, the product's own, still starts with data); false reads it as data. A cell
 * beyond DHIS2's eleven columns is a value's unknown field, refused by name.
 */
export async function* readCsvValues(
  chunks: AsyncIterable<string>,
  limits: ReaderLimits = DEFAULT_READER_LIMITS,
  firstRowIsHeader: boolean | null = null,
  header: Record<string, unknown> = {},
): AsyncGenerator<RawValue> {
  const parser = Readable.from(chunks).pipe(parseCsv({ bom: true, trim: true, skip_empty_lines: true, relax_column_count: true, max_record_size: limits.maxValueChars, info: true }));
  let fields: (string | null)[] | null = null;
  for await (const { record, info } of csvRecords(parser as AsyncIterable<{ record: string[]; info: { lines: number } }>, limits)) {
    if (fields === null) {
      const names = record.map((h) => h.toLowerCase().replace(/[^a-z]/g, ''));
      if (firstRowIsHeader !== false && looksLikeHeader(names)) {
        fields = names.map((n) => CSV_FIELDS[n] ?? null);
        continue;
      }
      fields = DHIS2_COLUMNS;
      if (firstRowIsHeader === true || (firstRowIsHeader === null && (record[1] ?? '') !== '' && !isPeriodLike(record[1]))) {
        if ((record[11] ?? '') !== '') header.dataSet = record[11];
        continue;
      }
    }
    const v: RawValue = {};
    for (let i = 0; i < record.length; i++) {
      const f = i < fields.length ? fields[i] : null;
      if (record[i].includes('\u0000')) throw nulCharacterError(`line ${info.lines}.${f ?? `column ${i + 1}`}`);
      if (!f) {
        // An extra or unnamed column with something in it is not dropped: the value is refused naming it.
        if (record[i] !== '') v[`column ${i + 1}`] = record[i];
        continue;
      }
      v[f] = record[i];
    }
    yield v;
  }
}

/** Whether a cell looks like a period id of DHIS2's (digits first: 2023, 202301, 2023Q1, 2023AprilS1…). */
const isPeriodLike = (cell: string) => /^\d{4}/.test(cell.trim());

/** csv-parse's faults (an unclosed quote, a stray quote, a record too long) as a 4xx naming the line. */
async function* csvRecords<T>(records: AsyncIterable<T>, limits: ReaderLimits): AsyncGenerator<T> {
  try {
    yield* records;
  } catch (err) {
    if (err instanceof CsvError) {
      const line = err.lines ?? 0;
      if (err.code === 'CSV_MAX_RECORD_SIZE') throw tooLarge(`line ${line}`, limits.maxValueChars, { vi: `Dòng ${line}`, en: `Line ${line}` });
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
    default:
      return 'không đọc được dòng này';
  }
}

/**
 * DHIS2's XML dataValueSet, streamed: the attributes of `<dataValueSet>` fill `header` (dataSet, period,
 * orgUnit, completeDate…), each `<dataValue …/>` is one value from its attributes. Namespaces are ignored
 * (DHIS2 writes http://dhis2.org/schema/dxf/2.0). Another element, or text where none belongs, is refused
 * naming it; saxes resolves no external entity (no XXE) and refuses undefined ones.
 */
export async function* readXmlValues(chunks: AsyncIterable<string>, header: Record<string, unknown>, limits: ReaderLimits = DEFAULT_READER_LIMITS): AsyncGenerator<RawValue> {
  const parser = new SaxesParser({ position: true });
  const out: RawValue[] = [];
  let fault: AppError | null = null;
  let depth = 0;
  let seenSet = false;
  let count = 0;
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  const refuse = (vi: string, en: string) => {
    fault ??= badRequest('MALFORMED_XML', `XML không hợp lệ ở dòng ${parser.line}: ${vi}`, `Malformed XML at line ${parser.line}: ${en}`, [
      { path: `line ${parser.line}`, messageVi: vi, messageEn: en },
    ]);
  };
  parser.on('opentag', (tag) => {
    depth += 1;
    const name = local(tag.name);
    const attrs: RawValue = {};
    for (const [k, v] of Object.entries(tag.attributes as Record<string, string>)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      if (v.includes('\u0000')) fault ??= nulCharacterError(`line ${parser.line}.${k}`);
      attrs[local(k)] = v;
    }
    if (depth === 1 && name === 'dataValueSet') {
      seenSet = true;
      Object.assign(header, attrs);
    } else if (depth === 2 && name === 'dataValue') {
      if (JSON.stringify(attrs).length > limits.maxValueChars) fault ??= tooLarge(`dataValues[${count}]`, limits.maxValueChars, { vi: `Giá trị thứ ${count + 1}`, en: `Value ${count + 1}` });
      count += 1;
      out.push(attrs);
    } else if (!(depth === 2 && name === 'dataValues')) {
      refuse(`phần tử <${name}> không thuộc dataValueSet của DHIS2`, `element <${name}> is not part of a DHIS2 dataValueSet`);
    }
  });
  parser.on('closetag', () => {
    depth -= 1;
  });
  parser.on('text', (t) => {
    if (t.trim() !== '') refuse(`có chữ '${t.trim().slice(0, 40)}' ngoài thuộc tính`, `text '${t.trim().slice(0, 40)}' outside attributes`);
  });
  parser.on('error', (err) => {
    refuse(err.message, err.message);
  });
  for await (const chunk of chunks) {
    parser.write(chunk);
    if (fault) throw fault;
    for (const v of out.splice(0)) yield v;
  }
  parser.close();
  if (fault) throw fault;
  if (!seenSet) {
    throw badRequest('MALFORMED_XML', 'Thiếu phần tử gốc <dataValueSet>', 'The root element <dataValueSet> is missing', [
      { path: 'body', messageVi: 'Cần <dataValueSet>', messageEn: '<dataValueSet> is needed' },
    ]);
  }
  for (const v of out.splice(0)) yield v;
}

/**
 * ADX (IHE Aggregate Data Exchange, `application/adx+xml`), streamed: `<adx>` holds `<group orgUnit period
 * dataSet [completeDate]>` elements, each of `<dataValue dataElement value [CATEGORY="option"]>` with an optional
 * `<annotation>` (kept as the value's comment). A group's period is ADX's "first day/duration" and becomes the
 * product's period id (src/core/adx-periods.ts); one that is none stays as sent and is refused by the writer as
 * "not a period". The one category attribute a value may carry must be its element's disaggregation (`categoryOf`
 * tells it by the element's ref) and gives the option; any other attribute stays on the value and is refused
 * naming it. A group's one attribute besides these, named by an attribute category (`isAttributeCategory`: a
 * regime's attribute disaggregation), gives its values' attribute option combo; any other is kept as sent, and
 * refused as an unknown attribute option combo. Groups may name one data set; the first group's data set, and the group with completeDate, fill `header`.
 */
export async function* readAdxValues(
  chunks: AsyncIterable<string>,
  header: Record<string, unknown>,
  categoryOf: (elementRef: string) => string | null,
  limits: ReaderLimits = DEFAULT_READER_LIMITS,
  isAttributeCategory: (name: string) => boolean = () => false,
): AsyncGenerator<RawValue> {
  const parser = new SaxesParser({ position: true });
  const out: RawValue[] = [];
  let fault: AppError | null = null;
  let depth = 0;
  let seenRoot = false;
  let count = 0;
  let group: { orgUnit?: string; period?: string; extra: [string, string][] } | null = null;
  let value: RawValue | null = null;
  let annotation: string | null = null;
  let completeGroups = 0;
  const local = (name: string) => name.slice(name.indexOf(':') + 1);
  const refuse = (vi: string, en: string) => {
    fault ??= badRequest('MALFORMED_ADX', `ADX không hợp lệ ở dòng ${parser.line}: ${vi}`, `Malformed ADX at line ${parser.line}: ${en}`, [
      { path: `line ${parser.line}`, messageVi: vi, messageEn: en },
    ]);
  };
  const attributesOf = (tag: { attributes: unknown }) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes as Record<string, string>)) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
      if (v.includes('\u0000')) fault ??= nulCharacterError(`line ${parser.line}.${k}`);
      attrs[local(k)] = v;
    }
    return attrs;
  };
  parser.on('opentag', (tag) => {
    depth += 1;
    const name = local(tag.name);
    const attrs = attributesOf(tag);
    if (depth === 1 && name === 'adx') {
      seenRoot = true;
    } else if (depth === 2 && name === 'group') {
      const { orgUnit, period, dataSet, completeDate, ...extra } = attrs;
      if (dataSet !== undefined) {
        if (header.dataSet !== undefined && header.dataSet !== dataSet) {
          refuse(
            `nhóm có dataSet '${dataSet}' khác '${String(header.dataSet)}' của nhóm trước; mỗi lần gửi một chế độ báo cáo`,
            `a group's dataSet '${dataSet}' differs from '${String(header.dataSet)}' of an earlier group; send one data set per request`,
          );
        }
        header.dataSet = dataSet;
      }
      const periodId = period === undefined ? undefined : (fromAdxPeriod(period) ?? period);
      if (completeDate !== undefined) {
        completeGroups += 1;
        if (completeGroups > 1) refuse('chỉ một nhóm được có completeDate', 'only one group may carry completeDate');
        Object.assign(header, { completeDate, period: periodId, orgUnit });
      }
      group = { orgUnit, period: periodId, extra: Object.entries(extra) };
    } else if (depth === 3 && name === 'dataValue' && group) {
      const { dataElement, value: v, ...rest } = attrs;
      const raw: RawValue = { dataElement, value: v, period: group.period, orgUnit: group.orgUnit };
      if (group.extra.length === 1 && isAttributeCategory(group.extra[0][0])) raw.attributeOptionCombo = group.extra[0][1];
      else if (group.extra.length > 0) raw.attributeOptionCombo = group.extra.map(([k, v]) => `${k}=${v}`).join(';');
      const categories = Object.entries(rest);
      const expected = dataElement === undefined ? null : categoryOf(dataElement.trim());
      for (const [k, option] of categories) {
        if (categories.length === 1 && expected !== null && k === expected) raw.categoryOptionCombo = option;
        else raw[k] = option;
      }
      value = raw;
    } else if (depth === 4 && name === 'annotation' && value) {
      annotation = '';
    } else {
      refuse(`phần tử <${name}> không thuộc ADX ở chỗ này`, `element <${name}> does not belong to ADX here`);
    }
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if (depth === 4 && name === 'annotation' && value) {
      value.comment = annotation;
      annotation = null;
    } else if (depth === 3 && name === 'dataValue' && value) {
      if (JSON.stringify(value).length > limits.maxValueChars) fault ??= tooLarge(`dataValues[${count}]`, limits.maxValueChars, { vi: `Giá trị thứ ${count + 1}`, en: `Value ${count + 1}` });
      count += 1;
      out.push(value);
      value = null;
    } else if (depth === 2 && name === 'group') {
      group = null;
    }
    depth -= 1;
  });
  parser.on('text', (t) => {
    if (annotation !== null) annotation += t;
    else if (t.trim() !== '') refuse(`có chữ '${t.trim().slice(0, 40)}' ngoài thuộc tính`, `text '${t.trim().slice(0, 40)}' outside attributes`);
  });
  parser.on('error', (err) => {
    refuse(err.message, err.message);
  });
  for await (const chunk of chunks) {
    parser.write(chunk);
    if (fault) throw fault;
    for (const v of out.splice(0)) yield v;
  }
  parser.close();
  if (fault) throw fault;
  if (!seenRoot) {
    throw badRequest('MALFORMED_ADX', 'Thiếu phần tử gốc <adx>', 'The root element <adx> is missing', [{ path: 'body', messageVi: 'Cần <adx>', messageEn: '<adx> is needed' }]);
  }
  for (const v of out.splice(0)) yield v;
}
