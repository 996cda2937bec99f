import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource, type EntityManager } from 'typeorm';
import { hasPermission, Permission, sameRecommendationText } from '@sidh/domain';
import { AuditWriter, type AuditActor, type AuditEventInput } from '../../audit/audit.writer.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { forEachSliced } from '../../common/time-slices.js';
import { AppConfig } from '../../config/app-config.js';
import { JobsService } from '../jobs/jobs.service.js';
import type { ImportChangeDto, ImportCountsDto, ImportJobDetailDto, ImportJobListDto, ImportMappingDto, ImportPresetListDto, ImportPreviewDto, ImportReportDto } from './dto/import.dto.js';
import { toImportJobDetailDto, toImportJobDto } from './dto/import.mapper.js';
import { ImportParser, importWorkerScript } from './import-parser.js';
import { ImportException, ImportFileError, ImportParsesSaturatedException, ImportRowError, staleDuringImport } from './import.errors.js';
import {
  ImportsRepository,
  LINK_FIELDS,
  type ExistingRecommendation,
  type LinkField,
  type NewRecommendationRow,
  type RecommendationPatch,
} from './imports.repository.js';
import { PRESET_NAMES, parseMapping, type ResolvedMapping } from './mapping.js';
import { identityKeys, planImport, textIdentityKeys, type Plan, type PlannedRecommendation, type TextLang } from './planner.js';
import type { SourceTable } from './source-reader.js';
import { PRESET_INFO, PRESETS } from './presets.js';
import { describeChanges, type FieldChanges } from './field-changes.js';

/** Rows a preview shows. */
export const PREVIEW_ROWS = 20;
/** How long a previewed upload is kept for the dry runs and the commit that follow. */
export const UPLOAD_TTL_SECONDS = 24 * 60 * 60;
/** Uploads a user keeps at once: a new preview removes the oldest beyond this. */
export const UPLOADS_PER_USER = 10;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DELIMITERS = [',', ';', '\t', '|'];

/** The pg-boss queue of the commits: any instance whose scheduler runs takes the next one. */
export const JOB_IMPORT_COMMIT = 'import-commit';
/** A queued commit's plan, kept by the instance that planned it until a worker takes the job (elsewhere: read again). */
const QUEUED_PLAN_SECONDS = 10 * 60;
/** Progress of a running commit reaches the import record at least this often (rows, or milliseconds). */
const PROGRESS_EVERY_ROWS = 1000;
const PROGRESS_EVERY_MS = 1000;

/** What a queued commit's job carries: the import record, the stored file, who asked. */
interface QueuedCommit {
  importId: string;
  uploadId: string;
  actor: AuditActor;
}

const MAX_LISTED_REJECTIONS = 5000;
const MAX_LISTED_CHANGES = 1000;
/** Distinct unmatched values listed (with their candidates); `unknownLabelsMore` counts the others. */
const MAX_LISTED_UNKNOWN = 200;
/** Updates listed with each changed field's value before and after. */
const MAX_DETAILED_UPDATES = 200;
const BATCH = 2000;
/** The first batch of new recommendations is smaller: the commit waits for its search documents, not for the next ones'. */
const FIRST_BATCH = 250;
/**
 * Audit events per statement (in order: the chain is the same as with one statement per batch).
 * The writer holds several copies of each event's JSON until its statement returns: 200 rather
 * than 500 measured ~25 MB less peak RSS on the benchmark file, at no measurable time.
 */
const AUDIT_BATCH = 200;

/** The field names of the link lists in audit events. */
const LIST_AUDIT_FIELDS: Record<LinkField, string> = {
  recommendingStates: 'recommendingStateCodes',
  themes: 'themeCodes',
  affectedPersons: 'affectedPersonCodes',
  sdgTargets: 'sdgTargetCodes',
  axes: 'axisCodes',
  subAxes: 'subAxisCodes',
};

const MIME: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The file of an upload: sent with the request, or stored by a preview (`uploadId`). */
export type FileSource = { buffer: Buffer; fileName: string; uploadId?: undefined } | { uploadId: unknown; buffer?: undefined; fileName?: undefined };

export interface PreviewInput {
  source: FileSource;
  /** XLSX: the worksheet; CSV: the delimiter (multipart fields, unchecked). */
  sheet?: unknown;
  delimiter?: unknown;
  actor: AuditActor;
}

export type UploadInput = FileSource & {
  mapping: unknown;
  dryRun: boolean;
  actor: AuditActor;
  /** Wait for the commit (CLI); otherwise the commit runs after the response (202). */
  wait?: boolean;
  onProgress?: (processed: number, total: number) => void;
  /** Filled with the milliseconds of each phase as it ends (the benchmark prints them). */
  timings?: ImportTimings;
};

/**
 * Where an upload's time goes: reading the file (worker thread), planning, comparing with the
 * catalogue, then the commit's writes — waiting for the new recommendations' search documents
 * (`documents`: what their computation beside the writes did not hide), the recommendations with
 * their links (`rows`), audit events (`audit`), each summed over the batches — and the COMMIT
 * itself (the deferred checks, the events moved into the chain).
 */
export interface ImportTimings {
  parse?: number;
  plan?: number;
  compare?: number;
  documents?: number;
  rows?: number;
  audit?: number;
  commit?: number;
}

/** Adds the milliseconds since `since` (`performance.now()`) to `timings[phase]`. */
function lap(timings: ImportTimings | undefined, phase: keyof ImportTimings, since: number): void {
  if (timings) timings[phase] = (timings[phase] ?? 0) + (performance.now() - since);
}

/** The stored original of an upload, ready to stream. */
export interface ImportOriginal {
  path: string;
  fileName: string;
  contentType: string;
}


export interface PlannedUpdate {
  rec: PlannedRecommendation;
  existing: ExistingRecommendation;
  patch: RecommendationPatch;
  lists: Partial<Record<LinkField, string[]>>;
  addInstitutions: string[];
  changes: FieldChanges;
}

