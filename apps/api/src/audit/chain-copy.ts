import type { AuditChainLink } from '@sidh/domain';
import type { ChainEventRow } from './chain.js';

/**
 * The audit chain read with `COPY (SELECT …) TO STDOUT` (text format) instead of pg's row parser
 * (docs/decisions/0007-audit-verification-speed.md): PostgreSQL writes each event as one line of
 * tab-separated fields, and the lines are split here. Pure (no database, no Nest): the API's
 * reader and the verdict worker (`chain-verdict.worker.ts`) parse the same bytes with it.
 *
 * PostgreSQL's COPY text format: fields separated by a tab, lines ended by a newline, `\N` alone is
 * null, and a backslash escapes: `\b \f \n \r \t \v`, `\\`, `\` + 1–3 octal digits or `\x` + 1–2
 * hex digits (a byte), and `\` + any other character is that character (a tab or newline after a
 * backslash is data, not a separator). COPY TO only writes `\b \f \n \r \t \v \\`; the rest is
 * read exactly as COPY FROM reads it all the same.
 */

/**
 * The columns of one line, in the order of `CHAIN_COPY_FIELDS`: what the ordered walk reads
 * first (`AuditChainLink`), so that the API's thread can read just those when the verdict workers
 * read the rest. Builtins are schema-qualified so that no function of the database's owner is called.
 */
export const CHAIN_COPY_COLUMNS = `e.id::text, e.prev_hash, e.hash, e.event_key::text, e.mac,
              pg_catalog.to_char(e.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
              e.actor_id::text, e.actor_role, e.actor_institution_id::text, e.action, e.entity_type, e.entity_id,
              e.changes::text, e.request_id, e.ip, e.tx_id::text`;

export const CHAIN_COPY_FIELDS = [
  'id',
  'prevHash',
  'hash',
  'eventKey',
  'mac',
  'occurredAt',
  'actorId',
  'actorRole',
  'actorInstitutionId',
  'action',
  'entityType',
  'entityId',
  'changes',
  'requestId',
  'ip',
  'txId',
] as const satisfies readonly (keyof ChainEventRow)[];

/** The fields of `AuditChainLink`: the first five of a line. */
const LINK_FIELDS = 5;
const FIELDS = CHAIN_COPY_FIELDS.length;
const BACKSLASH = 92;
const NEWLINE = 10;

/** A byte escape (`\` + octal digit, or `\x` + hex digit): then the field is unescaped as bytes. */
const BYTE_ESCAPE = /\\(?:[0-7]|x[0-9a-fA-F])/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Whether the character at `at` is escaped, i.e. preceded by an odd run of backslashes starting at or after `from`. */
function escaped(text: string, at: number, from: number): boolean {
  let k = at - 1;
  while (k >= from && text.charCodeAt(k) === BACKSLASH) k -= 1;
  return (at - 1 - k) % 2 === 1;
}

const SIMPLE: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
const isOctal = (c: number) => c >= 48 && c <= 55;
const hexValue = (c: number) => (c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1);

/** One field's text with COPY's escapes undone (the field `\N`, null, is told apart by the caller). */
export function unescapeCopyText(field: string): string {
  if (field.indexOf('\\') < 0) return field;
  if (BYTE_ESCAPE.test(field)) return unescapeBytes(field);
  let out = '';
  let last = 0;
  for (let i = field.indexOf('\\'); i >= 0; i = field.indexOf('\\', last)) {
    out += field.slice(last, i);
    // A lone backslash at the very end is dropped, as PostgreSQL's field reader does.
    if (i + 1 >= field.length) return out;
    const c = field[i + 1]!;
    out += SIMPLE[c] ?? c;
    last = i + 2;
  }
  return out + field.slice(last);
}

