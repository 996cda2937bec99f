import { HttpStatus, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EntityManager } from 'typeorm';
import type { AuditActor } from '../../audit/audit.writer.js';
import { AppException } from '../../common/app-exception.js';
import { AppConfig } from '../../config/app-config.js';
import type { ImportChangeDto, ImportJobDetailDto, ImportJobDto, ImportJobListDto, ImportPresetListDto, ImportReportDto } from './dto/import.dto.js';
import { ImportException, ImportFileError, ImportRowError } from './import.errors.js';
import { LIST_TABLES, ImportsRepository, type AuditRow, type ExistingRecommendation, type LinkField, type NewRecommendationRow } from './imports.repository.js';
import { LIST_TARGETS, PRESET_NAMES, parseMapping, type ListTarget, type ResolvedMapping } from './mapping.js';
import { identityKeys, planImport, type Plan, type PlannedRecommendation, type TextLang } from './planner.js';
import { PRESETS } from './presets.js';
import { readSource } from './source-reader.js';

const MAX_LISTED_REJECTIONS = 5000;
const MAX_LISTED_CHANGES = 1000;
const BATCH = 2000;

const PRESET_INFO: Record<string, { description: string; formats: string[] }> = {
  custom: { description: 'No preset: map every column yourself.', formats: ['csv', 'xlsx', 'json'] },
  uhri: { description: 'OHCHR Universal Human Rights Index export (JSON: Symbol, Text, Body, Countries, Themes, AffectedPersons, Sdgs).', formats: ['json'] },
  'upr-info': { description: 'UPR Info database CSV (To, Text, From, Response, Issue, Session): one row per recommending state; identical texts of a review merge.', formats: ['csv', 'xlsx'] },
  didh: { description: "The coordinating body's bilingual (French/Arabic) sheet: DIDH codes (R144.110 P2), recommending state, axes, status, responsible institutions.", formats: ['csv', 'xlsx'] },
  'un-report-csv': { description: 'Recommendations parsed from a UPR working-group report (document_symbol, recommendation_id, text, recommending_states, response_in_report).', formats: ['csv', 'xlsx'] },
  'sidh-export': { description: "This system's own export (GET /recommendations/export): export, edit, import back.", formats: ['csv', 'xlsx'] },
};

export interface UploadInput {
  buffer: Buffer;
  fileName: string;
  mapping: unknown;
  dryRun: boolean;
  actor: AuditActor;
  /** Wait for the commit (CLI); otherwise the commit runs after the response (202). */
  wait?: boolean;
  onProgress?: (processed: number, total: number) => void;
}

interface Comparison {
  creates: Array<{ rec: PlannedRecommendation; id: string }>;
  updates: Array<{ rec: PlannedRecommendation; existing: ExistingRecommendation; values: Record<string, unknown>; lists: Partial<Record<ListTarget, string[]>>; addInstitutions: string[]; changes: Record<string, { before: unknown; after: unknown }> }>;
  unchanged: number;
}

const TEXT_COLUMN: Record<TextLang, 'textAr' | 'textFr' | 'textEn'> = { ar: 'textAr', fr: 'textFr', en: 'textEn' };
const sorted = (a: string[]) => [...a].sort();
const sameSet = (a: string[], b: string[]) => JSON.stringify(sorted([...new Set(a)])) === JSON.stringify(sorted([...new Set(b)]));

