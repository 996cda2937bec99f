import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';
import { once, type EventEmitter } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import {
  EXCHANGE_CODE_FIELDS,
  EXCHANGE_COLUMNS as EXPORT_COLUMNS,
  EXCHANGE_HEADERS,
  EXCHANGE_LIST_SEPARATOR as EXPORT_LIST_SEPARATOR,
  EXCHANGE_VALUE_LABELS,
  type ExchangeField,
  type ExchangeLang,
} from '@sidh/domain';
import { AccessService, type Scope } from '../../access/index.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { AppConfig } from '../../config/app-config.js';
import type { RecommendationExportQueryDto, RecommendationFilter } from './dto/recommendation-query.dto.js';
import { neutralizeCell } from './export-cells.js';
import { loadExportNames, type ExportNames } from './export-labels.js';
import { RecommendationsRepository, type ExportLang, type RecommendationExportRow } from './recommendations.repository.js';

export type { ExportLang };
const BATCH = 500;
/** Seconds a refused export is told to wait (an export of the whole catalogue takes a few seconds). */
const RETRY_AFTER_SECONDS = 5;

/** Where the file goes: an HTTP response (its headers, then the body), or any stream with headers. */
export interface ExportDestination extends Writable {
  setHeader(name: string, value: string): unknown;
  /** An HTTP response's: once true, an error can no longer be answered, only cut short. */
  readonly headersSent?: boolean;
}

/**
 * An export refused because too many run: 429 `common.too_many_requests` when the caller already
 * runs EXPORT_MAX_CONCURRENT, 503 `common.service_unavailable` when the process runs
 * EXPORT_MAX_CONCURRENT_TOTAL. The controller turns `retryAfterSeconds` into `Retry-After`.
 */
export class ExportBusyException extends AppException {
  private constructor(status: HttpStatus, code: typeof ErrorCode.TooManyRequests | typeof ErrorCode.ServiceUnavailable, message: string) {
    super(status, code, message, { retryAfterSeconds: RETRY_AFTER_SECONDS });
  }

  static perUser(): ExportBusyException {
    return new ExportBusyException(HttpStatus.TOO_MANY_REQUESTS, ErrorCode.TooManyRequests, 'You already run as many exports as allowed; try again when one ends');
  }

  static total(): ExportBusyException {
    return new ExportBusyException(HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.ServiceUnavailable, 'Too many exports are running; try again shortly');
  }

  get retryAfterSeconds(): number {
    return RETRY_AFTER_SECONDS;
  }
}

/** Export slots of this process: at most `perUser` per user and `total` overall, taken and freed synchronously. */
export class ExportSlots {
  private readonly byUser = new Map<string, number>();
  private running = 0;

  constructor(
    readonly perUser: number,
    readonly total: number,
  ) {}

  /** Takes a slot for the user, or throws 429 (theirs are all taken) / 503 (the process's are); returns its release (idempotent). */
  acquire(userId: string): () => void {
    const mine = this.byUser.get(userId) ?? 0;
    if (mine >= this.perUser) throw ExportBusyException.perUser();
    if (this.running >= this.total) throw ExportBusyException.total();
    this.byUser.set(userId, mine + 1);
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
      const left = (this.byUser.get(userId) ?? 1) - 1;
      if (left > 0) this.byUser.set(userId, left);
      else this.byUser.delete(userId);
    };
  }

  get stats(): { running: number; users: number } {
    return { running: this.running, users: this.byUser.size };
  }
}

interface Column {
  header: string;
  width: number;
  value: (row: RecommendationExportRow) => string;
}

/** What the file is written in: the text languages, and (localised export) the language of headers and values. */
export interface ExportLayout {
  langs: ExportLang[];
  /** Absent: the exchange codes, as the `sidh-export` preset has always read them. */
  labels?: { lang: ExchangeLang; names: ExportNames; codes: boolean };
}

const SHEET_NAME: Record<ExchangeLang, string> = { ar: 'التوصيات', fr: 'Recommandations', en: 'Recommendations' };
const list = (v: readonly string[] | null) => (v ?? []).join(EXPORT_LIST_SEPARATOR);
const TEXT = { ar: 'textAr', fr: 'textFr', en: 'textEn' } as const;