/** The field as bytes (octal and hex escapes are bytes), then decoded as UTF-8: invalid UTF-8 is refused, as PostgreSQL refuses it. */
function unescapeBytes(field: string): string {
  const source = Buffer.from(field, 'utf8');
  const out = Buffer.alloc(source.length);
  let n = 0;
  for (let i = 0; i < source.length; ) {
    const c = source[i]!;
    if (c !== BACKSLASH) {
      out[n++] = c;
      i += 1;
      continue;
    }
    if (i + 1 >= source.length) break;
    const e = source[i + 1]!;
    if (isOctal(e)) {
      let value = e - 48;
      let j = i + 2;
      for (; j < i + 4 && j < source.length && isOctal(source[j]!); j += 1) value = value * 8 + source[j]! - 48;
      out[n++] = value & 0o377;
      i = j;
    } else if (e === 120 && i + 2 < source.length && hexValue(source[i + 2]!) >= 0) {
      let value = hexValue(source[i + 2]!);
      let j = i + 3;
      if (j < source.length && hexValue(source[j]!) >= 0) value = value * 16 + hexValue(source[j++]!);
      out[n++] = value;
      i = j;
    } else {
      const simple = SIMPLE[String.fromCharCode(e)];
      out[n++] = simple ? simple.charCodeAt(0) : e;
      i += 2;
    }
  }
  return utf8.decode(out.subarray(0, n));
}

