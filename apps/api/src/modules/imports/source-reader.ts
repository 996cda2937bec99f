import chardet from 'chardet';
import { parse } from 'csv-parse';
import type ExcelJS from 'exceljs';
import { fileTypeFromBuffer } from 'file-type';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import { crc32, createInflateRaw } from 'node:zlib';
import { ImportException, ImportFileError, ImportRowError } from './import.errors.js';

export type SourceFormat = 'csv' | 'xlsx' | 'json';
export type CellValue = string | string[];

export interface RowIssue {
  code: ImportRowError;
  column: string | null;
  message: string;
}

export interface SourceRecord {
  /** Spreadsheet row number (the header is row 1); for JSON, the record's position (1-based). */
  row: number;
  values: Map<string, CellValue>;
  issues: RowIssue[];
}

export interface SourceTable {
  format: SourceFormat;
  encoding: string | null;
  delimiter: string | null;
  headers: string[];
  records: SourceRecord[];
  /** XLSX: the workbook's worksheets, in order (the one read is `limits.sheet`, else the first). */
  sheets?: string[];
  /** XLSX: the worksheet read. */
  sheet?: string;
}

export interface ReadLimits {
  maxRows: number;
  /** XLSX: the largest total uncompressed size of the archive's entries. */
  maxUncompressedBytes: number;
  maxEntries: number;
  sheet?: string;
  delimiter?: string;
}

const EXTENSIONS: Record<string, SourceFormat> = { csv: 'csv', tsv: 'csv', txt: 'csv', xlsx: 'xlsx', json: 'json' };
const DELIMITERS = [',', ';', '\t', '|'];

/** The format the file name promises; anything else is refused (415). */
export function formatFromName(fileName: string): SourceFormat {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  const format = ext ? EXTENSIONS[ext] : undefined;
  if (!format) throw new ImportException(ImportFileError.UnsupportedType, 'Only .csv, .tsv, .txt, .xlsx and .json files can be imported', { fileName: fileName.slice(0, 100) });
  return format;
}

/** Reads an upload whose bytes must match the format its name promises (magic bytes, not the name). */
export async function readSource(buffer: Buffer, fileName: string, limits: ReadLimits): Promise<SourceTable> {
  const format = formatFromName(fileName);
  if (buffer.length === 0) throw new ImportException(ImportFileError.FileEmpty, 'The file is empty');
  const detected = await fileTypeFromBuffer(buffer.subarray(0, 64 * 1024));
  if (format === 'xlsx') {
    // Streaming writers (exceljs among them) may put [Content_Types].xml late: file-type then says "zip".
    const workbookZip = detected?.ext === 'zip' && zipEntryNames(buffer).includes('xl/workbook.xml');
    if (detected?.ext !== 'xlsx' && !workbookZip) {
      throw new ImportException(ImportFileError.UnsupportedType, `The file is not an XLSX workbook (content: ${detected?.mime ?? 'unknown'})`, { expected: 'xlsx', detected: detected?.mime ?? null });
    }
    return readXlsx(buffer, limits);
  }
  const utf16 = bomEncoding(buffer)?.startsWith('utf-16');
  if ((detected && !utf16) || (!utf16 && buffer.subarray(0, 8192).includes(0))) {
    throw new ImportException(ImportFileError.UnsupportedType, `The file is not a text (${format.toUpperCase()}) file (content: ${detected?.mime ?? 'binary'})`, {
      expected: format,
      detected: detected?.mime ?? 'application/octet-stream',
    });
  }
  const { text, encoding } = decodeText(buffer);
  if (text.trim() === '') throw new ImportException(ImportFileError.FileEmpty, 'The file contains no data');
  return format === 'json' ? readJson(text, encoding, limits) : readCsv(text, encoding, limits);
}

// ---------------------------------------------------------------------------------------- text

function bomEncoding(buffer: Buffer): string | null {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf) return 'utf-8-bom';
  if (buffer[0] === 0xff && buffer[1] === 0xfe) return 'utf-16le';
  if (buffer[0] === 0xfe && buffer[1] === 0xff) return 'utf-16be';
  return null;
}