@Injectable()
export class ImportsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ImportsService.name);
  /** Live progress of the commits running in this process. */
  private readonly progress = new Map<string, { processed: number; total: number }>();

  constructor(
    private readonly imports: ImportsRepository,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const n = await this.imports.failInterrupted();
      if (n) this.logger.warn(`${n} import(s) interrupted by a restart marked failed`);
    } catch {
      // The table may not exist yet (before the first migration); nothing was running then.
    }
  }

  presets(): ImportPresetListDto {
    return {
      items: PRESET_NAMES.map((name) => ({ name, ...PRESET_INFO[name]!, mapping: PRESETS[name] })),
      fileErrorCodes: Object.values(ImportFileError),
      rowErrorCodes: Object.values(ImportRowError),
    };
  }

  /** Reads, plans and records an upload; a dry run reports, a commit starts (or, with `wait`, finishes). */
  async upload(input: UploadInput): Promise<{ status: HttpStatus; job: ImportJobDetailDto }> {
    const mapping = parseMapping(input.mapping, PRESETS);
    const table = await readSource(input.buffer, input.fileName, {
      maxRows: this.config.IMPORT_MAX_ROWS,
      maxUncompressedBytes: this.config.IMPORT_MAX_UNCOMPRESSED_BYTES,
      maxEntries: 1000,
      ...(mapping.sheet ? { sheet: mapping.sheet } : {}),
      ...(mapping.delimiter ? { delimiter: mapping.delimiter } : {}),
    });
    const plan = planImport(table, mapping, await this.imports.loadLookups());
    const comparison = this.compare(plan, await this.candidates(this.imports.manager, plan));
    const report = this.report(plan, comparison);
    const counts = this.counts(plan, comparison);
    const storedName = `${randomUUID()}.${table.format}`;
    await mkdir(path.join(this.config.UPLOAD_DIR, 'imports'), { recursive: true });
    await writeFile(path.join(this.config.UPLOAD_DIR, 'imports', storedName), input.buffer, { flag: 'wx', mode: 0o600 });
    const rejected = !input.dryRun && plan.rejections.length > 0;
    const jobId = await this.imports.insertJob({
      createdById: input.actor.userId,
      fileName: displayName(input.fileName),
      storedName,
      sha256: createHash('sha256').update(input.buffer).digest('hex'),
      sizeBytes: input.buffer.length,
      format: table.format,
      encoding: table.encoding,
      delimiter: table.delimiter,
      mapping: mappingAsRun(mapping),
      dryRun: input.dryRun,
      status: input.dryRun ? 'succeeded' : rejected ? 'rejected' : 'running',
      totalRows: plan.totalRows,
      processedRows: input.dryRun || rejected ? plan.totalRows : 0,
      counts,
      report: report as unknown as Record<string, unknown>,
    });
    if (rejected) {
      throw new ImportException(ImportFileError.RowsRejected, `${plan.rejections.length} row(s) rejected: nothing was imported`, { importId: jobId, counts, report });
    }
    if (input.dryRun) return { status: HttpStatus.OK, job: (await this.get(jobId))! };
    this.progress.set(jobId, { processed: 0, total: plan.totalRows });
    const run = this.commit(jobId, plan, input.actor, input.onProgress);
    if (input.wait) {
      await run;
      return { status: HttpStatus.CREATED, job: (await this.get(jobId))! };
    }
    void run;
    return { status: HttpStatus.ACCEPTED, job: (await this.get(jobId))! };
  }

  /** All-or-nothing: one transaction; the job row ends `succeeded`, or `failed` with nothing written. */
  private async commit(jobId: string, plan: Plan, actor: AuditActor, onProgress?: (processed: number, total: number) => void): Promise<void> {
    const total = plan.totalRows;
    let processed = 0;
    let lastWritten = 0;
    const advance = async (rows: number) => {
      processed = Math.min(total, processed + rows);
      this.progress.set(jobId, { processed, total });
      onProgress?.(processed, total);
      if (!this.imports.singleConnection && processed - lastWritten >= 5000) {
        lastWritten = processed;
        await this.imports.setProgress(jobId, processed).catch(() => undefined);
      }
    };
    try {
      const counts = await this.imports.transaction(async (manager) => {
        await this.imports.lockImports(manager);
        // Compared again under the lock: what the upload saw may have changed since.
        const comparison = this.compare(plan, await this.candidates(manager, plan));
        await this.write(manager, jobId, plan, comparison, actor, advance);
        const counts = this.counts(plan, comparison);
        await this.imports.finishJob(jobId, { status: 'succeeded', processedRows: total, counts }, manager);
        return counts;
      });
      onProgress?.(total, total);
      this.logger.log(`import ${jobId}: ${JSON.stringify(counts)}`);
    } catch (error) {
      const message = error instanceof AppException ? error.message : 'The import failed; nothing was written';
      this.logger.error({ err: error instanceof Error ? { type: error.constructor.name, message: error.message.slice(0, 300) } : String(error) }, `import ${jobId} failed`);
      await this.imports.finishJob(jobId, { status: 'failed', processedRows: processed, error: { code: error instanceof AppException ? error.code : 'import.failed', message } }).catch(() => undefined);
      if (onProgress) throw error;
    } finally {
      this.progress.delete(jobId);
    }
  }

  private async candidates(manager: EntityManager, plan: Plan): Promise<ExistingRecommendation[]> {
    const symbols = new Set<string>();
    const reviews = new Set<string>();
    const bodies = new Set<string>();
    for (const r of plan.recommendations) {
      if (r.documentSymbol) symbols.add(r.documentSymbol.replace(/\s+/g, '').toUpperCase());
      if (r.reviewId) reviews.add(r.reviewId);
      else bodies.add(r.bodyId);
    }
    if (!plan.recommendations.length) return [];
    return this.imports.loadCandidates(manager, [...symbols], [...reviews], [...bodies]);
  }

  /** Matches each planned recommendation with a stored one (by identity) and lists what changes. */
  compare(plan: Plan, existing: ExistingRecommendation[]): Comparison {
    const index = new Map<string, ExistingRecommendation[]>();
    for (const e of existing) {
      const part = e.externalCode ? (e.paragraph ? partOf(e.externalCode) : null) : null;
      const { all } = identityKeys({ ...e, part, texts: { ar: e.textAr, fr: e.textFr, en: e.textEn } });
      for (const key of all) {
        const list = index.get(key) ?? [];
        list.push(e);
        index.set(key, list);
      }
    }
    const claimed = new Set<string>();
    const result: Comparison = { creates: [], updates: [], unchanged: 0 };
    const candidatesOf = (rec: PlannedRecommendation) => {
      const { all } = identityKeys(rec);
      const keys = rec.key.startsWith('t|') ? all.filter((k) => k.startsWith('t|')) : [rec.key];
      return keys.flatMap((k) => index.get(k) ?? []).filter((e) => !claimed.has(e.id));
    };
    // First the exact matches, then the closest of what is left: a source that repeats a code
    // (DIDH) still pairs each row with the same stored recommendation on every re-import.
    const pending: PlannedRecommendation[] = [];
    for (const rec of plan.recommendations) {
      const exact = candidatesOf(rec).find((e) => Object.keys(changesAgainst(rec, e).changes).length === 0);
      if (exact) {
        claimed.add(exact.id);
        result.unchanged++;
      } else pending.push(rec);
    }
    for (const rec of pending) {
      let best: ReturnType<typeof changesAgainst> | null = null;
      for (const candidate of candidatesOf(rec)) {
        const c = changesAgainst(rec, candidate);
        if (!best || Object.keys(c.changes).length < Object.keys(best.changes).length) best = c;
      }
      if (!best) {
        result.creates.push({ rec, id: randomUUID() });
        continue;
      }
      claimed.add(best.match.id);
      result.updates.push({ rec, existing: best.match, values: best.values, lists: best.lists, addInstitutions: best.addInstitutions, changes: best.changes });
    }
    return result;
  }

  private async write(
    manager: EntityManager,
    jobId: string,
    plan: Plan,
    comparison: Comparison,
    actor: AuditActor,
    advance: (rows: number) => Promise<void>,
  ): Promise<void> {
    const audit: AuditRow[] = [];
    await this.imports.insertLabels(manager, plan.newLabels);
    for (const label of plan.newLabels) {
      const entityType = label.field === 'themes' ? 'theme' : label.field === 'affectedPersons' ? 'affected_person' : 'institution';
      audit.push({ action: `${entityType}.create`, entityType, entityId: label.id ?? label.code, changes: { code: { before: null, after: label.code }, name: { before: null, after: label.label }, importId: { before: null, after: jobId } } });
    }
    const usedReviews = new Set([...comparison.creates.map((c) => c.rec.reviewId), ...comparison.updates.map((u) => u.values['review_id'])]);
    const reviews = plan.newReviews.filter((r) => usedReviews.has(r.id));
    await this.imports.insertReviews(manager, reviews);
    for (const r of reviews) {
      audit.push({ action: 'review.create', entityType: 'review', entityId: r.id, changes: { code: { before: null, after: r.code }, titleAr: { before: null, after: r.titleAr }, titleFr: { before: null, after: r.titleFr }, titleEn: { before: null, after: r.titleEn }, cycle: { before: null, after: r.cycle }, importId: { before: null, after: jobId } } });
    }
    await this.imports.appendAuditEvents(manager, actor, audit.splice(0));

    for (let start = 0; start < comparison.creates.length; start += BATCH) {
      const batch = comparison.creates.slice(start, start + BATCH);
      const rows: NewRecommendationRow[] = batch.map(({ rec, id }) => ({
        id,
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
      await this.imports.insertRecommendations(manager, rows);
      for (const field of Object.keys(LIST_TABLES) as LinkField[]) {
        await this.imports.insertLinks(manager, field, batch.flatMap(({ rec, id }) => [...new Set(rec.lists[field] ?? [])].map((c) => [id, c] as [string, string])));
      }
      await this.imports.insertAssignments(
        manager,
        batch.flatMap(({ rec, id }) => [...new Set(rec.lists.institutions ?? [])].map((c, i) => ({ recommendationId: id, institutionCode: c, role: i === 0 ? 'lead' : 'contributor' }))),
      );
      await this.imports.insertImportLinks(manager, jobId, batch.map(({ id }) => ({ recommendationId: id, action: 'created' })));
      await this.imports.appendAuditEvents(
        manager,
        actor,
        batch.map(({ rec, id }) => ({ action: 'recommendation.create', entityType: 'recommendation', entityId: id, changes: { ...creationChanges(rec), importId: { before: null, after: jobId } } })),
      );
      await advance(batch.reduce((n, c) => n + c.rec.rows.length, 0));
    }

    for (const update of comparison.updates) {
      const { existing, values, lists, addInstitutions } = update;
      if (Object.keys(values).length || Object.keys(lists).length || addInstitutions.length) {
        if (!(await this.imports.updateRecommendation(manager, existing.id, existing.version, values))) {
          throw new AppException(HttpStatus.CONFLICT, 'concurrency.stale' as never, 'A recommendation changed during the import; nothing was written. Run the import again.');
        }
      }
      for (const [field, codes] of Object.entries(lists) as Array<[LinkField, string[]]>) {
        await this.imports.deleteLinks(manager, field, [existing.id]);
        await this.imports.insertLinks(manager, field, [...new Set(codes)].map((c) => [existing.id, c] as [string, string]));
      }
      const hasLead = (existing.lists['institutions'] ?? []).length > 0;
      await this.imports.insertAssignments(manager, addInstitutions.map((c, i) => ({ recommendationId: existing.id, institutionCode: c, role: !hasLead && i === 0 ? 'lead' : 'contributor' })));
      await this.imports.insertImportLinks(manager, jobId, [{ recommendationId: existing.id, action: 'updated' }]);
      await this.imports.appendAuditEvents(manager, actor, [
        { action: 'recommendation.update', entityType: 'recommendation', entityId: existing.id, changes: { ...update.changes, importId: { before: null, after: jobId } } },
      ]);
      await advance(update.rec.rows.length);
    }
  }

  private counts(plan: Plan, comparison: Comparison): Record<string, number> {
    return { new: comparison.creates.length, updated: comparison.updates.length, unchanged: comparison.unchanged, rejected: new Set(plan.rejections.map((r) => r.row)).size, merged: plan.merged };
  }

  private report(plan: Plan, comparison: Comparison): ImportReportDto {
    const cite = (r: PlannedRecommendation) => (r.documentSymbol && r.paragraph ? `${r.documentSymbol} para ${r.paragraph}${r.part ? ` ${r.part}` : ''}` : r.externalCode);
    const changes: ImportChangeDto[] = [
      ...comparison.creates.map(({ rec }) => ({ rows: rec.rows.slice(0, 50), action: 'new' as const, recommendationId: null, citation: cite(rec), fields: [] })),
      ...comparison.updates.map((u) => ({ rows: u.rec.rows.slice(0, 50), action: 'updated' as const, recommendationId: u.existing.id, citation: cite(u.rec), fields: Object.keys(u.changes) })),
    ].slice(0, MAX_LISTED_CHANGES);
    return {
      rejections: plan.rejections.slice(0, MAX_LISTED_REJECTIONS),
      rejectionsTruncated: plan.rejections.length > MAX_LISTED_REJECTIONS,
      unknownLabels: plan.unknownLabels.slice(0, 1000),
      createdLabels: plan.newLabels.map((l) => ({ field: l.field, code: l.code, label: l.label })),
      createdReviews: plan.newReviews.map((r) => r.code),
      changes,
    };
  }

  async get(id: string): Promise<ImportJobDetailDto | null> {
    const row = await this.imports.findJob(id, true);
    if (!row) return null;
    return { ...this.toJob(row), report: row['report'] };
  }

  /** Progress of a running commit from memory (the embedded database's one connection is busy with it). */
  async detail(id: string): Promise<ImportJobDetailDto> {
    const job = await this.get(id);
    if (!job) throw AppException.notFound('Import');
    const live = this.progress.get(id);
    if (live && job.status === 'running') job.processedRows = live.processed;
    return job;
  }

  async list(page: number, pageSize: number): Promise<ImportJobListDto> {
    const { rows, total } = await this.imports.listJobs(pageSize, (page - 1) * pageSize);
    return {
      items: rows.map((r) => {
        const job = this.toJob(r);
        const live = this.progress.get(job.id);
        if (live && job.status === 'running') job.processedRows = live.processed;
        return job;
      }),
      total,
      page,
      pageSize,
    };
  }

  async original(id: string): Promise<{ path: string; fileName: string; format: string }> {
    const row = await this.imports.findJob(id, true);
    if (!row) throw AppException.notFound('Import');
    return { path: path.join(this.config.UPLOAD_DIR, 'imports', path.basename(row['stored_name'])), fileName: row['file_name'], format: row['format'] };
  }

  private toJob(row: Record<string, any>): ImportJobDto { // eslint-disable-line @typescript-eslint/no-explicit-any
    return {
      id: row['id'],
      createdBy: row['created_by_id'] ? { id: row['created_by_id'], name: row['created_by_name'] ?? null } : null,
      createdAt: new Date(row['created_at']).toISOString(),
      finishedAt: row['finished_at'] ? new Date(row['finished_at']).toISOString() : null,
      fileName: row['file_name'],
      sha256: row['sha256'],
      sizeBytes: row['size_bytes'],
      format: row['format'],
      encoding: row['encoding'],
      delimiter: row['delimiter'],
      mapping: row['mapping'],
      dryRun: row['dry_run'],
      status: row['status'],
      totalRows: row['total_rows'],
      processedRows: row['processed_rows'],
      counts: { new: 0, updated: 0, unchanged: 0, rejected: 0, merged: 0, ...row['counts'] },
      error: row['error'] ?? null,
    };
  }
}

function changesAgainst(rec: PlannedRecommendation, match: ExistingRecommendation) {
  const values: Record<string, unknown> = {};
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  const set = (column: string, field: string, before: unknown, after: unknown) => {
    if (after === undefined || after === null || before === after) return;
    values[column] = after;
    changes[field] = { before: before ?? null, after };
  };
  // Texts are read trimmed, and XLSX (XML) turns CR LF into LF: a stored text that differs only
  // by surrounding white space or line-end style is unchanged.
  for (const lang of ['ar', 'fr', 'en'] as const) {
    if (rec.texts[lang] !== undefined && sameText(match[TEXT_COLUMN[lang]], rec.texts[lang]!)) continue;
    set(`text_${lang}`, TEXT_COLUMN[lang], match[TEXT_COLUMN[lang]], rec.texts[lang]);
  }
  set('document_symbol', 'documentSymbol', match.documentSymbol, rec.documentSymbol);
  set('paragraph', 'paragraph', match.paragraph, rec.paragraph);
  set('external_code', 'externalCode', match.externalCode, rec.externalCode);
  set('review_id', 'reviewId', match.reviewId, rec.reviewId);
  set('response', 'response', match.response, rec.response);
  set('status', 'status', match.status, rec.status);
  const lists: Partial<Record<ListTarget, string[]>> = {};
  for (const field of Object.keys(LIST_TABLES) as LinkField[]) {
    const codes = rec.lists[field];
    if (codes === undefined || sameSet(codes, match.lists[field] ?? [])) continue;
    lists[field] = codes;
    changes[LIST_TABLES[field].audit] = { before: sorted(match.lists[field] ?? []), after: sorted([...new Set(codes)]) };
  }
  const addInstitutions = (rec.lists.institutions ?? []).filter((c) => !(match.lists['institutions'] ?? []).includes(c));
  if (addInstitutions.length) changes['institutionCodes'] = { before: match.lists['institutions'] ?? [], after: sorted([...(match.lists['institutions'] ?? []), ...addInstitutions]) };
  return { match, values, changes, lists, addInstitutions };
}

const lineEnds = (s: string) => s.replace(/\r\n?/g, '\n').trim();
const sameText = (stored: string | null, read: string) => stored !== null && lineEnds(stored) === lineEnds(read);

const partOf = (code: string): string | null => {
  const m = code.match(/P\s*\d+/gi);
  return m ? m.map((p) => 'P' + p.replace(/\D/g, '')).join('') : null;
};

/** The name shown for the upload: no path, no control or bidi-override characters, at most 255 characters. */
export function displayName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'upload';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return (clean || 'upload').slice(0, 255);
}

function mappingAsRun(m: ResolvedMapping): Record<string, unknown> {
  return { preset: m.preset, fields: m.fields, defaults: m.defaults, createUnknown: m.createUnknown, duplicates: m.duplicates, ...(m.delimiter ? { delimiter: m.delimiter } : {}), ...(m.sheet ? { sheet: m.sheet } : {}) };
}

function creationChanges(rec: PlannedRecommendation): Record<string, { before: null; after: unknown }> {
  const changes: Record<string, { before: null; after: unknown }> = {};
  const put = (field: string, value: unknown) => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return;
    changes[field] = { before: null, after: value };
  };
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
  for (const field of Object.keys(LIST_TABLES) as LinkField[]) put(LIST_TABLES[field].audit, sorted([...new Set(rec.lists[field] ?? [])]));
  put('institutionCodes', sorted([...new Set(rec.lists.institutions ?? [])]));
  return changes;
}

export { LIST_TARGETS };