export interface Comparison {
  creates: Array<{ rec: PlannedRecommendation; id: string }>;
  updates: PlannedUpdate[];
  unchanged: number;
}

/** A comparison with the catalogue as it was at `stamp` (its change stamp, read before the candidates). */
interface ComparedAt {
  comparison: Comparison;
  stamp: string | null;
}

const TEXT_FIELD: Record<TextLang, 'textAr' | 'textFr' | 'textEn'> = { ar: 'textAr', fr: 'textFr', en: 'textEn' };
const sorted = (a: string[]) => [...a].sort();
const sameSet = (a: string[], b: string[]) => JSON.stringify(sorted([...new Set(a)])) === JSON.stringify(sorted([...new Set(b)]));

@Injectable()
export class ImportsService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ImportsService.name);
  /** Live progress of the commits running in this process. */
  private readonly progress = new Map<string, { processed: number; total: number }>();
  /** Files being read and planned by this process (at most IMPORT_MAX_CONCURRENT_PARSES). */
  private parsing = 0;
  /** Reads each file in a worker thread with its own heap limit and timeout; no worker script → the API does not start. */
  private readonly parser: ImportParser;
  /** This process, as the owner of the leases of the imports it runs. */
  readonly instanceId = randomUUID();
  /** Plans of the commits this process queued, until a worker (here, most often) takes them. */
  private readonly queuedPlans = new Map<string, { plan: Plan; compared: ComparedAt }>();
  /** Commits this process queued and no worker has taken yet: their lease is renewed here meanwhile. */
  private readonly waiting = new Set<string>();
  private waitingBeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly imports: ImportsRepository,
    private readonly audit: AuditWriter,
    private readonly config: AppConfig,
    private readonly jobs: JobsService,
  ) {
    this.parser = new ImportParser({ script: importWorkerScript(), maxHeapMb: config.IMPORT_PARSE_MAX_HEAP_MB, timeoutSeconds: config.IMPORT_PARSE_TIMEOUT_SECONDS });
  }

  /** Commits are pg-boss jobs: this instance works their queue whenever its scheduler runs (JOBS_ENABLED). */
  onModuleInit(): void {
    this.jobs.register({ queue: JOB_IMPORT_COMMIT, handler: (data) => this.runQueued(data), pollingIntervalSeconds: 0.5 });
  }

  /**
   * Jobs left `running` by a process that stopped are marked failed: on a server, only those whose
   * lease expired (no heartbeat for IMPORT_LEASE_SECONDS; another live instance may be running the
   * others); on the embedded engine (one process owns the database, and a running commit cannot
   * renew its lease beside its transaction) all of them.
   */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const n = await this.imports.failInterrupted(this.singleConnection ? null : this.config.IMPORT_LEASE_SECONDS);
      if (n) this.logger.warn(`${n} import(s) interrupted by a restart marked failed`);
      const gone = await this.imports.deleteExpiredUploads();
      if (gone) this.logger.log(`${gone} expired import upload(s) removed`);
    } catch {
      // The table may not exist yet (before the first migration); nothing was running then.
    }
  }

  /** The parser's waiting worker threads end with the application. */
  onModuleDestroy(): Promise<void> {
    if (this.waitingBeat) clearInterval(this.waitingBeat);
    return this.parser.close();
  }

  presets(): ImportPresetListDto {
    return {
      items: PRESET_NAMES.map((name) => ({ name, ...PRESET_INFO[name], mapping: PRESETS[name] })),
      fileErrorCodes: Object.values(ImportFileError),
      rowErrorCodes: Object.values(ImportRowError),
    };
  }

  /**
   * Reads a file (in the worker thread, as every upload) and tells what it holds: format, encoding,
   * delimiter, worksheets, columns and the first rows. A file sent with the request is stored, for
   * the dry runs and the commit that follow (`uploadId`); nothing is stored when it is refused. An
   * `uploadId` instead of a file: the stored upload read again (another worksheet or delimiter).
   */
  async preview(input: PreviewInput): Promise<ImportPreviewDto> {
    const sheet = optionalText(input.sheet, 'sheet', 100);
    const delimiter = optionalText(input.delimiter, 'delimiter', 2);
    if (delimiter !== undefined && !DELIMITERS.includes(delimiter)) throw AppException.validation({ delimiter: 'validation.enum' });
    const stored = input.source.uploadId !== undefined ? await this.storedUpload(input.actor, input.source.uploadId) : null;
    const buffer = stored?.buffer ?? input.source.buffer!;
    const fileName = stored?.fileName ?? displayName(input.source.fileName!);
    const table = await this.withParseSlot(() => this.readFile(buffer, fileName, { sheet, delimiter }));
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    let upload = stored ? { id: stored.id, expiresAt: stored.expiresAt } : null;
    if (!upload) {
      const userId = input.actor.userId;
      if (!userId) throw AppException.forbidden();
      upload = await this.imports.insertUpload({ createdById: userId, fileName, format: table.format, sha256, content: buffer, ttlSeconds: UPLOAD_TTL_SECONDS }, UPLOADS_PER_USER);
      this.logger.log({ event: 'import_upload_stored', uploadId: upload.id, sizeBytes: buffer.length, sha256 }, 'import upload stored');
    }
    return {
      uploadId: upload.id,
      expiresAt: new Date(upload.expiresAt).toISOString(),
      fileName,
      sha256,
      sizeBytes: buffer.length,
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      sheets: table.sheets ?? [],
      sheet: table.sheet ?? null,
      columns: table.headers,
      totalRows: table.records.length,
      rows: table.records.slice(0, PREVIEW_ROWS).map((r) => ({
        row: r.row,
        cells: table.headers.map((h) => {
          const v = r.values.get(h);
          return Array.isArray(v) ? v.join('; ') : (v ?? '');
        }),
      })),
    };
  }

  /**
   * A stored upload, for its uploader only: 400 when `uploadId` is not an id, 404 when there is no
   * such upload or it is someone else's (the same answer: whether it exists is not told), 410 once
   * expired, 409 when its bytes no longer match the SHA-256 recorded at the preview. Each names `uploadId`.
   */
  private async storedUpload(actor: AuditActor, uploadId: unknown): Promise<{ id: string; buffer: Buffer; fileName: string; expiresAt: Date; sha256: string }> {
    if (typeof uploadId !== 'string' || !UUID.test(uploadId)) throw AppException.validation({ uploadId: 'validation.invalid' });
    const row = await this.imports.findUpload(uploadId);
    if (!row || row.createdById !== actor.userId) {
      throw new AppException(HttpStatus.NOT_FOUND, ErrorCode.NotFound, 'No such upload: preview the file again', { field: 'uploadId', uploadId });
    }
    if (row.expired) {
      throw new AppException(HttpStatus.GONE, ErrorCode.NotFound, 'The upload has expired: preview the file again', { field: 'uploadId', uploadId, expiredAt: new Date(row.expiresAt).toISOString() });
    }
    const buffer = Buffer.from(row.content);
    if (buffer.length !== row.sizeBytes || createHash('sha256').update(buffer).digest('hex') !== row.sha256) {
      this.logger.error({ event: 'import_upload_hash_mismatch', uploadId }, 'a stored import upload no longer matches its SHA-256: refused');
      throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'The stored upload does not match its SHA-256: preview the file again', { field: 'uploadId', uploadId, reason: 'sha256_mismatch' });
    }
    return { id: row.id, buffer, fileName: row.fileName, expiresAt: row.expiresAt, sha256: row.sha256 };
  }

  /** One file through the worker thread, under the upload limits. */
  private readFile(buffer: Buffer, fileName: string, choice: { sheet?: string | undefined; delimiter?: string | undefined }): Promise<SourceTable> {
    return this.parser.read(buffer, fileName, {
      maxRows: this.config.IMPORT_MAX_ROWS,
      maxUncompressedBytes: this.config.IMPORT_MAX_UNCOMPRESSED_BYTES,
      maxEntries: 1000,
      ...(choice.sheet ? { sheet: choice.sheet } : {}),
      ...(choice.delimiter ? { delimiter: choice.delimiter } : {}),
    });
  }

  /** Reads, plans and records an upload; a dry run reports, a commit starts (or, with `wait`, finishes). */
  async upload(input: UploadInput): Promise<{ status: HttpStatus; job: ImportJobDetailDto }> {
    const mapping = parseMapping(input.mapping, PRESETS);
    const stored = input.uploadId !== undefined ? await this.storedUpload(input.actor, input.uploadId) : null;
    const buffer = stored?.buffer ?? input.buffer!;
    const fileName = stored?.fileName ?? input.fileName!;
    const timings = input.timings;
    const { table, plan, compared, report, counts } = await this.withParseSlot(async () => {
      let since = performance.now();
      let read: SourceTable | null = await this.readFile(buffer, fileName, mapping);
      lap(timings, 'parse', since);
      const table = { format: read.format, encoding: read.encoding, delimiter: read.delimiter };
      const lookups = await this.imports.loadLookups();
      since = performance.now();
      const plan = await planImport(read, mapping, lookups);
      // The file's records are not kept: the plan holds what is written (tens of MB less from here to the commit's end).
      read = null;
      lap(timings, 'plan', since);
      since = performance.now();
      const compared = await this.compareNow(this.dataSource.manager, plan);
      lap(timings, 'compare', since);
      const reviewCodes = new Map([...lookups.reviews, ...plan.newReviews].map((r) => [r.id, r.code]));
      return { table, plan, compared, report: this.report(plan, compared.comparison, reviewCodes), counts: this.counts(plan, compared.comparison) };
    });
    const storedName = `${randomUUID()}.${table.format}`;
    await mkdir(path.join(this.config.UPLOAD_DIR, 'imports'), { recursive: true });
    await writeFile(path.join(this.config.UPLOAD_DIR, 'imports', storedName), buffer, { flag: 'wx', mode: 0o600 });
    const rejected = !input.dryRun && plan.rejections.length > 0;
    // A commit is a pg-boss job when the scheduler runs (any instance may take it; its progress is in
    // the import record); without it (JOBS_ENABLED=false, the CLI's `wait`) it runs in this process.
    const queued = !input.dryRun && !rejected && !input.wait && this.jobs.running && input.actor.userId !== null;
    const jobId = await this.imports.insertJob({
      createdById: input.actor.userId,
      fileName: displayName(fileName),
      storedName,
      sha256: createHash('sha256').update(buffer).digest('hex'),
      sizeBytes: buffer.length,
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      mapping: mappingAsRun(mapping),
      dryRun: input.dryRun,
      status: input.dryRun ? 'succeeded' : rejected ? 'rejected' : 'running',
      totalRows: plan.totalRows,
      processedRows: input.dryRun || rejected ? plan.totalRows : 0,
      counts,
      report,
      ...(input.dryRun || rejected || queued ? {} : { leaseOwner: this.instanceId }),
    });
    if (rejected) {
      throw new ImportException(ImportFileError.RowsRejected, `${plan.rejections.length} row(s) rejected: nothing was imported`, { importId: jobId, counts, report });
    }
    if (input.dryRun) return { status: HttpStatus.OK, job: await this.job(jobId) };
    if (queued) {
      await this.enqueue(jobId, { plan, compared }, stored?.id ?? null, { buffer, fileName: displayName(fileName), format: table.format }, input.actor);
      return { status: HttpStatus.ACCEPTED, job: await this.job(jobId) };
    }
    this.progress.set(jobId, { processed: 0, total: plan.totalRows });
    const run = this.commit(jobId, plan, compared, input.actor, input.onProgress, timings);
    if (input.wait) {
      await run;
      return { status: HttpStatus.CREATED, job: await this.job(jobId) };
    }
    void run;
    return { status: HttpStatus.ACCEPTED, job: await this.job(jobId) };
  }

  /**
   * Queues a planned commit (pg-boss, no retry): the job names the import record and the stored file
   * (the preview's upload, or this file stored now), so that any instance can take it; this one keeps
   * the plan meanwhile and renews the record's lease until a worker claims it. A failure to queue
   * fails the import record (nothing was written).
   */
  private async enqueue(jobId: string, planned: { plan: Plan; compared: ComparedAt }, uploadId: string | null, file: { buffer: Buffer; fileName: string; format: string }, actor: AuditActor): Promise<void> {
    try {
      const id =
        uploadId ??
        (await this.imports.insertUpload({ createdById: actor.userId!, fileName: file.fileName, format: file.format, sha256: createHash('sha256').update(file.buffer).digest('hex'), content: file.buffer, ttlSeconds: UPLOAD_TTL_SECONDS }, UPLOADS_PER_USER)).id;
      this.queuedPlans.set(jobId, planned);
      setTimeout(() => this.queuedPlans.delete(jobId), QUEUED_PLAN_SECONDS * 1000).unref();
      this.keepWaiting(jobId);
      await this.jobs.send(JOB_IMPORT_COMMIT, { importId: jobId, uploadId: id, actor } satisfies QueuedCommit, { retryLimit: 0, expireInSeconds: 4 * 3600, singletonKey: jobId });
    } catch (error) {
      this.queuedPlans.delete(jobId);
      this.waiting.delete(jobId);
      await this.imports.finishJob(jobId, { status: 'failed', processedRows: 0, error: { code: 'import.failed', message: 'The import could not be queued; nothing was written' } }).catch(() => undefined);
      throw error;
    }
  }

  /** Renews the lease of the commits this process queued, until a worker claims each (server databases; one process owns an embedded one). */
  private keepWaiting(jobId: string): void {
    if (this.singleConnection) return;
    this.waiting.add(jobId);
    if (this.waitingBeat) return;
    this.waitingBeat = setInterval(() => {
      for (const id of this.waiting) {
        void this.imports.touchQueued(id).then((still) => {
          if (!still) this.waiting.delete(id);
        }, () => undefined);
      }
      if (!this.waiting.size && this.waitingBeat) {
        clearInterval(this.waitingBeat);
        this.waitingBeat = null;
      }
    }, heartbeatMs(this.config.IMPORT_LEASE_SECONDS));
    this.waitingBeat.unref();
  }

  /**
   * A queued commit, on whichever instance took the job: claimed first (a record already claimed,
   * finished, or failed by a start-up sweep is left alone), then committed with the plan of the
   * instance that queued it, or, on another instance, with the stored file read (SHA-256 checked)
   * and planned again. Whatever happens ends in the import record (`succeeded` or `failed`).
   */
  async runQueued(data: unknown): Promise<void> {
    const job = data as Partial<QueuedCommit> | null;
    if (!job || typeof job.importId !== 'string' || typeof job.uploadId !== 'string' || !job.actor) return;
    const { importId, uploadId, actor } = job as QueuedCommit;
    this.waiting.delete(importId);
    if (!(await this.imports.claimQueued(importId, this.instanceId))) return;
    let planned = this.queuedPlans.get(importId);
    this.queuedPlans.delete(importId);
    if (!planned) {
      try {
        planned = await this.planAgain(importId, uploadId, actor);
      } catch (error) {
        const code = error instanceof AppException ? error.code : 'import.failed';
        const message = error instanceof AppException ? error.message : 'The import failed; nothing was written';
        this.logger.error({ event: 'import_replan_failed', importId, code }, `import ${importId} failed before its commit`);
        await this.imports.finishJob(importId, { status: 'failed', processedRows: 0, error: { code, message } });
        return;
      }
    }
    this.progress.set(importId, { processed: 0, total: planned.plan.totalRows });
    await this.commit(importId, planned.plan, planned.compared, actor);
  }

  /** The plan of a queued commit planned on another instance: its stored file read and planned again with the mapping it recorded. */
  private async planAgain(importId: string, uploadId: string, actor: AuditActor): Promise<{ plan: Plan; compared: ComparedAt }> {
    const row = await this.imports.findJob(importId);
    if (!row) throw AppException.notFound('Import');
    const mapping = parseMapping(row.mapping, PRESETS);
    const stored = await this.storedUpload(actor, uploadId);
    if (stored.sha256 !== row.sha256) throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'The stored file is not the one planned; nothing was written');
    const table = await this.readFile(stored.buffer, stored.fileName, mapping);
    const plan = await planImport(table, mapping, await this.imports.loadLookups());
    if (plan.rejections.length) throw new ImportException(ImportFileError.RowsRejected, `${plan.rejections.length} row(s) rejected since the dry run: nothing was imported`);
    return { plan, compared: await this.compareNow(this.dataSource.manager, plan) };
  }

  /**
   * Reading and planning a file takes memory and CPU in proportion to it: at most
   * IMPORT_MAX_CONCURRENT_PARSES at once in this process, beyond → 503 with Retry-After. The slot
   * is freed however the reading ends, after the file's worker thread has stopped.
   */
  private async withParseSlot<T>(task: () => Promise<T>): Promise<T> {
    if (this.parsing >= this.config.IMPORT_MAX_CONCURRENT_PARSES) {
      this.logger.warn({ event: 'import_parses_saturated', running: this.parsing }, 'import refused: too many files being read');
      throw new ImportParsesSaturatedException();
    }
    this.parsing++;
    try {
      return await task();
    } finally {
      this.parsing--;
    }
  }

  /** One import with its report; a running commit's progress from memory (the embedded database's one connection is busy with it). */
  async detail(user: AuthUser, id: string): Promise<ImportJobDetailDto> {
    this.requireImportRun(user);
    const row = await this.imports.findJob(id);
    if (!row) throw AppException.notFound('Import');
    return this.withLiveProgress(toImportJobDetailDto(row));
  }

  async list(user: AuthUser, page: number, pageSize: number): Promise<ImportJobListDto> {
    this.requireImportRun(user);
    const { rows, total } = await this.imports.listJobs(pageSize, (page - 1) * pageSize);
    return { items: rows.map((row) => this.withLiveProgress(toImportJobDto(row))), total, page, pageSize };
  }

  /** The uploaded file as stored: 404 when the job, or its file, is gone. */
  async original(user: AuthUser, id: string): Promise<ImportOriginal> {
    this.requireImportRun(user);
    const row = await this.imports.findOriginal(id);
    if (!row) throw AppException.notFound('Import');
    const file = path.join(this.config.UPLOAD_DIR, 'imports', path.basename(row.storedName));
    if (!existsSync(file)) throw AppException.notFound('Import file');
    return { path: file, fileName: row.fileName, contentType: MIME[row.format] ?? 'application/octet-stream' };
  }

  /**
   * Import jobs belong to no institution (they are not an access-scoped entity): reading them
   * needs the permission to run imports, and nothing else.
   */
  private requireImportRun(user: AuthUser): void {
    if (!hasPermission(user.role, Permission.ImportRun)) throw AppException.forbidden();
  }

  private async job(id: string): Promise<ImportJobDetailDto> {
    const row = await this.imports.findJob(id);
    if (!row) throw AppException.notFound('Import');
    return toImportJobDetailDto(row);
  }

  private withLiveProgress<T extends { id: string; status: string; processedRows: number }>(job: T): T {
    const live = this.progress.get(job.id);
    if (live && job.status === 'running') job.processedRows = live.processed;
    return job;
  }

  /** One connection only (embedded PGlite): progress cannot be written beside an open transaction. */
  private get singleConnection(): boolean {
    const extra = (this.dataSource.options as { extra?: { max?: number } }).extra;
    return (extra?.max ?? 10) <= 1;
  }

  /** All-or-nothing: one transaction; the job row ends `succeeded`, or `failed` with nothing written. */
  private async commit(jobId: string, plan: Plan, compared: ComparedAt, actor: AuditActor, onProgress?: (processed: number, total: number) => void, timings?: ImportTimings): Promise<void> {
    const total = plan.totalRows;
    let processed = 0;
    let lastWritten = 0;
    let lastWrittenAt = Date.now();
    // In the import record (beside the transaction, server databases), so that any instance reports it.
    const advance = async (rows: number) => {
      processed = Math.min(total, processed + rows);
      this.progress.set(jobId, { processed, total });
      onProgress?.(processed, total);
      if (!this.singleConnection && (processed - lastWritten >= PROGRESS_EVERY_ROWS || Date.now() - lastWrittenAt >= PROGRESS_EVERY_MS)) {
        lastWritten = processed;
        lastWrittenAt = Date.now();
        await this.imports.setProgress(jobId, processed).catch(() => undefined);
      }
    };
    // The lease: renewed in its own short statement (another pool connection), never inside the
    // import's transaction; impossible (and needless: one process owns the database) on one connection.
    let beating = false;
    const beat = () => {
      if (beating) return; // the previous renewal still waits (e.g. on the row the commit is finishing)
      beating = true;
      void this.imports
        .heartbeat(jobId, this.instanceId)
        .catch(() => undefined)
        .finally(() => (beating = false));
    };
    const heartbeat = this.singleConnection ? null : setInterval(beat, heartbeatMs(this.config.IMPORT_LEASE_SECONDS));
    heartbeat?.unref();
    try {
      let written = 0;
      const counts = await this.dataSource.transaction(async (manager) => {
        await this.imports.lockImports(manager);
        // Under the lock, what the upload compared with may have changed (another import committed,
        // someone edited a recommendation): compared again then. Unchanged stamp: nothing committed
        // since the upload read it, the stored rows are those it compared with — seconds saved.
        // A write still running elsewhere is caught by the conditional updates (412), as before.
        const unchanged = compared.stamp !== null && (await this.imports.catalogueStamp(manager)) === compared.stamp;
        const { comparison } = unchanged ? compared : await this.compareNow(manager, plan);
        await this.write(manager, jobId, plan, comparison, actor, advance, timings);
        const counts = this.counts(plan, comparison);
        await this.imports.finishJob(jobId, { status: 'succeeded', processedRows: total, counts }, manager);
        written = performance.now();
        return counts;
      });
      lap(timings, 'commit', written);
      onProgress?.(total, total);
      this.logger.log(`import ${jobId}: ${JSON.stringify(counts)}`);
    } catch (error) {
      const message = error instanceof AppException ? error.message : 'The import failed; nothing was written';
      this.logger.error({ err: error instanceof Error ? { type: error.constructor.name, message: error.message.slice(0, 300) } : String(error) }, `import ${jobId} failed`);
      await this.imports.finishJob(jobId, { status: 'failed', processedRows: processed, error: { code: error instanceof AppException ? error.code : 'import.failed', message } }).catch(() => undefined);
      if (onProgress) throw error;
    } finally {
      if (heartbeat) clearInterval(heartbeat);
      this.progress.delete(jobId);
    }
  }

  /** The comparison with the stored recommendations as they are now, and the catalogue stamp it goes with. */
  private async compareNow(db: EntityManager, plan: Plan): Promise<ComparedAt> {
    // The stamp first: a write committed between the two reads moves it, and the commit compares again.
    const stamp = await this.imports.catalogueStamp(db);
    return { comparison: await this.compare(plan, await this.candidates(db, plan)), stamp };
  }

  private async candidates(manager: EntityManager, plan: Plan): Promise<ExistingRecommendation[]> {
    if (!plan.recommendations.length) return [];
    const symbols = new Set<string>();
    const reviews = new Set<string>();
    const bodies = new Set<string>();
    await forEachSliced(plan.recommendations, (r) => {
      if (r.documentSymbol) symbols.add(r.documentSymbol.replace(/\s+/g, '').toUpperCase());
      if (r.reviewId) reviews.add(r.reviewId);
      else bodies.add(r.bodyId);
    });
    return this.imports.loadCandidates(manager, [...symbols], [...reviews], [...bodies]);
  }

  /**
   * Matches each planned recommendation with a stored one (by identity) and lists what changes.
   * Seconds for a large file: sliced (`forEachSliced`), so that other requests are served meanwhile.
   */
  async compare(plan: Plan, existing: ExistingRecommendation[]): Promise<Comparison> {
    // A planned recommendation is looked up by its primary key, or by its text keys when it has no
    // citation or code: the stored rows' text keys (whole texts normalised) only matter then.
    const byText = plan.recommendations.some((r) => r.key.startsWith('t|'));
    const index = new Map<string, ExistingRecommendation[]>();
    await forEachSliced(existing, (e) => {
      const part = e.externalCode ? (e.paragraph ? partOf(e.externalCode) : null) : null;
      const { all } = identityKeys({ ...e, part, texts: byText ? { ar: e.textAr, fr: e.textFr, en: e.textEn } : {} });
      for (const key of all) {
        const list = index.get(key) ?? [];
        list.push(e);
        index.set(key, list);
      }
    });
    const claimed = new Set<string>();
    const result: Comparison = { creates: [], updates: [], unchanged: 0 };
    const keysOf = (rec: PlannedRecommendation) => (rec.key.startsWith('t|') ? textIdentityKeys(rec, rec.key) : [rec.key]);
    const candidatesOf = (keys: string[]) => keys.flatMap((k) => index.get(k) ?? []).filter((e) => !claimed.has(e.id));
    // First the exact matches, then the closest of what is left: a source that repeats a code
    // (DIDH) still pairs each row with the same stored recommendation on every re-import.
    const pending: Array<{ rec: PlannedRecommendation; keys: string[] }> = [];
    await forEachSliced(plan.recommendations, (rec) => {
      const keys = keysOf(rec);
      const exact = candidatesOf(keys).find((e) => Object.keys(changesAgainst(rec, e).changes).length === 0);
      if (exact) {
        claimed.add(exact.id);
        result.unchanged++;
      } else pending.push({ rec, keys });
    });
    await forEachSliced(pending, ({ rec, keys }) => {
      let best: PlannedUpdate | null = null;
      for (const candidate of candidatesOf(keys)) {
        const c = changesAgainst(rec, candidate);
        if (!best || Object.keys(c.changes).length < Object.keys(best.changes).length) best = c;
      }
      if (!best) {
        result.creates.push({ rec, id: flatUuid() });
        return;
      }
      claimed.add(best.existing.id);
      result.updates.push(best);
    });
    return result;
  }

  private async write(
    manager: EntityManager,
    jobId: string,
    plan: Plan,
    comparison: Comparison,
    actor: AuditActor,
    advance: (rows: number) => Promise<void>,
    timings?: ImportTimings,
  ): Promise<void> {
    const audit: AuditEventInput[] = [];
    await this.imports.insertLabels(manager, plan.newLabels);
    for (const label of plan.newLabels) {
      const entityType = label.field === 'themes' ? 'theme' : label.field === 'affectedPersons' ? 'affected_person' : 'institution';
      audit.push({ action: `${entityType}.create`, entityType, entityId: label.id ?? label.code, changes: { code: { before: null, after: label.code }, name: { before: null, after: label.label }, importId: { before: null, after: jobId } } });
    }
    const usedReviews = new Set([...comparison.creates.map((c) => c.rec.reviewId), ...comparison.updates.map((u) => u.patch.reviewId)]);
    const reviews = plan.newReviews.filter((r) => usedReviews.has(r.id));
    await this.imports.insertReviews(manager, reviews);
    for (const r of reviews) {
      audit.push({ action: 'review.create', entityType: 'review', entityId: r.id, changes: { code: { before: null, after: r.code }, titleAr: { before: null, after: r.titleAr }, titleFr: { before: null, after: r.titleFr }, titleEn: { before: null, after: r.titleEn }, cycle: { before: null, after: r.cycle }, importId: { before: null, after: jobId } } });
    }
    await this.audit.appendMany(manager, actor, audit);

    // The search documents of a batch are computed while the batch before it is written, on another
    // connection of a server (a second core); on the embedded engine's one connection just before
    // the batch. The insert keeps them (migration 1763900023000, docs/decisions/0016-import-speed.md).
    // One statement at a time on each connection (pg 9 will refuse a query sent during another).
    if (comparison.creates.length) await this.imports.keepGivenSearchVectors(manager);
    const ahead = !this.singleConnection;
    const batches: Array<Comparison['creates']> = [];
    for (let start = 0; start < comparison.creates.length; ) {
      const end = start + (batches.length ? BATCH : FIRST_BATCH);
      batches.push(comparison.creates.slice(start, end));
      start = end;
    }
    const vectorsAhead = (rows: NewRecommendationRow[]) => {
      const vectors = this.imports.searchVectors(this.dataSource, rows);
      // Awaited in its turn; a failure meanwhile (the transaction may have failed first) is not unhandled.
      vectors.catch(() => undefined);
      return vectors;
    };
    let rows = newRecommendationRows(batches[0] ?? []);
    let vectors = ahead ? vectorsAhead(rows) : null;
    for (const [i, batch] of batches.entries()) {
      const current = rows;
      let since = performance.now();
      const given = await (vectors ?? this.imports.searchVectors(manager, current));
      lap(timings, 'documents', since);
      const next = batches[i + 1];
      if (next) {
        rows = newRecommendationRows(next);
        vectors = ahead ? vectorsAhead(rows) : null;
      }
      since = performance.now();
      await this.insertCreated(manager, jobId, batch, current, given);
      lap(timings, 'rows', since);
      since = performance.now();
      await this.auditCreated(manager, jobId, batch, actor);
      lap(timings, 'audit', since);
      await advance(batch.reduce((n, c) => n + c.rec.rows.length, 0));
    }

    for (const update of comparison.updates) {
      const { existing, patch, lists, addInstitutions } = update;
      if (Object.keys(patch).length || Object.keys(lists).length || addInstitutions.length) {
        if (!(await this.imports.updateRecommendationIfVersion(manager, existing.id, existing.version, patch))) throw staleDuringImport();
      }
      for (const [field, codes] of Object.entries(lists) as Array<[LinkField, string[]]>) {
        await this.imports.deleteLinks(manager, field, [existing.id]);
        await this.imports.insertLinks(manager, field, [...new Set(codes)].map((c): [string, string] => [existing.id, c]));
      }
      const hasLead = existing.lists.institutions.length > 0;
      await this.imports.insertAssignments(
        manager,
        addInstitutions.map((c, i) => ({ recommendationId: existing.id, institutionCode: c, role: !hasLead && i === 0 ? ('lead' as const) : ('contributor' as const) })),
      );
      await this.imports.insertImportLinks(manager, jobId, [{ recommendationId: existing.id, action: 'updated' }]);
      await this.audit.append(manager, actor, {
        action: 'recommendation.update',
        entityType: 'recommendation',
        entityId: existing.id,
        changes: { ...update.changes, importId: { before: null, after: jobId } },
      });
      await advance(update.rec.rows.length);
    }
  }

  /** A batch of new recommendations with their links, assignments and import links. */
  private async insertCreated(manager: EntityManager, jobId: string, batch: Comparison['creates'], rows: NewRecommendationRow[], vectors: readonly string[]): Promise<void> {
    await this.imports.insertRecommendations(manager, rows, vectors);
    for (const field of LINK_FIELDS) {
      await this.imports.insertLinks(manager, field, batch.flatMap(({ rec, id }) => [...new Set(rec.lists[field] ?? [])].map((c): [string, string] => [id, c])));
    }
    await this.imports.insertAssignments(
      manager,
      batch.flatMap(({ rec, id }) => [...new Set(rec.lists.institutions ?? [])].map((c, i) => ({ recommendationId: id, institutionCode: c, role: i === 0 ? ('lead' as const) : ('contributor' as const) }))),
    );
    await this.imports.insertImportLinks(manager, jobId, batch.map(({ id }) => ({ recommendationId: id, action: 'created' as const })));
  }

  /** The `recommendation.create` events of a batch, in its order. The writer serialises and MACs every event: smaller statements keep the peak memory down. */
  private async auditCreated(manager: EntityManager, jobId: string, batch: Comparison['creates'], actor: AuditActor): Promise<void> {
    for (let from = 0; from < batch.length; from += AUDIT_BATCH) {
      await this.audit.appendMany(
        manager,
        actor,
        batch
          .slice(from, from + AUDIT_BATCH)
          .map(({ rec, id }) => ({ action: 'recommendation.create', entityType: 'recommendation', entityId: id, changes: { ...creationChanges(rec), importId: { before: null, after: jobId } } })),
      );
    }
  }

  private counts(plan: Plan, comparison: Comparison): ImportCountsDto {
    return { new: comparison.creates.length, updated: comparison.updates.length, unchanged: comparison.unchanged, rejected: new Set(plan.rejections.map((r) => r.row)).size, merged: plan.merged };
  }

  private report(plan: Plan, comparison: Comparison, reviewCodes: ReadonlyMap<string, string>): ImportReportDto {
    const cite = (r: PlannedRecommendation) => (r.documentSymbol && r.paragraph ? `${r.documentSymbol} para ${r.paragraph}${r.part ? ` ${r.part}` : ''}` : r.externalCode);
    // Only the listed ones are built (creates first, then updates).
    const creates = comparison.creates.slice(0, MAX_LISTED_CHANGES);
    const updates = comparison.updates.slice(0, MAX_LISTED_CHANGES - creates.length);
    const changes: ImportChangeDto[] = [
      ...creates.map(({ rec }) => ({ rows: rec.rows.slice(0, 50), action: 'new' as const, recommendationId: null, citation: cite(rec), fields: [] })),
      ...updates.map((u, i) => ({
        rows: u.rec.rows.slice(0, 50),
        action: 'updated' as const,
        recommendationId: u.existing.id,
        citation: cite(u.rec),
        fields: Object.keys(u.changes),
        // Before → after of every changed field, for the first MAX_DETAILED_UPDATES (the report stays small).
        ...(i < MAX_DETAILED_UPDATES ? { changes: describeChanges(u.changes, reviewCodes) } : {}),
      })),
    ];
    return {
      rejections: plan.rejections.slice(0, MAX_LISTED_REJECTIONS),
      rejectionsTruncated: plan.rejections.length > MAX_LISTED_REJECTIONS,
      unknownLabels: plan.unknownLabels.slice(0, MAX_LISTED_UNKNOWN),
      unknownLabelsMore: Math.max(0, plan.unknownLabels.length - MAX_LISTED_UNKNOWN),
      parameters: plan.parameters,
      createdLabels: plan.newLabels.map((l) => ({ field: l.field, code: l.code, label: l.label })),
      createdReviews: plan.newReviews.map((r) => r.code),
      changes,
    };
  }
}