/** 1-based line of a byte offset. */
function lineAt(buffer: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < buffer.length; i++) if (buffer[i] === 0x0a) line++;
  return line;
}

/**
 * Scans UTF-8: the offset of the first invalid sequence (or -1), and whether any well-formed
 * multi-byte sequence occurs (which tells "UTF-8 with errors" from "a legacy 8-bit encoding").
 */
export function scanUtf8(buffer: Buffer, start = 0): { firstInvalid: number; multibyte: boolean } {
  let multibyte = false;
  let firstInvalid = -1;
  let i = start;
  while (i < buffer.length) {
    const b = buffer[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    let ok = need > 0 && i + need < buffer.length + 0;
    let cp = need === 1 ? b & 0x1f : need === 2 ? b & 0x0f : b & 0x07;
    for (let k = 1; ok && k <= need; k++) {
      const c = buffer[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (c & 0x3f);
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) {
      if (firstInvalid < 0) firstInvalid = i;
      i++;
      continue;
    }
    multibyte = true;
    i += need + 1;
  }
  return { firstInvalid, multibyte };
}

const FRENCH_LETTERS = /[àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔÙÛÜŒ’«»]/g;

/**
 * UTF-8 (with or without BOM) and UTF-16 by BOM; otherwise a legacy 8-bit encoding: Windows-1256
 * for Arabic, else Windows-1252 or Mac Roman, whichever yields more French/Latin letters. A file
 * that has a UTF-8 BOM, or valid UTF-8 multi-byte sequences, and also invalid bytes is refused.
 */
export function decodeText(buffer: Buffer): { text: string; encoding: string } {
  const bom = bomEncoding(buffer);
  if (bom === 'utf-16le' || bom === 'utf-16be') {
    if ((buffer.length - 2) % 2 !== 0) throw new ImportException(ImportFileError.InvalidEncoding, 'The file starts with a UTF-16 byte-order mark but has an odd number of bytes');
    return { text: iconv.decode(buffer.subarray(2), bom), encoding: bom };
  }
  const start = bom ? 3 : 0;
  const { firstInvalid, multibyte } = scanUtf8(buffer, start);
  if (firstInvalid < 0) return { text: buffer.subarray(start).toString('utf8'), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  const line = lineAt(buffer, firstInvalid);
  if (bom) {
    throw new ImportException(ImportFileError.InvalidEncoding, `The file is marked UTF-8 but has an invalid byte sequence on line ${line}`, { line, byteOffset: firstInvalid });
  }
  if (multibyte) {
    throw new ImportException(ImportFileError.MixedEncoding, `The file mixes UTF-8 with another encoding (first non-UTF-8 byte on line ${line})`, { line, byteOffset: firstInvalid });
  }
  const guesses = chardet.analyse(buffer).map((g) => g.name.toLowerCase());
  const arabic = guesses.slice(0, 3).some((n) => n === 'windows-1256' || n === 'iso-8859-6');
  if (arabic) return { text: iconv.decode(buffer, 'windows-1256'), encoding: 'windows-1256' };
  const score = (text: string) => (text.match(FRENCH_LETTERS)?.length ?? 0) - (text.match(/[\u0080-\u009f\u00a0-\u00bf\u2020-\u2030\u0192\u02c6\u02dc\u2122\u221a-\u22ff\uf8ff]/g)?.length ?? 0);
  const cp1252 = iconv.decode(buffer, 'windows-1252');
  const mac = iconv.decode(buffer, 'macintosh');
  return score(mac) > score(cp1252) ? { text: mac, encoding: 'macintosh' } : { text: cp1252, encoding: 'windows-1252' };
}

// ----------------------------------------------------------------------------------------- CSV

/** Counts a delimiter outside double quotes in one line. */
function countOutsideQuotes(line: string, delimiter: string): number {
  let n = 0;
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === delimiter) n++;
  }
  return n;
}

/** The delimiter among , ; tab | that splits the header and the next lines most consistently. */
export function detectDelimiter(text: string): string | null {
  const lines = text.split(/\r?\n/, 30).filter((l) => l.trim() !== '');
  const header = lines[0] ?? '';
  let best: { d: string; score: number } | null = null;
  for (const d of DELIMITERS) {
    const h = countOutsideQuotes(header, d);
    if (h === 0) continue;
    const consistent = lines.slice(1).filter((l) => countOutsideQuotes(l, d) === h).length;
    const score = consistent * 1000 + h;
    if (!best || score > best.score) best = { d, score };
  }
  return best?.d ?? null;
}

async function readCsv(text: string, encoding: string, limits: ReadLimits): Promise<SourceTable> {
  const delimiter = limits.delimiter ?? detectDelimiter(text);
  if (!delimiter) {
    throw new ImportException(ImportFileError.DelimiterNotDetected, 'No column delimiter (comma, semicolon, tab or vertical bar) was found in the header line', { line: 1 });
  }
  const parser = Readable.from([text]).pipe(
    parse({ delimiter, bom: true, relax_column_count: true, skip_empty_lines: true, trim: false, max_record_size: 1_000_000 }),
  );
  let headers: string[] | null = null;
  const records: SourceRecord[] = [];
  let row = 1;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (!headers) {
        headers = fields.map((h) => h.trim());
        if (headers.length < 2 && !limits.delimiter) {
          throw new ImportException(ImportFileError.DelimiterNotDetected, 'The header line has a single column: the delimiter is not one of , ; tab |', { line: 1 });
        }
        continue;
      }
      row++;
      if (records.length >= limits.maxRows) {
        parser.destroy();
        throw new ImportException(ImportFileError.TooManyRows, `The file has more than ${limits.maxRows} rows`, { maxRows: limits.maxRows });
      }
      const values = new Map<string, CellValue>();
      const issues: RowIssue[] = [];
      if (fields.length !== headers.length) {
        issues.push({ code: ImportRowError.ColumnCount, column: null, message: `Row has ${fields.length} cells for ${headers.length} columns` });
      }
      headers.forEach((h, i) => values.set(h, fields[i] ?? ''));
      records.push({ row, values, issues });
    }
  } catch (error) {
    if (error instanceof ImportException) throw error;
    const e = error as { code?: string; lines?: number; message?: string };
    const line = e.lines ?? null;
    const reason = e.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed' : e.code === 'CSV_INVALID_CLOSING_QUOTE' ? 'a quote is followed by text inside a cell' : 'the CSV structure is invalid';
    throw new ImportException(ImportFileError.MalformedCsv, `Malformed CSV${line ? ` near line ${line}` : ''}: ${reason}`, { line, reason: e.code ?? 'CSV_INVALID' });
  }
  if (!headers) throw new ImportException(ImportFileError.FileEmpty, 'The file contains no data');
  if (records.length === 0) throw new ImportException(ImportFileError.HeaderOnly, 'The file has a header line but no data rows');
  checkHeaders(headers);
  return { format: 'csv', encoding, delimiter, headers, records };
}

