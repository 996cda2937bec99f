import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { isInstitutionScoped } from '@sidh/domain';
import { appendAuditEvent, type AuditActor } from '../../audit/audit.writer.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { AppException } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff, staleError } from '../../common/concurrency.js';
import type { RecommendationFilter, RecommendationQueryDto } from './dto/recommendation-query.dto.js';
import type {
  CreateRecommendationDto,
  HistoryDto,
  RecommendationDetailDto,
  RecommendationFacetsDto,
  RecommendationListDto,
  UpdateRecommendationDto,
} from './dto/recommendation.dto.js';
import { RecommendationFacetsCache } from './recommendation-facets.cache.js';
import { RecommendationsRepository, TAXONOMY_LINKS, toDetail, toSummary, type Scope, type TaxonomyField } from './recommendations.repository.js';

const SCALAR_FIELDS = {
  textAr: 'text_ar',
  textFr: 'text_fr',
  textEn: 'text_en',
  documentSymbol: 'document_symbol',
  paragraph: 'paragraph',
  externalCode: 'external_code',
  response: 'response',
  status: 'status',
  followUp: 'follow_up',
  followUpDueDate: 'follow_up_due_date',
} as const;
type ScalarField = keyof typeof SCALAR_FIELDS;

/** Taxonomy fields of the DTO and the detail property holding their current codes. */
const LINK_TO_DETAIL: Record<TaxonomyField, keyof RecommendationDetailDto> = {
  recommendingStateCodes: 'recommendingStates',
  themeCodes: 'themes',
  affectedPersonCodes: 'affectedPersons',
  sdgTargetCodes: 'sdgTargets',
  axisCodes: 'axes',
  subAxisCodes: 'subAxes',
};

export const scopeOf = (user: AuthUser): Scope => ({ institutionId: isInstitutionScoped(user.role) ? (user.institutionId ?? '00000000-0000-0000-0000-000000000000') : null });