/**
 * A random UUID as one flat string. Node assembles `randomUUID()` from some twenty concatenated
 * pieces, which V8 keeps as a tree (~490 bytes a UUID, ~65 once copied flat): a commit holds one
 * per new recommendation, 40,000 in the benchmark file (~17 MB less).
 */
function flatUuid(): string {
  return Buffer.from(randomUUID(), 'latin1').toString('latin1');
}

/** The columns of new recommendations (`id`: the comparison's). */
function newRecommendationRows(batch: ReadonlyArray<{ rec: PlannedRecommendation; id: string }>): NewRecommendationRow[] {
  return batch.map(({ rec, id }) => ({
    id,
    kind: rec.kind,
    mechanism: rec.mechanism,
    bodyId: rec.bodyId,
    reviewId: rec.reviewId,
    documentSymbol: rec.documentSymbol,
    paragraph: rec.paragraph,
    externalCode: rec.externalCode,
    textAr: rec.texts.ar ?? null,
    textFr: rec.texts.fr ?? null,
    textEn: rec.texts.en ?? null,
    response: rec.response ?? null,
    status: rec.status ?? 'not_started',
  }));
}

/** What updating `match` with `rec` would change: the column patch, the lists to replace, the institutions to add, the audit changes. */
function changesAgainst(rec: PlannedRecommendation, match: ExistingRecommendation): PlannedUpdate {
  const patch: RecommendationPatch = {};
  const changes: FieldChanges = {};
  const set = <K extends keyof RecommendationPatch>(field: K, before: unknown, after: RecommendationPatch[K] | undefined) => {
    if (after === undefined || after === null || before === after) return;
    patch[field] = after;
    changes[field] = { before: before ?? null, after };
  };
  // Texts are compared in their one normal form (normalizeRecommendationText: white space, line
  // ends, no trailing ";"), which the planner has already given the file's texts: a stored text
  // that differs only by these is unchanged, also one stored before the normalisation existed.
  for (const lang of ['ar', 'fr', 'en'] as const) {
    const text = rec.texts[lang];
    if (text !== undefined && match[TEXT_FIELD[lang]] !== null && sameRecommendationText(match[TEXT_FIELD[lang]], text)) continue;
    set(TEXT_FIELD[lang], match[TEXT_FIELD[lang]], text);
  }
  set('kind', match.kind, rec.kind);
  // A question has no response: one that becomes a question loses it.
  if (rec.kind === 'question' && match.response !== null) {
    patch.response = null;
    changes['response'] = { before: match.response, after: null };
  }
  set('documentSymbol', match.documentSymbol, rec.documentSymbol);
  set('paragraph', match.paragraph, rec.paragraph);
  set('externalCode', match.externalCode, rec.externalCode);
  set('reviewId', match.reviewId, rec.reviewId);
  set('response', match.response, rec.response);
  set('status', match.status, rec.status);
  const lists: Partial<Record<LinkField, string[]>> = {};
  for (const field of LINK_FIELDS) {
    const codes = rec.lists[field];
    if (codes === undefined || sameSet(codes, match.lists[field])) continue;
    lists[field] = codes;
    changes[LIST_AUDIT_FIELDS[field]] = { before: sorted(match.lists[field]), after: sorted([...new Set(codes)]) };
  }
  const assigned = match.lists.institutions;
  const addInstitutions = (rec.lists.institutions ?? []).filter((c) => !assigned.includes(c));
  if (addInstitutions.length) changes['institutionCodes'] = { before: assigned, after: sorted([...assigned, ...addInstitutions]) };
  return { rec, existing: match, patch, changes, lists, addInstitutions };
}