function checkHeaders(headers: string[]): void {
  const seen = new Set<string>();
  for (const h of headers) {
    if (h !== '' && seen.has(h)) throw new ImportException(ImportFileError.MappingInvalid, `Two columns have the same name: ${h.slice(0, 100)}`, { column: h.slice(0, 100) });
    seen.add(h);
  }
}

// ---------------------------------------------------------------------------------------- JSON

async function readJson(text: string, encoding: string, limits: ReadLimits): Promise<SourceTable> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ImportException(ImportFileError.MalformedJson, `The file is not valid JSON: ${(error as Error).message.slice(0, 120)}`);
  }
  const list = Array.isArray(data) ? data : typeof data === 'object' && data !== null && Array.isArray((data as { data?: unknown }).data) ? (data as { data: unknown[] }).data : null;
  if (!list) throw new ImportException(ImportFileError.MalformedJson, 'Expected a JSON array of records (or an object with a "data" array)');
  if (list.length === 0) throw new ImportException(ImportFileError.HeaderOnly, 'The file contains no records');
  if (list.length > limits.maxRows) throw new ImportException(ImportFileError.TooManyRows, `The file has more than ${limits.maxRows} records`, { maxRows: limits.maxRows });
  const headers = new Set<string>();
  const records: SourceRecord[] = list.map((item, index) => {
    const values = new Map<string, CellValue>();
    const issues: RowIssue[] = [];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      issues.push({ code: ImportRowError.ColumnCount, column: null, message: 'The record is not a JSON object' });
    } else {
      for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
        headers.add(key);
        if (value === null || value === undefined) values.set(key, '');
        else if (Array.isArray(value)) values.set(key, value.filter((v) => v !== null && v !== undefined).map((v) => (typeof v === 'object' ? labelOf(v) : String(v))));
        else values.set(key, typeof value === 'object' ? labelOf(value) : String(value));
      }
    }
    return { row: index + 1, values, issues };
  });
  return { format: 'json', encoding, delimiter: null, headers: [...headers], records };
}

