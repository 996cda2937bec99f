import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import { once, type EventEmitter } from 'node:events';
import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EXCHANGE_COLUMNS as EXPORT_COLUMNS, EXCHANGE_LIST_SEPARATOR as EXPORT_LIST_SEPARATOR } from '@sidh/domain';
import { AccessService, type Scope } from '../../access/index.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { AppConfig } from '../../config/app-config.js';
import type { RecommendationExportQueryDto, RecommendationFilter } from './dto/recommendation-query.dto.js';
import { neutralizeCell } from './export-cells.js';
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

const list = (v: readonly string[] | null) => (v ?? []).join(EXPORT_LIST_SEPARATOR);
const TEXT = { ar: 'textAr', fr: 'textFr', en: 'textEn' } as const;

/** The matrix: one row per recommendation or question, columns the `sidh-export` import preset reads back. */
function columns(langs: ExportLang[]): Column[] {
  const text = (lang: ExportLang): Column => ({ header: EXPORT_COLUMNS[TEXT[lang]], width: 80, value: (r) => r[TEXT[lang]] ?? '' });
  return [
    { header: EXPORT_COLUMNS.documentSymbol, width: 16, value: (r) => r.documentSymbol ?? '' },
    { header: EXPORT_COLUMNS.paragraph, width: 10, value: (r) => r.paragraph ?? '' },
    { header: EXPORT_COLUMNS.externalCode, width: 14, value: (r) => r.externalCode ?? '' },
    ...langs.map(text),
    { header: EXPORT_COLUMNS.mechanism, width: 14, value: (r) => r.mechanism },
    { header: EXPORT_COLUMNS.body, width: 10, value: (r) => r.bodyCode },
    { header: EXPORT_COLUMNS.review, width: 40, value: (r) => r.reviewTitle ?? r.reviewCode ?? '' },
    { header: EXPORT_COLUMNS.response, width: 14, value: (r) => r.response ?? '' },
    { header: EXPORT_COLUMNS.recommendingStates, width: 30, value: (r) => list(r.states) },
    { header: EXPORT_COLUMNS.themes, width: 30, value: (r) => list(r.themes) },
    { header: EXPORT_COLUMNS.sdgTargets, width: 14, value: (r) => list(r.sdgTargets) },
    { header: EXPORT_COLUMNS.institutions, width: 30, value: (r) => list(r.institutions) },
    { header: EXPORT_COLUMNS.status, width: 16, value: (r) => r.status },
    { header: EXPORT_COLUMNS.kind, width: 14, value: (r) => r.kind },
  ];
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
      const { format = 'xlsx', lang = 'ar,fr,en', ...filter } = query;
      const langs = [...new Set(lang.split(','))] as ExportLang[];
      const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
      out.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      out.setHeader('Content-Disposition', `attachment; filename="sidh-recommendations-${date}.${format}"`);
      out.setHeader('X-Content-Type-Options', 'nosniff');
      const scope = this.access.scopeFor(user);
      if (format === 'csv') await this.csv(out, filter, scope, langs, abandoned.signal);
      else await this.xlsx(out, filter, scope, langs, abandoned.signal);
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
  private async csv(out: Writable, filter: RecommendationFilter, scope: Scope, langs: ExportLang[], signal: AbortSignal): Promise<void> {
    const cols = columns(langs);
    const rows = this.rows(filter, scope, langs[0]!, signal);
    async function* records(): AsyncGenerator<string[]> {
      yield cols.map((c) => c.header);
      for await (const batch of rows) for (const row of batch) yield cols.map((c) => neutralizeCell(c.value(row)));
    }
    await pipeline(Readable.from(records()), stringify({ bom: true, record_delimiter: '\r\n', quoted_match: /[\r\n]/ }), out, { signal });
  }

  /**
   * XLSX: exceljs's streaming writer, rows committed batch by batch, each batch waiting until the
   * previous one has gone into the zip (and the zip to the client); sized columns, frozen header,
   * right-to-left when exported in Arabic only.
   */
  private async xlsx(out: Writable, filter: RecommendationFilter, scope: Scope, langs: ExportLang[], signal: AbortSignal): Promise<void> {
    const cols = columns(langs);
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const sheet = workbook.addWorksheet('Recommendations', {
      views: [{ state: 'frozen', ySplit: 1, rightToLeft: langs.length === 1 && langs[0] === 'ar' }],
    });
    sheet.columns = cols.map((c) => ({ header: c.header, key: c.header, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    const sink = sheetSink(sheet);
    if (!sink) this.logger.warn('exceljs internals changed: the XLSX export waits for the client only, not for the compression');
    for await (const batch of this.rows(filter, scope, langs[0]!, signal)) {
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
