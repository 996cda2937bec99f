import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditWriter } from '../../audit/audit.writer.js';
import { VersionedWriter } from '../../audit/versioned-writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import { diff } from '../../common/concurrency.js';
import type {
  AdministeredListPath,
  AdministeredRefDto,
  BodyDto,
  CreateBodyDto,
  CreateListItemDto,
  CreateReviewDto,
  RefDto,
  ReviewDto,
  SdgTargetRefDto,
  SubAxisRefDto,
  UpdateBodyDto,
  UpdateListItemDto,
  UpdateReviewDto,
} from './dto/reference.dto.js';
import { toAdministeredRefDto, toBodyDto, toListDto, toReviewDto, toSdgTargetRefDto, toSubAxisRefDto } from './dto/reference.mapper.js';
import { ReferenceErrors } from './reference.errors.js';
import { CODE_LENGTH, ReferenceRepository, type AdministeredList, type LabelledList, type ReferenceEntity, type ReviewPatch } from './reference.repository.js';

/** URL segment → table. */
export const LIST_OF_PATH: Record<AdministeredListPath, AdministeredList> = { themes: 'theme', 'affected-persons': 'affected_person', axes: 'axis', 'sub-axes': 'sub_axis' };

type Verb = 'create' | 'update' | 'deactivate' | 'reactivate';

/** The audit actions (one per entity and verb), spelled out so the SPA's catalogue test finds each one. */
const ACTIONS: Record<ReferenceEntity, Record<Verb, { action: string }>> = {
  body: { create: { action: 'body.create' }, update: { action: 'body.update' }, deactivate: { action: 'body.deactivate' }, reactivate: { action: 'body.reactivate' } },
  review: { create: { action: 'review.create' }, update: { action: 'review.update' }, deactivate: { action: 'review.deactivate' }, reactivate: { action: 'review.reactivate' } },
  theme: { create: { action: 'theme.create' }, update: { action: 'theme.update' }, deactivate: { action: 'theme.deactivate' }, reactivate: { action: 'theme.reactivate' } },
  affected_person: {
    create: { action: 'affected_person.create' },
    update: { action: 'affected_person.update' },
    deactivate: { action: 'affected_person.deactivate' },
    reactivate: { action: 'affected_person.reactivate' },
  },
  axis: { create: { action: 'axis.create' }, update: { action: 'axis.update' }, deactivate: { action: 'axis.deactivate' }, reactivate: { action: 'axis.reactivate' } },
  sub_axis: { create: { action: 'sub_axis.create' }, update: { action: 'sub_axis.update' }, deactivate: { action: 'sub_axis.deactivate' }, reactivate: { action: 'sub_axis.reactivate' } },
};

/** The verb of an update: a change of `active` names the event (deactivate, reactivate), whatever else changed with it. */
const verbOf = (before: boolean, after: boolean | undefined): Verb => (after === undefined || after === before ? 'update' : after ? 'reactivate' : 'deactivate');

/** Without its version (the audit diff records what changed, not the counter). */
const fields = <T extends { version: number }>(row: T): Omit<T, 'version'> => {
  const { version: _version, ...rest } = row;
  return rest;
};

/**
 * Reference data, the same for every caller (no institution scope): the lists, and their
 * administration (reference:manage). Nothing is ever deleted: rows are deactivated, so the
 * recommendations, reports and the audit trail that name them keep their meaning. Every write is
 * conditional on the version read (If-Match → 412) and audited in its transaction; the catalogue
 * stamp moves with it (database trigger), so facet and dashboard caches are emptied at its commit,
 * and the importer reads the lists afresh for every file.
 */