/** UHRI sometimes nests labels as `{ "Name": "…" }`. */
function labelOf(value: object): string {
  const v = value as Record<string, unknown>;
  for (const key of ['Name', 'name', 'Title', 'title', 'Label', 'label', 'Code', 'code']) if (typeof v[key] === 'string') return v[key] as string;
  return '';
}

// ---------------------------------------------------------------------------------------- XLSX

/**
 * Reads the ZIP central directory (without inflating anything) and refuses archives whose
 * declared uncompressed size, entry count or compression ratio is out of bounds: a zip bomb is
 * rejected before expansion. ZIP64 archives are refused (a spreadsheet never needs them).
 */
export interface ZipEntry {
  name: string;
  offset: number;
  compressed: number;
  size: number;
  method: number;
}

export function inspectZip(
  buffer: Buffer,
  limits: Pick<ReadLimits, 'maxUncompressedBytes' | 'maxEntries'>,
  names?: string[],
  entries?: ZipEntry[],
  /** The CRC-32 of each entry, in the order of `entries`. */
  crcs?: number[],
): { entries: number; uncompressed: number } {
  const reject = (message: string, details: Record<string, unknown> = {}) => {
    throw new ImportException(ImportFileError.ArchiveRejected, message, details);
  };
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) reject('The workbook is not a readable ZIP archive');
  const count = buffer.readUInt16LE(eocd + 10);
  const cdSize = buffer.readUInt32LE(eocd + 12);
  const cdOffset = buffer.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) reject('ZIP64 workbooks are not accepted');
  if (count > limits.maxEntries) reject(`The workbook has ${count} entries (at most ${limits.maxEntries})`, { entries: count });
  if (cdOffset + cdSize > buffer.length) reject('The workbook ZIP directory is truncated');
  let p = cdOffset;
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buffer.length || buffer.readUInt32LE(p) !== 0x02014b50) reject('The workbook ZIP directory is corrupt');
    const compressed = buffer.readUInt32LE(p + 20);
    const size = buffer.readUInt32LE(p + 24);
    if (size === 0xffffffff || compressed === 0xffffffff) reject('ZIP64 workbooks are not accepted');
    total += size;
    if (total > limits.maxUncompressedBytes) reject(`The workbook expands to more than ${limits.maxUncompressedBytes} bytes`, { maxUncompressedBytes: limits.maxUncompressedBytes });
    if (size > 1_000_000 && compressed > 0 && size / compressed > 200) reject('The workbook has an entry compressed more than 200:1 (zip bomb)', { ratio: Math.round(size / compressed) });
    const entryName = buffer.toString('utf8', p + 46, p + 46 + buffer.readUInt16LE(p + 28));
    names?.push(entryName);
    entries?.push({ name: entryName, offset: buffer.readUInt32LE(p + 42), compressed, size, method: buffer.readUInt16LE(p + 10) });
    crcs?.push(buffer.readUInt32LE(p + 16));
    p += 46 + buffer.readUInt16LE(p + 28) + buffer.readUInt16LE(p + 30) + buffer.readUInt16LE(p + 32);
  }
  return { entries: count, uncompressed: total };
}

/** Entry names from the ZIP central directory (empty when it cannot be read). */
function zipEntryNames(buffer: Buffer): string[] {
  try {
    const names: string[] = [];
    inspectZip(buffer, { maxUncompressedBytes: Number.MAX_SAFE_INTEGER, maxEntries: 100_000 }, names);
    return names;
  } catch {
    return [];
  }
}

