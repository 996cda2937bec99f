import { HttpStatus, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ErrorCode,
  Permission,
  REPORT_TYPE_RULES,
  ReportPlanError,
  countReportDocumentWords,
  countReportWords,
  hasPermission,
  isInstitutionScoped,
  planReportSections,
  type Locale,
  type ReportAnnex,
  type ReportDocumentModel,
  type ReportPlan,
  type ReportPlanContribution,
  type ReportPlanItem,
} from '@sidh/domain';
import { AuditRepository } from '../../audit/audit.repository.js';
import { appendAuditEvent, AuditWriter } from '../../audit/audit.writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff, staleError } from '../../common/concurrency.js';
import type { Queryable } from '../../database/sql.js';
import type { HistoryDto } from '../recommendations/dto/recommendation.dto.js';
import { toHistoryEventDto } from '../recommendations/dto/recommendation.mapper.js';
import { defaultWordLimit, organisationName } from '../settings/settings.read.js';
import { renderAnnexXlsx } from './docx/report-annex-xlsx.js';
import { renderReportDocx } from './docx/report-docx.js';
import {
  REPORT_ITEMS_MAX,
  type CreateReportDto,
  type FinaliseReportDto,
  type FinalisedReportDto,
  type ReportDetailDto,
  type ReportListDto,
  type ReportQueryDto,
  type ReportSectionDto,
  type ReportVersionListDto,
  type SectionRefreshDto,
  type UpdateReportDto,
  type UpdateReportSectionDto,
} from './dto/report.dto.js';
import { sectionWords, toReportDetailDto, toReportSectionDto, toReportSummaryDto, toReportVersionDto } from './dto/report.mapper.js';
import { compareSources, sectionSources, toPlanContribution, toPlanItem } from './report-inputs.js';
import { toReportDocumentModel } from './report-model.js';
import { fromPlanError, itemsOutsideBody, overLimitUnconfirmed, ReportError, ReportException } from './reports.errors.js';
import { ReportsRepository, type ContributionSourceRow, type NewReportSection, type PlanItemRow, type ReportPatch, type ReportRow, type ReportSectionRow } from './reports.repository.js';

/** A file the controller sends as an attachment. */
export interface ReportFile {
  buffer: Buffer;
  fileName: string;
  mediaType: string;
  sha256: string;
}

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A section text up to this length is kept whole in its audit event; a longer one by hash, length and words. */
export const AUDIT_TEXT_MAX = 2000;

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * A section text as its audit event records it: always its SHA-256, length and word count (so any
 * stored text can be matched to the event that wrote it), and the text itself when it is short.
 */
export function auditedText(text: string): { sha256: string; chars: number; words: number; text?: string } {
  return { sha256: sha256(text), chars: text.length, words: countReportWords(text), ...(text.length <= AUDIT_TEXT_MAX ? { text } : {}) };
}

/** The items and validated contributions a plan is made from. */
interface PlanInputs {
  rows: PlanItemRow[];
  items: Map<string, ReportPlanItem>;
  contributionRows: ContributionSourceRow[];
  contributions: ReportPlanContribution[];
}