/** Each field's cell with codes (the exchange format, read back by the `sidh-export` preset). */
function codeValues(names: ExportNames | undefined): Record<ExchangeField, (r: RecommendationExportRow) => string> {
  const codesOf = (map: ReadonlyMap<string, string> | undefined, v: readonly string[] | null) => list(map ? (v ?? []).map((n) => map.get(n) ?? n) : v);
  return {
    documentSymbol: (r) => r.documentSymbol ?? '',
    paragraph: (r) => r.paragraph ?? '',
    externalCode: (r) => r.externalCode ?? '',
    textAr: (r) => r.textAr ?? '',
    textFr: (r) => r.textFr ?? '',
    textEn: (r) => r.textEn ?? '',
    mechanism: (r) => r.mechanism,
    body: (r) => r.bodyCode,
    // Without labels the review is named by its title (as ever); a code column gives its code.
    review: (r) => (names ? (r.reviewCode ?? '') : (r.reviewTitle ?? r.reviewCode ?? '')),
    response: (r) => r.response ?? '',
    // States and themes come named in the batch's language: a code column maps them back.
    recommendingStates: (r) => codesOf(names?.stateCode, r.states),
    themes: (r) => codesOf(names?.themeCode, r.themes),
    sdgTargets: (r) => list(r.sdgTargets),
    institutions: (r) => list(r.institutions),
    status: (r) => r.status,
    kind: (r) => r.kind,
  };
}

/** Each field's cell as a ministry reads it, in `lang`: labels of statuses, responses…, names of bodies and institutions. */
function labelValues(lang: ExchangeLang, names: ExportNames): Record<ExchangeField, (r: RecommendationExportRow) => string> {
  const words = EXCHANGE_VALUE_LABELS[lang];
  return {
    ...codeValues(undefined),
    mechanism: (r) => words.mechanism[r.mechanism as keyof typeof words.mechanism] ?? r.mechanism,
    body: (r) => names.body.get(r.bodyCode) ?? r.bodyCode,
    review: (r) => r.reviewTitle ?? r.reviewCode ?? '',
    response: (r) => (r.response ? (words.response[r.response as keyof typeof words.response] ?? r.response) : ''),
    institutions: (r) => list(r.institutions.map((c) => names.institution.get(c) ?? c)),
    status: (r) => words.status[r.status as keyof typeof words.status] ?? r.status,
    kind: (r) => words.kind[r.kind as keyof typeof words.kind] ?? r.kind,
  };
}

const WIDTH: Record<ExchangeField, number> = {
  documentSymbol: 16,
  paragraph: 10,
  externalCode: 14,
  textAr: 80,
  textFr: 80,
  textEn: 80,
  mechanism: 14,
  body: 10,
  review: 40,
  response: 14,
  recommendingStates: 30,
  themes: 30,
  sdgTargets: 14,
  institutions: 30,
  status: 16,
  kind: 14,
};
const FIELDS_AFTER_TEXTS = ['mechanism', 'body', 'review', 'response', 'recommendingStates', 'themes', 'sdgTargets', 'institutions', 'status', 'kind'] as const satisfies readonly ExchangeField[];

/**
 * The matrix: one row per recommendation or question. Without labels, the exchange codes the
 * `sidh-export` preset reads back; with labels, headers and values in that language (wider
 * columns for names), then, if asked, the code columns under their exchange names. Both import back.
 */
export function exportColumns(layout: ExportLayout): Column[] {
  const { langs, labels } = layout;
  const header = (f: ExchangeField) => (labels ? EXCHANGE_HEADERS[labels.lang][f] : EXPORT_COLUMNS[f]);
  const values = labels ? labelValues(labels.lang, labels.names) : codeValues(undefined);
  const width = (f: ExchangeField) => (labels && (f === 'mechanism' || f === 'body' || f === 'response' || f === 'status') ? 28 : WIDTH[f]);
  const column = (f: ExchangeField): Column => ({ header: header(f), width: width(f), value: values[f] });
  const columns = [
    ...(['documentSymbol', 'paragraph', 'externalCode'] as const).map(column),
    ...langs.map((l) => column(TEXT[l])),
    ...FIELDS_AFTER_TEXTS.map(column),
  ];
  if (labels?.codes) {
    const codes = codeValues(labels.names);
    columns.push(...EXCHANGE_CODE_FIELDS.map((f): Column => ({ header: EXPORT_COLUMNS[f], width: WIDTH[f], value: codes[f] })));
  }
  return columns;
}