const columnLetters = (index: number): string => {
  let s = '';
  for (let n = index; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** A cell's text; formula cells are refused (their cached result could be stale or crafted). */
function cellText(value: ExcelJS.CellValue): { text: string; formula: boolean } {
  if (value === null || value === undefined) return { text: '', formula: false };
  if (typeof value === 'string') return { text: value, formula: false };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value), formula: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), formula: false };
  const v = value as unknown as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) return { text: '', formula: true };
  if (Array.isArray(v['richText'])) return { text: (v['richText'] as Array<{ text: string }>).map((r) => r.text).join(''), formula: false };
  if (typeof v['text'] === 'string') return { text: v['text'] as string, formula: false };
  if ('error' in v) return { text: '', formula: false };
  return { text: '', formula: false };
}

const archiveRejected = (message: string, details: Record<string, unknown>) => new ImportException(ImportFileError.ArchiveRejected, message, details);

/**
 * Inflates one entry as a stream, counting the bytes it really produces: past `budget` the
 * inflation stops at once (the declared sizes of a ZIP are never trusted for memory).
 */
function inflateBounded(data: Buffer, budget: number, onExcess: () => ImportException, onCorrupt: () => ImportException): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: ImportException | null) => {
      if (settled) return;
      settled = true;
      if (error) {
        chunks.length = 0;
        inflate.destroy();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    inflate.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > budget) settle(onExcess());
      else chunks.push(chunk);
    });
    inflate.on('error', () => settle(onCorrupt()));
    inflate.on('end', () => settle(null));
    inflate.end(data);
  });
}

/**
 * Every entry of the archive, inflated under byte budgets: an entry may not produce more than its
 * declared size (nor more than the archive's total budget), and the archive as a whole no more
 * than `maxUncompressedBytes`, counted on the bytes really produced. The first excess stops
 * everything: 422 `import.archive_rejected` naming the entry. CRCs are checked.
 */
export async function extractZip(buffer: Buffer, limits: Pick<ReadLimits, 'maxUncompressedBytes' | 'maxEntries'>): Promise<Map<string, Buffer>> {
  const entries: ZipEntry[] = [];
  const crcs: number[] = [];
  inspectZip(buffer, limits, undefined, entries, crcs);
  const out = new Map<string, Buffer>();
  let total = 0;
  for (const [index, entry] of entries.entries()) {
    const local = entry.offset;
    if (local + 30 > buffer.length || buffer.readUInt32LE(local) !== 0x04034b50) throw archiveRejected('The workbook ZIP archive is corrupt', { entry: entry.name.slice(0, 200) });
    const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    if (start + entry.compressed > buffer.length) throw archiveRejected('The workbook ZIP archive is truncated', { entry: entry.name.slice(0, 200) });
    const data = buffer.subarray(start, start + entry.compressed);
    const remaining = limits.maxUncompressedBytes - total;
    const budget = Math.min(entry.size, remaining);
    const excess = () =>
      entry.size <= remaining
        ? archiveRejected(`The workbook entry ${entry.name.slice(0, 200)} expands beyond its declared size (${entry.size} bytes)`, { entry: entry.name.slice(0, 200), declaredBytes: entry.size })
        : archiveRejected(`The workbook expands to more than ${limits.maxUncompressedBytes} bytes`, { entry: entry.name.slice(0, 200), maxUncompressedBytes: limits.maxUncompressedBytes });
    const corrupt = () => archiveRejected(`The workbook entry ${entry.name.slice(0, 200)} cannot be inflated`, { entry: entry.name.slice(0, 200) });
    let content: Buffer;
    if (entry.method === 0) {
      if (data.length > budget) throw excess();
      content = data;
    } else if (entry.method === 8) {
      content = await inflateBounded(data, budget, excess, corrupt);
    } else {
      throw archiveRejected(`The workbook entry ${entry.name.slice(0, 200)} uses an unsupported compression method`, { entry: entry.name.slice(0, 200), method: entry.method });
    }
    if (crc32(content) !== crcs[index]) throw corrupt();
    total += content.length;
    out.set(entry.name, content);
  }
  return out;
}