/** A download name the header can carry: no path, control or bidi characters; the report's title when it has one. */
function fileNameOf(title: string, suffix: string, extension: string): string {
  const stem = title
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[\\/<>:"|?*%;]/g, '_')
    .replace(/^[.\s_-]+/, '')
    .trim()
    .slice(0, 150);
  return `${stem || 'report'}${suffix}.${extension}`;
}

/** The items (by id) and the latest validated contribution of each of their assignments, as the planner reads them. */
async function loadPlanInputs(reports: ReportsRepository, ids: readonly string[], language: Locale, db: Queryable): Promise<PlanInputs> {
  const unique = [...new Set(ids)];
  const [rows, contributionRows] = await Promise.all([reports.planItems(unique, db), reports.validatedContributions(unique, db)]);
  return {
    rows,
    items: new Map(rows.map((r) => [r.id, toPlanItem(r)])),
    contributionRows,
    contributions: contributionRows.map((c) => toPlanContribution(c, language)),
  };
}

function planOrThrow(type: ReportRow['type'], items: ReportPlanItem[], contributions: ReportPlanContribution[], options: { language: Locale; groupBy: 'theme' | 'axis' | null }, field: string): ReportPlan {
  try {
    return planReportSections(type, items, contributions, { language: options.language, groupBy: options.groupBy ?? undefined });
  } catch (error) {
    throw fromPlanError(error, field);
  }
}

/**
 * Creates a report in the caller's transaction: checks the body, the review and the selection
 * (hand-picked ids or a filter, every item within the body), plans the sections from the items and
 * the latest validated contribution of each of their assignments, and stores the report, its
 * sections and one `report.create` event by `actor`. Permissions are the caller's business
 * (`ReportsService.create`). Exported for the demo seeder, which runs outside Nest with the system
 * actor and passes no writer (the process's writer is used then).
 *
 * @returns the new report's id
 */
export async function createReport(
  reports: ReportsRepository,
  manager: EntityManager,
  input: CreateReportDto,
  actor: AuditActor,
  audit: Pick<AuditWriter, 'append'> = { append: appendAuditEvent },
): Promise<string> {
  if (input.itemIds && input.filter) throw AppException.validation({ filter: 'validation.invalid' });
  if (!(await reports.bodyExists(input.bodyId, manager))) throw AppException.validation({ bodyId: 'validation.unknownCode' });
  const reviewId = input.reviewId ?? null;
  if (reviewId && (await reports.reviewBody(reviewId, manager)) !== input.bodyId) throw AppException.validation({ reviewId: 'validation.unknownCode' });

  let field = 'itemIds';
  let ids: string[];
  if (input.filter) {
    field = 'filter';
    if (input.filter.bodyId && input.filter.bodyId !== input.bodyId) throw itemsOutsideBody('filter.bodyId', []);
    ids = await reports.idsMatching(input.filter, input.bodyId, REPORT_ITEMS_MAX, manager);
    if (ids.length > REPORT_ITEMS_MAX) throw AppException.validation({ filter: 'validation.maxItems' });
  } else {
    ids = input.itemIds ?? [];
  }

  const inputs = await loadPlanInputs(reports, ids, input.language, manager);
  const unknownIds = [...new Set(ids.filter((id) => !inputs.items.has(id)))];
  if (unknownIds.length) throw new AppException(HttpStatus.BAD_REQUEST, ErrorCode.ValidationFailed, 'Unknown items', { fields: { itemIds: 'validation.unknownCode' }, unknownIds });
  const outside = inputs.rows.filter((r) => r.bodyId !== input.bodyId).map((r) => r.id);
  if (outside.length) throw itemsOutsideBody(field, outside);

  const groupBy = input.type === 'upr_national' ? (input.groupBy ?? 'theme') : null;
  const plan = planOrThrow(input.type, ids.map((id) => inputs.items.get(id)!), inputs.contributions, { language: input.language, groupBy }, field);
  const sourcesOf = sectionSources(inputs.contributionRows);
  const sections: NewReportSection[] = plan.sections.map((s) => ({
    key: s.key,
    heading: s.heading,
    body: s.body,
    words: sectionWords(s),
    itemIds: s.itemIds,
    citations: s.citations,
    sources: sourcesOf(s.key, s.itemIds),
  }));
  // The administrator's limit for the type (settings), else GA resolution 68/268's.
  const wordLimit = input.wordLimit === undefined ? await defaultWordLimit(manager, input.type) : input.wordLimit;
  const dueDate = input.dueDate ?? null;

  const reportId = await reports.insert(manager, {
    type: input.type,
    bodyId: input.bodyId,
    reviewId,
    language: input.language,
    title: input.title,
    dueDate,
    wordLimit,
    groupBy,
    createdById: actor.userId,
  });
  await reports.insertSections(manager, reportId, sections, actor.userId);
  await audit.append(manager, actor, {
    action: 'report.create',
    entityType: 'report',
    entityId: reportId,
    changes: {
      type: input.type,
      bodyId: input.bodyId,
      reviewId,
      language: input.language,
      title: input.title,
      dueDate,
      wordLimit,
      groupBy,
      ...(input.filter ? { filter: { ...input.filter } } : {}),
      itemIds: ids,
      sections: sections.length,
      words: sections.reduce((sum, s) => sum + s.words, 0),
      contributions: inputs.contributionRows.map((c) => c.id),
    },
  });
  return reportId;
}

@Injectable()
export class ReportsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reports: ReportsRepository,
    private readonly audit: AuditWriter,
    private readonly history: AuditRepository,
  ) {}

  async list(query: ReportQueryDto, user: AuthUser): Promise<ReportListDto> {
    this.assertAllowed(user, Permission.ReportRead);
    const { rows, total } = await this.reports.list({ type: query.type, bodyId: query.bodyId, status: query.status }, query.page, query.pageSize);
    return { items: rows.map(toReportSummaryDto), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, user: AuthUser): Promise<ReportDetailDto> {
    await this.requireReport(user, Permission.ReportRead, id);
    return this.detail(id);
  }

  /**
   * Plans the report from its items (hand-picked or matched by a filter within the body) and the
   * latest validated contribution of each of their assignments, and stores it with its sections and
   * one `report.create` event in one transaction (`createReport`).
   */
  async create(input: CreateReportDto, user: AuthUser, actor: AuditActor): Promise<ReportDetailDto> {
    this.assertAllowed(user, Permission.ReportGenerate);
    const id = await this.dataSource.transaction((manager) => createReport(this.reports, manager, input, actor, this.audit));
    return this.detail(id);
  }

  /**
   * Title, due date, word limit or the order of the sections (every section id, in the new order),
   * conditional on the report's version. Any change to a finalised report starts a new draft.
   */
  async update(id: string, version: number, input: UpdateReportDto, user: AuthUser, actor: AuditActor): Promise<ReportDetailDto> {
    await this.requireReport(user, Permission.ReportGenerate, id);
    return this.dataSource.transaction(async (manager) => {
      const state = await this.reports.lock(manager, id);
      if (!state) throw AppException.notFound('Report');
      const before = await this.detail(id, manager);
      if (state.version !== version) throw staleError({ current: before, lastChange: await this.audit.lastChange(manager, 'report', id) });

      const currentOrder = before.sections.map((s) => s.id);
      let order: string[] | null = null;
      if (input.sectionOrder) {
        const given = new Set(input.sectionOrder);
        const sameSet = given.size === input.sectionOrder.length && given.size === currentOrder.length && currentOrder.every((s) => given.has(s));
        if (!sameSet) throw AppException.validation({ sectionOrder: 'validation.invalid' });
        if (input.sectionOrder.some((s, i) => s !== currentOrder[i])) order = input.sectionOrder;
      }
      const patch: ReportPatch = { title: input.title, dueDate: input.dueDate, wordLimit: input.wordLimit };
      const changes: Record<string, unknown> = diff<ReportDetailDto>(before, patch);
      if (order) changes['sectionOrder'] = { before: currentOrder, after: order };
      if (before.status === 'finalised' && Object.keys(changes).length > 0) {
        patch.status = 'draft';
        changes['status'] = { before: 'finalised', after: 'draft' };
      }
      if (!(await this.reports.update(manager, id, version, patch))) throw staleError({ current: before, lastChange: await this.audit.lastChange(manager, 'report', id) });
      if (order) await this.reports.reorder(manager, id, order);
      await this.audit.append(manager, actor, { action: 'report.update', entityType: 'report', entityId: id, changes });
      return this.detail(id, manager);
    });
  }

  /**
   * A section's heading or text, conditional on the section's version (412 names who changed it
   * last). The report's version moves too (what is finalised is what the client read), and a
   * finalised report goes back to draft.
   */
  async updateSection(id: string, sectionId: string, version: number, input: UpdateReportSectionDto, user: AuthUser, actor: AuditActor): Promise<ReportSectionDto> {
    await this.requireReport(user, Permission.ReportGenerate, id);
    return this.dataSource.transaction(async (manager) => {
      const report = await this.reports.lock(manager, id);
      if (!report) throw AppException.notFound('Report');
      const locked = await this.reports.lockSection(manager, id, sectionId);
      if (!locked) throw AppException.notFound('Report section');
      const before = (await this.reports.section(id, sectionId, manager))!;
      const stale = async () => staleError({ current: toReportSectionDto((await this.reports.section(id, sectionId, manager))!), lastChange: await this.reports.sectionLastChange(manager, id, sectionId) });
      if (locked.version !== version) throw await stale();

      const heading = input.heading ?? before.heading;
      const body = input.body ?? before.body;
      const changes: Record<string, unknown> = { sectionId, key: before.key };
      if (heading !== before.heading) changes['heading'] = { before: before.heading, after: heading };
      if (body !== before.body) changes['body'] = { before: auditedText(before.body), after: auditedText(body) };
      const words = sectionWords({ heading, body });
      if (!(await this.reports.updateSection(manager, id, sectionId, version, { heading: input.heading, body: input.body, words, updatedById: user.id }))) throw await stale();
      const reportPatch: ReportPatch = {};
      if (report.status === 'finalised') {
        reportPatch.status = 'draft';
        changes['status'] = { before: 'finalised', after: 'draft' };
      }
      await this.reports.update(manager, id, report.version, reportPatch);
      await this.audit.append(manager, actor, { action: 'report.section.update', entityType: 'report', entityId: id, changes });
      return toReportSectionDto((await this.reports.section(id, sectionId, manager))!);
    });
  }

  /**
   * The section's text drawn again from the current validated contributions of its items, beside
   * its text now and what changed among its sources. Reads only: the client PATCHes what it keeps.
   */
  async refreshSection(id: string, sectionId: string, user: AuthUser): Promise<SectionRefreshDto> {
    await this.requireReport(user, Permission.ReportGenerate, id);
    const report = (await this.reports.find(id))!;
    const sections = await this.reports.sections(id);
    const section = sections.find((s) => s.id === sectionId);
    if (!section) throw AppException.notFound('Report section');
    const itemIds = [...new Set(sections.flatMap((s) => s.itemIds))];
    const inputs = await this.planInputs(itemIds, report.language);
    let proposed = section.body;
    try {
      const plan = planReportSections(report.type, [...inputs.items.values()], inputs.contributions, { language: report.language, groupBy: report.groupBy ?? undefined });
      proposed = plan.sections.find((s) => s.key === section.key)?.body ?? section.body;
    } catch (error) {
      // Every item gone from the catalogue, or none left for follow-up: nothing to propose.
      if (!(error instanceof ReportPlanError)) throw error;
    }
    const now = sectionSources(inputs.contributionRows)(section.key, section.itemIds);
    const changes = compareSources(section.sources, now);
    const names = new Map<string, { nameAr: string; nameFr: string; nameEn: string; validatedAt: Date | null }>();
    for (const c of inputs.contributionRows) names.set(c.id, { nameAr: c.institutionNameAr, nameFr: c.institutionNameFr, nameEn: c.institutionNameEn, validatedAt: c.validatedAt });
    const missing = changes.map((c) => c.contributionId).filter((c) => !names.has(c));
    for (const c of missing.length ? await this.reports.contributionInstitutions(missing) : []) names.set(c.id, c);
    return {
      current: section.body,
      proposed,
      sectionVersion: section.version,
      changed: changes.map((c) => {
        const known = names.get(c.contributionId);
        return {
          contributionId: c.contributionId,
          institution: { nameAr: known?.nameAr ?? '', nameFr: known?.nameFr ?? '', nameEn: known?.nameEn ?? '' },
          validatedAt: known?.validatedAt ? new Date(known.validatedAt).toISOString() : null,
          status: c.status,
        };
      }),
    };
  }

  async historyOf(id: string, user: AuthUser): Promise<HistoryDto> {
    await this.requireReport(user, Permission.ReportRead, id);
    return { items: (await this.history.findForEntity('report', id)).map(toHistoryEventDto) };
  }

  async versions(id: string, user: AuthUser): Promise<ReportVersionListDto> {
    await this.requireReport(user, Permission.ReportRead, id);
    return { items: (await this.reports.versions(id)).map(toReportVersionDto) };
  }

  /**
   * Freezes the report as it is at `version`: counts its words (over the limit: 422 unless
   * confirmed, nothing written), renders the Word file, stores its bytes and SHA-256 as the next
   * version, marks the report finalised and writes `report.finalise`, in one transaction that holds
   * the report's lock, so no edit can slip between the count, the file and the event.
   */
  async finalise(id: string, version: number, input: FinaliseReportDto, user: AuthUser, actor: AuditActor): Promise<FinalisedReportDto> {
    await this.requireReport(user, Permission.ReportGenerate, id);
    return this.dataSource.transaction(async (manager) => {
      const state = await this.reports.lock(manager, id);
      if (!state) throw AppException.notFound('Report');
      if (state.version !== version) throw staleError({ current: await this.detail(id, manager), lastChange: await this.audit.lastChange(manager, 'report', id) });
      const report = (await this.reports.find(id, manager))!;
      const sections = await this.reports.sections(id, manager);
      const words = countReportDocumentWords(sections);
      const overLimit = report.wordLimit !== null && words > report.wordLimit;
      const confirmed = input.confirmOverLimit === true;
      if (overLimit && !confirmed) throw overLimitUnconfirmed(words, report.wordLimit!);

      const docx = await renderReportDocx(await this.documentModel(report, sections, 'rule', manager));
      const hash = sha256(docx);
      const number = (await this.reports.lastVersionNumber(manager, id)) + 1;
      await this.reports.insertVersion(manager, id, { number, sha256: hash, docx, wordCount: words, wordLimit: report.wordLimit, overLimit, overLimitConfirmed: overLimit && confirmed, createdById: user.id });
      await this.reports.update(manager, id, version, { status: 'finalised' });
      await this.audit.append(manager, actor, {
        action: 'report.finalise',
        entityType: 'report',
        entityId: id,
        changes: { number, sha256: hash, sizeBytes: docx.length, words, wordLimit: report.wordLimit, overLimit, overLimitConfirmed: overLimit && confirmed, status: { before: report.status, after: 'finalised' } },
      });
      const stored = (await this.reports.versions(id, manager)).find((v) => v.number === number)!;
      return { ...toReportVersionDto(stored), reportVersion: version + 1 };
    });
  }

  /** The report as a Word file, rendered now from its current text (the annex from the items' current state). */
  async docx(id: string, user: AuthUser): Promise<ReportFile> {
    const model = await this.model(id, user);
    const buffer = await renderReportDocx(model);
    return { buffer, fileName: fileNameOf(model.title, '', 'docx'), mediaType: DOCX_MEDIA_TYPE, sha256: sha256(buffer) };
  }

  /** What the Word file of the report is rendered from (GET …/docx; the benchmark times the two steps apart). */
  async model(id: string, user: AuthUser): Promise<ReportDocumentModel> {
    await this.requireReport(user, Permission.ReportRead, id);
    const report = (await this.reports.find(id))!;
    return this.documentModel(report, await this.reports.sections(id), 'rule');
  }

  /** The matrix of the report's items (citation, text, status, measures, institutions) as a spreadsheet, for any report type. */
  async annexXlsx(id: string, user: AuthUser): Promise<ReportFile> {
    await this.requireReport(user, Permission.ReportRead, id);
    const report = (await this.reports.find(id))!;
    const model = await this.documentModel(report, await this.reports.sections(id), 'always');
    if (!model.annex) throw new ReportException(ReportError.EmptySelection, 'The report covers no item of the catalogue any more', 'itemIds');
    const buffer = await renderAnnexXlsx(model);
    return { buffer, fileName: fileNameOf(report.title, ' - annex', 'xlsx'), mediaType: XLSX_MEDIA_TYPE, sha256: sha256(buffer) };
  }

  /** The exact bytes stored when version `number` was finalised. */
  async versionDocx(id: string, number: number, user: AuthUser): Promise<ReportFile> {
    await this.requireReport(user, Permission.ReportRead, id);
    const [report, file] = await Promise.all([this.reports.find(id), this.reports.versionFile(id, number)]);
    if (!report || !file) throw AppException.notFound('Report version');
    return { buffer: file.docx, fileName: fileNameOf(report.title, ` v${file.number}`, 'docx'), mediaType: DOCX_MEDIA_TYPE, sha256: file.sha256 };
  }

  /** Reports belong to no institution: only roles with the permission and no institution scope see them (403 otherwise). */
  private assertAllowed(user: AuthUser, permission: Permission): void {
    if (!hasPermission(user.role, permission) || isInstitutionScoped(user.role)) throw AppException.forbidden();
  }

  private async requireReport(user: AuthUser, permission: Permission, id: string, db: Queryable = this.dataSource.manager): Promise<void> {
    this.assertAllowed(user, permission);
    if (!(await this.reports.exists(id, db))) throw AppException.notFound('Report');
  }

  private async detail(id: string, db: Queryable = this.dataSource.manager): Promise<ReportDetailDto> {
    const row = await this.reports.find(id, db);
    if (!row) throw AppException.notFound('Report');
    return toReportDetailDto(row, await this.reports.sections(id, db), await this.reports.versions(id, db));
  }

  /** The items (by id) and the latest validated contribution of each of their assignments, as the planner reads them. */
  private planInputs(ids: readonly string[], language: Locale, db: Queryable = this.dataSource.manager): Promise<PlanInputs> {
    return loadPlanInputs(this.reports, ids, language, db);
  }

  /**
   * The Word export's model of a stored report: its sections as edited, the title page, and the
   * annex recomputed from its items' current status and validated contributions — when the type
   * has one (`rule`) or in any case (`always`, the spreadsheet).
   */
  private async documentModel(report: ReportRow, sections: readonly ReportSectionRow[], annex: 'rule' | 'always', db: Queryable = this.dataSource.manager): Promise<ReportDocumentModel> {
    const itemIds = [...new Set(sections.flatMap((s) => s.itemIds))];
    const withAnnex = annex === 'always' || REPORT_TYPE_RULES[report.type].annex;
    const questionSymbols = (rows: readonly PlanItemRow[]) => [...new Set(rows.filter((r) => r.kind === 'question' && r.documentSymbol).map((r) => r.documentSymbol!))].sort();
    let matrix: ReportAnnex | null = null;
    let symbols: string[];
    if (withAnnex) {
      const inputs = await this.planInputs(itemIds, report.language, db);
      symbols = questionSymbols(inputs.rows);
      try {
        matrix = planReportSections(report.type, itemIds.filter((i) => inputs.items.has(i)).map((i) => inputs.items.get(i)!), inputs.contributions, {
          language: report.language,
          groupBy: report.groupBy ?? undefined,
          annex: true,
        }).annex;
      } catch (error) {
        if (!(error instanceof ReportPlanError)) throw error;
      }
    } else {
      symbols = questionSymbols(await this.reports.planItems(itemIds, db));
    }
    return toReportDocumentModel({ report, sections, annex: matrix, questionSymbols: symbols, organisation: await organisationName(db, report.language) });
  }
}