@Injectable()
export class ReferenceService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reference: ReferenceRepository,
    private readonly versioned: VersionedWriter,
    private readonly audit: AuditWriter,
  ) {}

  async bodies(): Promise<BodyDto[]> {
    return (await this.reference.listBodies()).map(toBodyDto);
  }

  async reviews(): Promise<ReviewDto[]> {
    return (await this.reference.listReviews()).map(toReviewDto);
  }

  /** Themes, affected persons, SDG goals, axes or countries. */
  async labelled(list: LabelledList): Promise<RefDto[]> {
    return (await this.reference.listLabelled(list)).map(toListDto);
  }

  async sdgTargets(): Promise<SdgTargetRefDto[]> {
    return (await this.reference.listSdgTargets()).map(toSdgTargetRefDto);
  }

  async subAxes(): Promise<SubAxisRefDto[]> {
    return (await this.reference.listSubAxes()).map(toSubAxisRefDto);
  }

  // --- themes, affected persons, axes, sub-axes ---

  async createListItem(path: AdministeredListPath, input: CreateListItemDto, actor: AuditActor): Promise<AdministeredRefDto | SubAxisRefDto> {
    const list = LIST_OF_PATH[path];
    if (input.code.length > CODE_LENGTH[list]) throw ReferenceErrors.invalid('code', 'validation.maxLength');
    if (list !== 'sub_axis' && input.axisCode !== undefined) throw ReferenceErrors.invalid('axisCode', 'validation.unknownField');
    if (list === 'sub_axis' && input.axisCode === undefined) throw ReferenceErrors.invalid('axisCode', 'validation.required');
    return this.dataSource.transaction(async (manager) => {
      if (list === 'sub_axis') await this.requireActiveAxis(manager, input.axisCode!);
      const item = { code: input.code, nameAr: input.nameAr, nameFr: input.nameFr, nameEn: input.nameEn, ...(list === 'sub_axis' ? { axisCode: input.axisCode } : {}) };
      if (!(await this.reference.insertListItem(manager, list, item))) throw ReferenceErrors.duplicate('code');
      const created = await this.readListItem(manager, list, input.code);
      await this.audit.append(manager, actor, { ...ACTIONS[list].create, entityType: list, entityId: input.code, changes: diff({}, fields(created)) });
      return created;
    });
  }

  async updateListItem(path: AdministeredListPath, code: string, version: number, input: UpdateListItemDto, actor: AuditActor): Promise<AdministeredRefDto | SubAxisRefDto> {
    const list = LIST_OF_PATH[path];
    if (list !== 'sub_axis' && input.axisCode !== undefined) throw ReferenceErrors.invalid('axisCode', 'validation.unknownField');
    return this.dataSource.transaction(async (manager) => {
      const read = () => this.readListItem(manager, list, code);
      const row = await this.reference.findListItem(manager, list, code, true);
      if (!row) throw AppException.notFound('Reference item');
      const before = await read();
      if (row.version !== version) throw await this.versioned.stale(manager, { entityType: list, id: code }, before);
      if (input.axisCode !== undefined && input.axisCode !== row.axisCode) await this.requireActiveAxis(manager, input.axisCode);
      const patch = { nameAr: input.nameAr, nameFr: input.nameFr, nameEn: input.nameEn, axisCode: input.axisCode, active: input.active };
      if (!(await this.reference.updateListItem(manager, list, code, version, patch))) throw await this.versioned.stale(manager, { entityType: list, id: code }, await read());
      const after = await read();
      const changes = diff(fields(before), fields(after));
      if (input.active === false) Object.assign(changes, { usage: await this.reference.usage(manager, list, code) });
      await this.audit.append(manager, actor, { ...ACTIONS[list][verbOf(before.active, input.active)], entityType: list, entityId: code, changes });
      return after;
    });
  }

  // --- bodies ---

  async createBody(input: CreateBodyDto, actor: AuditActor): Promise<BodyDto> {
    return this.dataSource.transaction(async (manager) => {
      const id = await this.reference.insertBody(manager, { code: input.code, mechanism: input.mechanism, nameAr: input.nameAr, nameFr: input.nameFr, nameEn: input.nameEn, followUpMonths: input.followUpMonths ?? null });
      if (!id) throw ReferenceErrors.duplicate('code');
      const created = await this.readBody(manager, id);
      await this.audit.append(manager, actor, { ...ACTIONS.body.create, entityType: 'body', entityId: id, changes: diff({}, fields(created)) });
      return created;
    });
  }

  async updateBody(id: string, version: number, input: UpdateBodyDto, actor: AuditActor): Promise<BodyDto> {
    return this.dataSource.transaction(async (manager) => {
      const read = () => this.readBody(manager, id);
      const row = await this.reference.findBody(manager, id, true);
      if (!row) throw AppException.notFound('Body');
      const before = toBodyDto(row);
      if (row.version !== version) throw await this.versioned.stale(manager, { entityType: 'body', id }, before);
      const patch = { nameAr: input.nameAr, nameFr: input.nameFr, nameEn: input.nameEn, followUpMonths: input.followUpMonths, active: input.active };
      if (!(await this.reference.updateBody(manager, id, version, patch))) throw await this.versioned.stale(manager, { entityType: 'body', id }, await read());
      const after = await read();
      await this.audit.append(manager, actor, { ...ACTIONS.body[verbOf(before.active, input.active)], entityType: 'body', entityId: id, changes: diff(fields(before), fields(after)) });
      return after;
    });
  }

  // --- reviews ---

  async createReview(input: CreateReviewDto, actor: AuditActor): Promise<ReviewDto> {
    return this.dataSource.transaction(async (manager) => {
      const body = await this.reference.findBody(manager, input.bodyId);
      if (!body) throw ReferenceErrors.invalid('bodyId', 'validation.unknownCode');
      if (input.mechanism !== undefined && input.mechanism !== body.mechanism) throw ReferenceErrors.invalid('bodyId');
      if (!body.active) throw ReferenceErrors.invalid('bodyId');
      const review = { bodyId: body.id, code: input.code, titleAr: input.titleAr, titleFr: input.titleFr, titleEn: input.titleEn, ...this.reviewFields(body.mechanism, input, null) };
      if (await this.reference.reviewCodeTaken(manager, body.id, review.code, null)) throw ReferenceErrors.duplicate('code');
      if (review.documentSymbol && (await this.reference.symbolTaken(manager, review.documentSymbol, null))) throw ReferenceErrors.duplicate('documentSymbol');
      const id = await this.reference.insertReview(manager, { ...review, cycle: review.cycle ?? null, session: review.session ?? null, year: review.year ?? null, reviewDate: review.reviewDate ?? null, documentSymbol: review.documentSymbol ?? null });
      if (!id) throw ReferenceErrors.duplicate('code');
      const created = await this.readReview(manager, id);
      await this.audit.append(manager, actor, { ...ACTIONS.review.create, entityType: 'review', entityId: id, changes: diff({}, fields(created)) });
      return created;
    });
  }

  async updateReview(id: string, version: number, input: UpdateReviewDto, actor: AuditActor): Promise<ReviewDto> {
    return this.dataSource.transaction(async (manager) => {
      const read = () => this.readReview(manager, id);
      const row = await this.reference.findReview(manager, id, true);
      if (!row) throw AppException.notFound('Review');
      const before = toReviewDto(row);
      if (row.version !== version) throw await this.versioned.stale(manager, { entityType: 'review', id }, before);
      const body = (await this.reference.findBody(manager, row.bodyId))!;
      const patch: ReviewPatch = { code: input.code, titleAr: input.titleAr, titleFr: input.titleFr, titleEn: input.titleEn, active: input.active, ...this.reviewFields(body.mechanism, input, row) };
      if (patch.code !== undefined && (await this.reference.reviewCodeTaken(manager, row.bodyId, patch.code, id))) throw ReferenceErrors.duplicate('code');
      if (patch.documentSymbol && (await this.reference.symbolTaken(manager, patch.documentSymbol, id))) throw ReferenceErrors.duplicate('documentSymbol');
      if (!(await this.reference.updateReview(manager, id, version, patch))) throw await this.versioned.stale(manager, { entityType: 'review', id }, await read());
      const after = await read();
      await this.audit.append(manager, actor, { ...ACTIONS.review[verbOf(before.active, input.active)], entityType: 'review', entityId: id, changes: diff(fields(before), fields(after)) });
      return after;
    });
  }

  /**
   * The cycle, session, date, year and symbol of a review as they will be stored, checked against
   * its body's mechanism: a cycle is a UPR notion; the year, when given with a date, is the date's
   * (and follows the date when only the date is given). `current` is the stored review (updates).
   */
  private reviewFields(mechanism: string, input: UpdateReviewDto | CreateReviewDto, current: { year: number | null; reviewDate: string | null } | null): ReviewPatch {
    if (input.cycle !== undefined && input.cycle !== null && mechanism !== 'UPR') throw ReferenceErrors.invalid('cycle');
    if (input.reviewDate !== undefined && input.reviewDate !== null) {
      const date = new Date(`${input.reviewDate}T00:00:00Z`);
      const real = /^\d{4}-\d{2}-\d{2}$/.test(input.reviewDate) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === input.reviewDate;
      if (!real) throw ReferenceErrors.invalid('reviewDate', 'validation.date');
    }
    const dateYear = input.reviewDate ? Number(input.reviewDate.slice(0, 4)) : input.reviewDate === undefined && current?.reviewDate ? Number(current.reviewDate.slice(0, 4)) : null;
    if (dateYear !== null && input.reviewDate && (dateYear < 1945 || dateYear > 2100)) throw ReferenceErrors.invalid('reviewDate', 'validation.date');
    let year = input.year;
    if (year !== undefined && year !== null && dateYear !== null && year !== dateYear) throw ReferenceErrors.invalid('year');
    if (year === undefined && input.reviewDate) year = dateYear;
    return { cycle: input.cycle, session: input.session, reviewDate: input.reviewDate, year, documentSymbol: input.documentSymbol };
  }

  private async requireActiveAxis(manager: EntityManager, axisCode: string): Promise<void> {
    const axis = await this.reference.findListItem(manager, 'axis', axisCode);
    if (!axis || !axis.active) throw ReferenceErrors.invalid('axisCode', 'validation.unknownCode');
  }

  private async readListItem(db: EntityManager, list: AdministeredList, code: string): Promise<AdministeredRefDto | SubAxisRefDto> {
    const row = await this.reference.findListItem(db, list, code);
    if (!row) throw AppException.notFound('Reference item');
    return list === 'sub_axis' ? toSubAxisRefDto(row as typeof row & { axisCode: string }) : toAdministeredRefDto(row);
  }

  private async readBody(db: EntityManager, id: string): Promise<BodyDto> {
    const row = await this.reference.findBody(db, id);
    if (!row) throw AppException.notFound('Body');
    return toBodyDto(row);
  }

  private async readReview(db: EntityManager, id: string): Promise<ReviewDto> {
    const row = await this.reference.findReview(db, id);
    if (!row) throw AppException.notFound('Review');
    return toReviewDto(row);
  }
}