/** How often a running import renews its lease: a few seconds, well within IMPORT_LEASE_SECONDS. */
export const heartbeatMs = (leaseSeconds: number): number => Math.max(1, Math.min(5, Math.floor(leaseSeconds / 4))) * 1000;


const partOf = (code: string): string | null => {
  const m = code.match(/P\s*\d+/gi);
  return m ? m.map((p) => 'P' + p.replace(/\D/g, '')).join('') : null;
};

/** A multipart text field: absent, or a string of at most `max` characters (400 naming the field otherwise). */
function optionalText(value: unknown, field: string, max: number): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw AppException.validation({ [field]: 'validation.invalid' });
  if (value.length > max) throw AppException.validation({ [field]: 'validation.maxLength' });
  return value;
}

/** The name shown for the upload: no path, no control or bidi-override characters, at most 255 characters. */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'upload';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return (clean || 'upload').slice(0, 255);
}

/** The mapping as run (preset merged), as the job records it. */
function mappingAsRun(m: ResolvedMapping): ImportMappingDto {
  return {
    preset: m.preset,
    fields: m.fields,
    defaults: m.defaults,
    ...(Object.keys(m.valueMappings).length ? { valueMappings: m.valueMappings } : {}),
    createUnknown: m.createUnknown,
    duplicates: m.duplicates,
    ...(m.delimiter ? { delimiter: m.delimiter } : {}), ...(m.sheet ? { sheet: m.sheet } : {}) };
}

function creationChanges(rec: PlannedRecommendation): Record<string, { before: null; after: unknown }> {
  const changes: Record<string, { before: null; after: unknown }> = {};
  const put = (field: string, value: unknown) => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return;
    changes[field] = { before: null, after: value };
  };
  // Named for questions only, as the API records a creation: an event without kind is about a recommendation.
  if (rec.kind === 'question') put('kind', rec.kind);
  put('bodyId', rec.bodyId);
  put('reviewId', rec.reviewId);
  put('documentSymbol', rec.documentSymbol);
  put('paragraph', rec.paragraph);
  put('externalCode', rec.externalCode);
  put('textAr', rec.texts.ar);
  put('textFr', rec.texts.fr);
  put('textEn', rec.texts.en);
  put('response', rec.response);
  put('status', rec.status ?? 'not_started');
  for (const field of LINK_FIELDS) put(LIST_AUDIT_FIELDS[field], sorted([...new Set(rec.lists[field] ?? [])]));
  put('institutionCodes', sorted([...new Set(rec.lists.institutions ?? [])]));
  return changes;
}