@Injectable()
export class RecommendationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recommendations: RecommendationsRepository,
    private readonly audit: AuditRepository,
    private readonly facetsCache: RecommendationFacetsCache,
  ) {}

  async list(query: RecommendationQueryDto, user: AuthUser): Promise<RecommendationListDto> {
    const scope = scopeOf(user);
    const { page, pageSize, sort, facets, ...filter } = query;
    const [{ rows, total, totalIsLowerBound }, facetCounts] = await Promise.all([
      this.recommendations.search(filter, scope, sort, page, pageSize),
      // Deprecated alias of GET /recommendations/facets (same cache).
      facets ? this.facetCounts(filter, scope) : Promise.resolve(undefined),
    ]);
    return { items: rows.map(toSummary), total, totalIsLowerBound, page, pageSize, ...(facetCounts ? { facets: facetCounts } : {}) };
  }

  /** Facet counts of the filtered set within the caller's scope, cached until the catalogue changes. */
  facets(filter: RecommendationFilter, user: AuthUser): Promise<RecommendationFacetsDto> {
    return this.facetCounts(filter, scopeOf(user));
  }

  private async facetCounts(filter: RecommendationFilter, scope: Scope): Promise<RecommendationFacetsDto> {
    const stamp = await this.recommendations.catalogueStamp();
    return this.facetsCache.get(this.recommendations.facetsKey(filter, scope), stamp, () => this.recommendations.facets(filter, scope));
  }

  /** 404 (not 403) outside the caller's scope: existence is not disclosed. */
  async get(id: string, user: AuthUser): Promise<RecommendationDetailDto> {
    const row = await this.recommendations.findDetail(id, scopeOf(user));
    if (!row) throw AppException.notFound('Recommendation');
    return toDetail(row);
  }

  async history(id: string, user: AuthUser): Promise<HistoryDto> {
    await this.get(id, user);
    const rows = await this.audit.findForEntity('recommendation', id);
    return {
      items: rows.map((r) => ({
        id: String(r.id),
        occurredAt: new Date(r.occurred_at).toISOString(),
        action: r.action,
        actor: r.actor_id ? { id: r.actor_id, name: r.actor_name, role: r.actor_role } : null,
        changes: r.changes,
      })),
    };
  }

  async create(input: CreateRecommendationDto, actor: AuditActor): Promise<RecommendationDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const mechanism = await this.recommendations.bodyMechanism(manager, input.bodyId);
      if (!mechanism) throw AppException.validation({ bodyId: 'validation.unknownCode' });
      if (input.reviewId && !(await this.recommendations.reviewBelongsToBody(manager, input.reviewId, input.bodyId))) {
        throw AppException.validation({ reviewId: 'validation.unknownCode' });
      }
      if (!input.textAr && !input.textFr && !input.textEn) throw AppException.validation({ textFr: 'validation.required' });
      await this.assertKnownCodes(manager, input);
      const values: Record<string, unknown> = { mechanism, body_id: input.bodyId, review_id: input.reviewId ?? null };
      for (const [field, column] of Object.entries(SCALAR_FIELDS)) {
        const value = input[field as ScalarField];
        if (value !== undefined) values[column] = value;
      }
      const id = await this.recommendations.insert(manager, values);
      for (const field of Object.keys(TAXONOMY_LINKS) as TaxonomyField[]) {
        const codes = input[field];
        if (codes?.length) await this.recommendations.replaceLinks(manager, id, field, unique(codes));
      }
      const created = toDetail((await this.recommendations.findDetail(id, { institutionId: null }, manager))!);
      await appendAuditEvent(manager, actor, {
        action: 'recommendation.create',
        entityType: 'recommendation',
        entityId: id,
        changes: diff({} as Record<string, unknown>, present(auditable(created))),
      });
      return created;
    });
  }

  /** Conditional on the version the client read (If-Match); the audit event commits with the change. */
  async update(id: string, version: number, input: UpdateRecommendationDto, actor: AuditActor): Promise<RecommendationDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.recommendations.lockForUpdate(manager, id);
      if (!locked) throw AppException.notFound('Recommendation');
      const before = toDetail((await this.recommendations.findDetail(id, { institutionId: null }, manager))!);
      if (locked['version'] !== version) throw staleError({ current: before, lastChange: await this.recommendations.lastChange(id, manager) });
      await this.assertKnownCodes(manager, input);
      const values: Record<string, unknown> = {};
      for (const [field, column] of Object.entries(SCALAR_FIELDS)) {
        const value = input[field as ScalarField];
        if (value !== undefined) values[column] = value;
      }
      const afterTexts = { textAr: input.textAr !== undefined ? input.textAr : before.textAr, textFr: input.textFr !== undefined ? input.textFr : before.textFr, textEn: input.textEn !== undefined ? input.textEn : before.textEn };
      if (!afterTexts.textAr && !afterTexts.textFr && !afterTexts.textEn) throw AppException.validation({ textFr: 'validation.required' });
      if (!(await this.recommendations.updateIfVersion(manager, id, version, values))) {
        throw staleError({ current: before, lastChange: await this.recommendations.lastChange(id, manager) });
      }
      for (const field of Object.keys(TAXONOMY_LINKS) as TaxonomyField[]) {
        const codes = input[field];
        if (codes !== undefined) await this.recommendations.replaceLinks(manager, id, field, unique(codes));
      }
      const after = toDetail((await this.recommendations.findDetail(id, { institutionId: null }, manager))!);
      await appendAuditEvent(manager, actor, {
        action: 'recommendation.update',
        entityType: 'recommendation',
        entityId: id,
        changes: diff(auditable(before), auditable(after)),
      });
      return after;
    });
  }

  async remove(id: string, version: number, actor: AuditActor): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.recommendations.lockForUpdate(manager, id);
      if (!locked) throw AppException.notFound('Recommendation');
      const before = toDetail((await this.recommendations.findDetail(id, { institutionId: null }, manager))!);
      if (locked['version'] !== version || !(await this.recommendations.deleteIfVersion(manager, id, version))) {
        throw staleError({ current: before, lastChange: await this.recommendations.lastChange(id, manager) });
      }
      await appendAuditEvent(manager, actor, {
        action: 'recommendation.delete',
        entityType: 'recommendation',
        entityId: id,
        changes: diff(present(auditable(before)), Object.fromEntries(Object.keys(present(auditable(before))).map((k) => [k, null]))),
      });
    });
  }

  private async assertKnownCodes(manager: EntityManager, input: UpdateRecommendationDto): Promise<void> {
    const fields: Record<string, string> = {};
    for (const field of Object.keys(TAXONOMY_LINKS) as TaxonomyField[]) {
      const codes = input[field];
      if (codes?.length && (await this.recommendations.unknownCodes(manager, TAXONOMY_LINKS[field].reference, codes)).length) fields[field] = 'validation.unknownCode';
    }
    if (Object.keys(fields).length) throw AppException.validation(fields);
  }
}

const unique = (codes: string[]) => [...new Set(codes)];

/** The fields that hold a value (not null, not an empty list): what a creation sets and a deletion clears. */
const present = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));

/** The recorded shape of a recommendation: scalar fields and taxonomy codes. */
function auditable(detail: RecommendationDetailDto): Record<string, unknown> {
  const record: Record<string, unknown> = { bodyId: detail.body.id, reviewId: detail.review?.id ?? null };
  for (const field of Object.keys(SCALAR_FIELDS) as ScalarField[]) record[field] = detail[field];
  for (const [field, property] of Object.entries(LINK_TO_DETAIL)) record[field] = (detail[property] as Array<{ code: string }>).map((r) => r.code).sort();
  return record;
}