/** A writable stream as both Node's and the `readable-stream` 2 copy inside archiver expose it. */
interface BufferedWritable extends EventEmitter {
  readonly _writableState: { needDrain: boolean; length: number };
}

/**
 * The XLSX writer's buffer between the rows it renders and the compression: exceljs 4's worksheet
 * stream (a StreamBuf) hands every chunk to the archiver's input (a `readable-stream` 2 PassThrough)
 * without ever waiting, so this is where the XML piles up when the compression or the client is
 * slower than the database (20 concurrent exports: hundreds of MB). Undefined if exceljs changes.
 */
export function sheetSink(sheet: ExcelJS.Worksheet): BufferedWritable | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  const sink = Array.isArray(pipes) ? (pipes[0] as Partial<BufferedWritable> | undefined) : undefined;
  return sink && typeof sink.once === 'function' && typeof sink._writableState?.needDrain === 'boolean' ? (sink as BufferedWritable) : undefined;
}

/** The error of a download abandoned by the client (our abort signal, or a stream closed before its end). */
function isAbort(error: unknown): boolean {
  const { name, code } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown };
  return name === 'AbortError' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/** Waits while the stream's buffer is over its high-water mark; rejects (AbortError) when the download is abandoned. */
async function drained(stream: Writable | BufferedWritable, signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  const full = () => {
    const needDrain = (stream as Partial<Writable>).writableNeedDrain;
    return typeof needDrain === 'boolean' ? needDrain : (stream as BufferedWritable)._writableState.needDrain;
  };
  while (full()) await once(stream, 'drain', { signal });
}

@Injectable()
export class RecommendationsExportService {
  private readonly logger = new Logger(RecommendationsExportService.name);
  private readonly slots: ExportSlots;

  constructor(
    private readonly recommendations: RecommendationsRepository,
    private readonly access: AccessService,
    config: AppConfig,
    private readonly dataSource: DataSource,
  ) {
    this.slots = new ExportSlots(config.EXPORT_MAX_CONCURRENT, config.EXPORT_MAX_CONCURRENT_TOTAL);
  }

  /** Exports running now (per process), for tests and monitoring. */
  get running(): number {
    return this.slots.stats.running;
  }

  /**
   * The filtered list (the list's filters, in the caller's scope) as a CSV or XLSX attachment:
   * sets the response headers, then streams the file in batches, never faster than the client reads.
   * At most EXPORT_MAX_CONCURRENT per user and EXPORT_MAX_CONCURRENT_TOTAL per process run at once
   * (beyond: `ExportBusyException`, before any header); the slot is freed when the file is sent, when
   * it fails, and as soon as the client goes away ('close' of the destination).
   */
  async export(query: RecommendationExportQueryDto, user: AuthUser, out: ExportDestination): Promise<void> {
    // Gone before the export started (its 'close' has passed): nothing to send.
    if (out.destroyed) return;
    const release = this.slots.acquire(user.id);
    const abandoned = new AbortController();
    // The response closes when the file is sent, or when the client goes away: stop, free the slot.
    const onClose = () => {
      abandoned.abort();
      release();
    };
    out.once('close', onClose);
    try {
      const { format = 'xlsx', lang = 'ar,fr,en', labels, codes = false, ...filter } = query;
      const langs = [...new Set(lang.split(','))] as ExportLang[];
      // The names of states, themes and reviews in the batches follow the labels' language, else the first text language.
      const layout: ExportLayout = { langs, ...(labels ? { labels: { lang: labels, names: await loadExportNames(this.dataSource, labels), codes } } : {}) };
      const namesLang = labels ?? langs[0]!;
      const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
      out.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      out.setHeader('Content-Disposition', `attachment; filename="sidh-recommendations-${date}.${format}"`);
      out.setHeader('X-Content-Type-Options', 'nosniff');
      const scope = this.access.scopeFor(user);
      if (format === 'csv') await this.csv(out, filter, scope, layout, namesLang, abandoned.signal);
      else await this.xlsx(out, filter, scope, layout, namesLang, abandoned.signal);
    } catch (error) {
      // The client went away: nobody to answer.
      if (abandoned.signal.aborted && isAbort(error)) return;
      // Part of the file is out: cut the download short rather than leave it hanging.
      if (out.headersSent && !out.destroyed) out.destroy();
      throw error;
    } finally {
      out.off('close', onClose);
      release();
    }
  }