/** A field's text as COPY TO writes it (the tests' encoder). */
export function escapeCopyText(value: string | null): string {
  if (value === null) return '\\N';
  return /[\\\b\f\n\r\t\v]/.test(value) ? value.replace(/[\\\b\f\n\r\t\v]/g, (c) => ESCAPE[c]!) : value;
}
const ESCAPE: Record<string, string> = { '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** One event as a COPY text line, newline included. */
export function chainCopyLine(row: ChainEventRow): string {
  let line = '';
  for (let k = 0; k < FIELDS; k += 1) line += (k ? '\t' : '') + escapeCopyText(row[CHAIN_COPY_FIELDS[k]!]);
  return line + '\n';
}

/** Thrown for text that is not lines of the chain's 16 columns (never PostgreSQL's own output). */
export class ChainCopyFormatError extends Error {}

/**
 * Splits complete COPY lines (each ended by a newline) into their first `wanted` fields, calling
 * `each` with them per line; all 16 are checked to be there only when all are wanted. The usual
 * line (no backslash) is split with `indexOf`, its fields kept as slices of the text.
 */
function splitLines(text: string, wanted: number, f: (string | null)[], each: () => void): void {
  let pos = 0;
  const n = text.length;
  // The next backslash at or after `pos` (-1: none left): searched once per backslash, not once per line.
  let backslash = text.indexOf('\\');
  while (pos < n) {
    if (backslash >= 0 && backslash < pos) backslash = text.indexOf('\\', pos);
    let end = text.indexOf('\n', pos);
    // A newline after an odd run of backslashes is data (`\` + newline): the line goes on.
    while (end >= 0 && text.charCodeAt(end - 1) === BACKSLASH && escaped(text, end, pos)) end = text.indexOf('\n', end + 1);
    if (end < 0) throw new ChainCopyFormatError('audit chain: a COPY line without its end');
    const simple = backslash < 0 || backslash > end;
    let start = pos;
    for (let k = 0; k < wanted; k += 1) {
      let stop: number;
      if (k === FIELDS - 1) {
        stop = end;
        // No unescaped tab may remain in the last field: that would be a 17th field.
        for (let t = text.indexOf('\t', start); t >= 0 && t < end; t = text.indexOf('\t', t + 1))
          if (simple || !escaped(text, t, start)) throw new ChainCopyFormatError('audit chain: a COPY line with too many fields');
      } else {
        stop = text.indexOf('\t', start);
        if (!simple) while (stop >= 0 && stop < end && text.charCodeAt(stop - 1) === BACKSLASH && escaped(text, stop, start)) stop = text.indexOf('\t', stop + 1);
        if (stop < 0 || stop > end) throw new ChainCopyFormatError('audit chain: a COPY line with too few fields');
      }
      if (simple) f[k] = text.slice(start, stop);
      else {
        const raw = text.slice(start, stop);
        f[k] = raw === '\\N' ? null : unescapeCopyText(raw);
      }
      start = stop + 1;
    }
    each();
    pos = end + 1;
  }
}

/** The events of `text` (complete COPY lines), appended to `out`. */
export function parseChainCopyText(text: string, out: ChainEventRow[] = []): ChainEventRow[] {
  const f: (string | null)[] = new Array(FIELDS);
  splitLines(text, FIELDS, f, () => {
    out.push({
      id: f[0]!,
      occurredAt: f[5]!,
      actorId: f[6]!,
      actorRole: f[7]!,
      actorInstitutionId: f[8]!,
      action: f[9]!,
      entityType: f[10]!,
      entityId: f[11]!,
      changes: f[12]!,
      requestId: f[13]!,
      ip: f[14]!,
      txId: f[15]!,
      prevHash: f[1]!,
      hash: f[2]!,
      eventKey: f[3]!,
      mac: f[4]!,
    } as ChainEventRow);
  });
  return out;
}

/** Only what the ordered walk reads of each event of `text` (the rest of each line is left to the verdict workers). */
export function parseChainCopyLinks(text: string): AuditChainLink[] {
  const out: AuditChainLink[] = [];
  const f: (string | null)[] = new Array(LINK_FIELDS);
  splitLines(text, LINK_FIELDS, f, () => {
    out.push({ id: f[0]!, prevHash: f[1]!, hash: f[2]!, eventKey: f[3], mac: f[4] } as AuditChainLink);
  });
  return out;
}

/**
 * Cuts a COPY byte stream into segments of whole lines (at the last newline byte: a UTF-8
 * character never contains one), each in an ArrayBuffer of its own so it can be transferred to
 * a worker thread.
 */
export class CopySegmenter {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly segmentBytes: number) {}

  /** The bytes taken; a segment when at least `segmentBytes` of whole lines are held. */
  push(chunk: Buffer): Uint8Array | null {
    this.chunks.push(chunk);
    this.size += chunk.length;
    return this.size >= this.segmentBytes ? this.cut(false) : null;
  }

  /** What is left at the end of the stream (must be whole lines), or null. */
  end(): Uint8Array | null {
    return this.size ? this.cut(true) : null;
  }

  private cut(final: boolean): Uint8Array | null {
    const whole = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      whole.set(c, at);
      at += c.length;
    }
    const last = whole.lastIndexOf(NEWLINE);
    const keep = last + 1;
    if (final && keep !== whole.length) throw new ChainCopyFormatError('audit chain: the COPY output ends inside a line');
    if (keep === 0) {
      this.chunks = [Buffer.from(whole.buffer)];
      return null;
    }
    const rest = whole.length - keep;
    this.chunks = rest ? [Buffer.from(whole.slice(keep))] : [];
    this.size = rest;
    return rest ? whole.slice(0, keep) : whole;
  }
}

/** The text of a segment (UTF-8). */
export const segmentText = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');


/**
 * A run of the chain as the reader hands it over: its links (what the ordered walk reads), every
 * field on demand, and, when read with COPY, the text's bytes in an ArrayBuffer of their own (for a
 * verdict worker: transferred, after which `bytes` is unusable here; `rows()` reads the text).
 */
export class ChainSegment {
  private parsed: ChainEventRow[] | null;

  private constructor(
    readonly bytes: Uint8Array | null,
    private readonly text: string | null,
    readonly links: readonly AuditChainLink[],
    rows: ChainEventRow[] | null,
  ) {
    this.parsed = rows;
  }

  /** Whole COPY lines: their links are read now (the reader's keyset needs the last id), the rest when asked. */
  static ofCopy(bytes: Uint8Array): ChainSegment {
    const text = segmentText(bytes);
    return new ChainSegment(bytes, text, parseChainCopyLinks(text), null);
  }

  static ofRows(rows: ChainEventRow[]): ChainSegment {
    return new ChainSegment(null, null, rows, rows);
  }

  /** Every field of every event. */
  rows(): ChainEventRow[] {
    return (this.parsed ??= parseChainCopyText(this.text!));
  }
}