/** A ZIP of stored (uncompressed) entries: what exceljs reads once every entry has been verified. */
export function storedZip(entries: Map<string, Buffer>): Buffer {
  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [entryName, data] of entries) {
    const name = Buffer.from(entryName, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    parts.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.size, 8);
  end.writeUInt16LE(entries.size, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

/**
 * XLSX: the archive is checked (declared sizes, entries, ratio), then every entry is inflated as
 * a stream under byte budgets (the real sizes, never the declared ones, bound the memory); the
 * sheets' rows are counted on the raw XML before the workbook is parsed (a million-row sheet is
 * refused without building it). exceljs then reads a stored (uncompressed) copy of the verified
 * entries: it inflates nothing itself. Its streaming reader decodes UTF-8 chunk by chunk and can
 * split a multi-byte character at a chunk boundary, so the workbook is parsed whole (bounded by the checks).
 */
async function readXlsx(buffer: Buffer, limits: ReadLimits): Promise<SourceTable> {
  let entries: Map<string, Buffer> | null = await extractZip(buffer, limits);
  for (const [name, xml] of entries) {
    if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
    let rows = 0;
    for (let i = xml.indexOf('<row'); i >= 0; i = xml.indexOf('<row', i + 4)) {
      const next = xml[i + 4];
      if (next === 0x20 || next === 0x3e || next === 0x2f) rows++;
      if (rows > limits.maxRows + 1) throw new ImportException(ImportFileError.TooManyRows, `The workbook has more than ${limits.maxRows} rows`, { maxRows: limits.maxRows });
    }
  }
  const verified = storedZip(entries);
  entries = null;
  // Loaded on first use: the import worker then starts without it for CSV and JSON files.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(verified as unknown as ArrayBuffer);
  } catch {
    throw new ImportException(ImportFileError.UnsupportedType, 'The workbook cannot be read', { detected: 'xlsx' });
  }
  const ws = limits.sheet ? workbook.getWorksheet(limits.sheet) : workbook.worksheets[0];
  if (!ws) throw new ImportException(ImportFileError.MappingInvalid, limits.sheet ? `The workbook has no sheet named ${limits.sheet}` : 'The workbook has no worksheet');
  let headers: string[] | null = null;
  const records: SourceRecord[] = [];
  ws.eachRow({ includeEmpty: false }, (row) => {
    const cells: Array<{ text: string; formula: boolean }> = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    if (!headers) {
      headers = Array.from(cells, (c) => (c?.text ?? '').trim());
      return;
    }
    if (cells.every((c) => !c || (c.text.trim() === '' && !c.formula))) return;
    if (records.length >= limits.maxRows) throw new ImportException(ImportFileError.TooManyRows, `The workbook has more than ${limits.maxRows} rows`, { maxRows: limits.maxRows });
    const values = new Map<string, CellValue>();
    const issues: RowIssue[] = [];
    const hs = headers as string[];
    hs.forEach((h, i) => {
      const c = cells[i];
      values.set(h, c?.text ?? '');
      if (c?.formula) issues.push({ code: ImportRowError.FormulaCell, column: h || columnLetters(i + 1), message: `Cell ${columnLetters(i + 1)}${row.number} holds a formula; formulas are not imported` });
    });
    for (let i = hs.length; i < cells.length; i++) {
      if (cells[i] && (cells[i]!.text !== '' || cells[i]!.formula)) {
        issues.push({ code: ImportRowError.ColumnCount, column: columnLetters(i + 1), message: `Cell ${columnLetters(i + 1)}${row.number} is outside the header's columns` });
        break;
      }
    }
    records.push({ row: row.number, values, issues });
  });
  if (!headers) throw new ImportException(ImportFileError.FileEmpty, 'The worksheet is empty');
  if (records.length === 0) throw new ImportException(ImportFileError.HeaderOnly, 'The worksheet has a header row but no data rows');
  checkHeaders(headers);
  return { format: 'xlsx', encoding: null, delimiter: null, headers, records, sheets: workbook.worksheets.map((w) => w.name), sheet: ws.name };
}