  /**
   * Rows in batches (keyset on id), never the whole set in memory: the next batch is read while the
   * current one is written (two at most), and no batch is read once the download is abandoned.
   */
  private async *rows(filter: RecommendationFilter, scope: Scope, lang: ExportLang, signal: AbortSignal): AsyncGenerator<RecommendationExportRow[]> {
    const read = (after: string | null) => {
      const batch = this.recommendations.exportBatch(filter, scope, after, BATCH, lang);
      batch.catch(() => undefined); // awaited below, unless the download is abandoned first
      return batch;
    };
    signal.throwIfAborted();
    let next: Promise<RecommendationExportRow[]> | null = read(null);
    while (next) {
      const batch: RecommendationExportRow[] = await next;
      signal.throwIfAborted();
      next = batch.length === BATCH ? read(batch[batch.length - 1]!.id) : null;
      if (batch.length > 0) yield batch;
    }
  }

  /**
   * CSV: UTF-8 with BOM, RFC 4180 quoting (and always quoted when a cell holds a CR or an LF, which
   * csv-stringify would otherwise leave bare unless it is the whole CRLF), CRLF, every cell and every
   * line in it neutralised against formula injection. Streamed with back-pressure.
   */
  private async csv(out: Writable, filter: RecommendationFilter, scope: Scope, layout: ExportLayout, namesLang: ExportLang, signal: AbortSignal): Promise<void> {
    const cols = exportColumns(layout);
    const rows = this.rows(filter, scope, namesLang, signal);
    async function* records(): AsyncGenerator<string[]> {
      yield cols.map((c) => c.header);
      for await (const batch of rows) for (const row of batch) yield cols.map((c) => neutralizeCell(c.value(row)));
    }
    await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: '\r\n', quoted_match: /[\r\n]/ }), out, { signal });
  }

  /**
   * XLSX: exceljs's streaming writer, rows committed batch by batch, each batch waiting until the
   * previous one has gone into the zip (and the zip to the client); sized columns, frozen header,
   * right-to-left when its labels are Arabic, or (without labels) its texts are Arabic only.
   */
  private async xlsx(out: Writable, filter: RecommendationFilter, scope: Scope, layout: ExportLayout, namesLang: ExportLang, signal: AbortSignal): Promise<void> {
    const cols = exportColumns(layout);
    const { langs } = layout;
    const rightToLeft = layout.labels ? layout.labels.lang === 'ar' : langs.length === 1 && langs[0] === 'ar';
    const { default: ExcelJS } = await import('exceljs'); // loaded when first used: about a second of start-up otherwise
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet(SHEET_NAME[layout.labels?.lang ?? 'en'], {
      views: [{ state: 'frozen', ySplit: 1, rightToLeft }],
    });
    sheet.columns = cols.map((c) => ({ header: c.header, key: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    const sink = sheetSink(sheet);
    if (!sink) this.logger.warn('exceljs internals changed: the XLSX export waits for the client only, not for the compression');
    for await (const batch of this.rows(filter, scope, namesLang, signal)) {
      for (const row of batch) {
        const r = sheet.addRow(cols.map((c) => neutralizeCell(c.value(row))));
        // Text cells only: no value is ever written as a formula.
        r.eachCell((cell) => {
          cell.value = String(cell.value ?? '');
        });
        r.commit();
      }
      if (sink) await drained(sink, signal);
      await drained(out, signal);
    }
    sheet.commit();
    // The zip ends with the response's 'finish', which never comes if the client has gone.
    const done = workbook.commit();
    done.catch(() => undefined);
    await Promise.race([done, once(out, 'close', { signal })]);
    signal.throwIfAborted();
    await done;
  }
}
