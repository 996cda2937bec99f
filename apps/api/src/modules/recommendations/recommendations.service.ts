import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Permission, type ItemKind, type RecommendationResponse, type SearchLanguage, type ValidationMessageKey } from '@sidh/domain';
import { AccessService, type Scope } from '../../access/index.js';
import { AuditRepository } from '../../audit/audit.repository.js';
import { AuditWriter } from '../../audit/audit.writer.js';
import { VersionedWriter, type VersionedTarget } from '../../audit/versioned-writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff } from '../../common/concurrency.js';
import type { RecommendationFilter, RecommendationQueryDto } from './dto/recommendation-query.dto.js';
import type {
  CreateRecommendationDto,
  HistoryDto,
  RecommendationDetailDto,
  RecommendationFacetsDto,
  RecommendationListDto,
  RecommendationSearchItemDto,
  RecommendationSummaryDto,
  UpdateRecommendationDto,
} from './dto/recommendation.dto.js';
import { toHistoryEventDto, toRecommendationDetailDto, toRecommendationFacetsDto, toRecommendationPatch, toRecommendationSummaryDto } from './dto/recommendation.mapper.js';
import { RecommendationFacetsCache, RecommendationSearchCache } from './recommendation-facets.cache.js';
import { RecommendationsRepository, TAXONOMY_FIELDS, type RecommendationSearchRow, type TaxonomyField } from './recommendations.repository.js';

/** The scalar fields recorded in the audit trail, in this order. */
const AUDITED_FIELDS = ['kind', 'textAr', 'textFr', 'textEn', 'documentSymbol', 'paragraph', 'externalCode', 'response', 'status', 'followUp', 'followUpDueDate'] as const;

/** Taxonomy fields of the DTO and the detail property holding their current codes. */
const LINK_TO_DETAIL: Record<TaxonomyField, 'recommendingStates' | 'themes' | 'affectedPersons' | 'sdgTargets' | 'axes' | 'subAxes'> = {
  recommendingStateCodes: 'recommendingStates',
  themeCodes: 'themes',
  affectedPersonCodes: 'affectedPersons',
  sdgTargetCodes: 'sdgTargets',
  axisCodes: 'axes',
  subAxisCodes: 'subAxes',
};

const target = (id: string): VersionedTarget => ({ table: 'recommendation', entityType: 'recommendation', id, label: 'Recommendation' });

@Injectable()
export class RecommendationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly recommendations: RecommendationsRepository,
    private readonly audit: AuditRepository,
    private readonly facetsCache: RecommendationFacetsCache,
    private readonly access: AccessService,
    private readonly auditWriter: AuditWriter,
    private readonly versioned: VersionedWriter,
    private readonly searchCache: RecommendationSearchCache,
  ) {}

  async list(query: RecommendationQueryDto, user: AuthUser): Promise<RecommendationListDto> {
    const scope = this.access.scopeFor(user);
    const { page, pageSize, sort, facets, ...filter } = query;
    const [{ rows, total, totalIsLowerBound, queryLanguages }, facetCounts] = await Promise.all([
      this.searchPage(filter, scope, sort, page, pageSize),
      // Deprecated alias of GET /recommendations/facets (same cache).
      facets ? this.facetCounts(filter, scope) : Promise.resolve(undefined),
    ]);
    return { items: rows.map((row) => withMatchedVia(toRecommendationSummaryDto(row), row, queryLanguages)), total, totalIsLowerBound, page, pageSize, ...(facetCounts ? { facets: facetCounts } : {}) };
  }

  /** A page of results, cached until the catalogue changes (a repeated query costs one stamp read). */
  private async searchPage(filter: RecommendationFilter, scope: Scope, sort: RecommendationQueryDto['sort'], page: number, pageSize: number) {
    const stamp = await this.recommendations.catalogueStamp();
    return this.searchCache.get(this.recommendations.searchKey(filter, scope, sort, page, pageSize), stamp, () => this.recommendations.search(filter, scope, sort, page, pageSize));
  }

  /** Facet counts of the filtered set within the caller's scope, cached until the catalogue changes. */
  facets(filter: RecommendationFilter, user: AuthUser): Promise<RecommendationFacetsDto> {
    return this.facetCounts(filter, this.access.scopeFor(user));
  }

  private async facetCounts(filter: RecommendationFilter, scope: Scope): Promise<RecommendationFacetsDto> {
    const stamp = await this.recommendations.catalogueStamp();
    return this.facetsCache.get(this.recommendations.facetsKey(filter, scope), stamp, async () => {
      // Deactivated reference entries are not offered as filters (the records keep them).
      const [rows, inactive] = await Promise.all([this.recommendations.countFacets(filter, scope), this.recommendations.inactiveFacetValues()]);
      return toRecommendationFacetsDto(inactive.size ? rows.filter((r) => !inactive.has(`${r.facet}:${r.value}`)) : rows);
    });
  }

  /** 404 (not 403) outside the caller's scope: existence is not disclosed. */
  async get(id: string, user: AuthUser): Promise<RecommendationDetailDto> {
    await this.access.requireAccess({ user, permission: Permission.RecommendationRead, entity: 'recommendation', ids: [id] });
    return this.detail(id, this.dataSource.manager);
  }

  async history(id: string, user: AuthUser): Promise<HistoryDto> {
    await this.access.requireAccess({ user, permission: Permission.RecommendationRead, entity: 'recommendation', ids: [id] });
    return { items: (await this.audit.findForEntity('recommendation', id)).map(toHistoryEventDto) };
  }

  async create(input: CreateRecommendationDto, actor: AuditActor): Promise<RecommendationDetailDto> {
    return this.dataSource.transaction(async (manager) => {
      const mechanism = await this.recommendations.findBodyMechanism(manager, input.bodyId);
      if (!mechanism) throw AppException.validation({ bodyId: 'validation.unknownCode' });
      if (input.reviewId && !(await this.recommendations.reviewBelongsToBody(manager, input.reviewId, input.bodyId))) {
        throw AppException.validation({ reviewId: 'validation.unknownCode' });
      }
      if (!input.textAr && !input.textFr && !input.textEn) throw AppException.validation({ textFr: 'validation.required' });
      assertNoResponseOnQuestion(input.kind ?? 'recommendation', input.response ?? null);
      await this.assertKnownCodes(manager, input);
      const id = await this.recommendations.insert(manager, { mechanism, bodyId: input.bodyId, reviewId: input.reviewId ?? null, ...toRecommendationPatch(input) });
      for (const field of TAXONOMY_FIELDS) {
        const codes = input[field];
        if (codes?.length) await this.recommendations.replaceLinks(manager, id, field, unique(codes));
      }
      const created = await this.detail(id, manager);
      await this.auditWriter.append(manager, actor, {
        action: 'recommendation.create',
        entityType: 'recommendation',
        entityId: id,
        changes: diff({} as Record<string, unknown>, recorded(created)),
      });
      return created;
    });
  }

  /** Conditional on the version the client read (If-Match); the audit event commits with the change. */
  async update(id: string, version: number, input: UpdateRecommendationDto, user: AuthUser, actor: AuditActor): Promise<RecommendationDetailDto> {
    await this.access.requireAccess({ user, permission: Permission.RecommendationUpdate, entity: 'recommendation', ids: [id] });
    return this.dataSource.transaction(async (manager) => {
      const read = () => this.detail(id, manager);
      const before = await this.versioned.lock(manager, target(id), version, read);
      await this.assertKnownCodes(manager, input);
      const afterTexts = {
        textAr: input.textAr !== undefined ? input.textAr : before.textAr,
        textFr: input.textFr !== undefined ? input.textFr : before.textFr,
        textEn: input.textEn !== undefined ? input.textEn : before.textEn,
      };
      if (!afterTexts.textAr && !afterTexts.textFr && !afterTexts.textEn) throw AppException.validation({ textFr: 'validation.required' });
      assertNoResponseOnQuestion(input.kind ?? before.kind, input.response !== undefined ? input.response : before.response);
      await this.versioned.update(manager, target(id), version, this.recommendations.columns(toRecommendationPatch(input)), read);
      for (const field of TAXONOMY_FIELDS) {
        const codes = input[field];
        if (codes !== undefined) await this.recommendations.replaceLinks(manager, id, field, unique(codes));
      }
      const after = await read();
      await this.auditWriter.append(manager, actor, {
        action: 'recommendation.update',
        entityType: 'recommendation',
        entityId: id,
        changes: diff(auditable(before), auditable(after)),
      });
      return after;
    });
  }

  async remove(id: string, version: number, user: AuthUser, actor: AuditActor): Promise<void> {
    await this.access.requireAccess({ user, permission: Permission.RecommendationDelete, entity: 'recommendation', ids: [id] });
    await this.dataSource.transaction(async (manager) => {
      const read = () => this.detail(id, manager);
      const before = await this.versioned.lock(manager, target(id), version, read);
      await this.versioned.delete(manager, target(id), version, read);
      const cleared = recorded(before);
      await this.auditWriter.append(manager, actor, {
        action: 'recommendation.delete',
        entityType: 'recommendation',
        entityId: id,
        changes: diff(cleared, Object.fromEntries(Object.keys(cleared).map((k) => [k, null]))),
      });
    });
  }

  /** The detail as the API shows it; 404 when the recommendation is gone. */
  private async detail(id: string, manager: EntityManager): Promise<RecommendationDetailDto> {
    const row = await this.recommendations.findDetail(id, manager);
    if (!row) throw AppException.notFound('Recommendation');
    return toRecommendationDetailDto(row);
  }

  private async assertKnownCodes(manager: EntityManager, input: UpdateRecommendationDto): Promise<void> {
    const fields: Record<string, ValidationMessageKey> = {};
    for (const field of TAXONOMY_FIELDS) {
      const codes = input[field];
      if (codes?.length && (await this.recommendations.unknownCodes(manager, field, codes)).length) fields[field] = 'validation.unknownCode';
    }
    if (Object.keys(fields).length) throw AppException.validation(fields);
  }
}

const unique = (codes: string[]) => [...new Set(codes)];

/**
 * Marks a result the words as typed did not match: it was found through the cross-language
 * vocabulary, in the languages listed (those of its texts the expanded query matched). Unmarked when
 * it matched directly or when its text in the query's language matched through a synonym.
 */
function withMatchedVia(item: RecommendationSummaryDto, row: RecommendationSearchRow, queryLanguages: readonly SearchLanguage[]): RecommendationSearchItemDto {
  if (row.directMatch !== false) return item;
  const matched = (['ar', 'fr', 'en'] as const).filter((l) => row[l === 'ar' ? 'viaAr' : l === 'fr' ? 'viaFr' : 'viaEn']);
  // A synonym in the query's own language (`peine capitale` for `peine de mort`) is not another language.
  if (matched.some((l) => queryLanguages.includes(l))) return item;
  return matched.length ? { ...item, matchedVia: matched } : item;
}

/** The fields that hold a value (not null, not an empty list): what a creation sets and a deletion clears. */
const present = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)));

/**
 * A question is answered, not accepted or noted: it never carries the state's response (on creation,
 * and after an update — making a recommendation a question needs its response cleared in the same request).
 */
function assertNoResponseOnQuestion(kind: ItemKind, response: RecommendationResponse | null): void {
  if (kind === 'question' && response !== null) throw AppException.validation({ response: 'validation.invalid' });
}

/**
 * What a creation sets and a deletion clears: the fields that hold a value. The kind is named for
 * questions only: every event written before questions existed is about a recommendation, so an
 * event without `kind` keeps meaning a recommendation.
 */
function recorded(detail: RecommendationDetailDto): Record<string, unknown> {
  const record = present(auditable(detail));
  if (record['kind'] === 'recommendation') delete record['kind'];
  return record;
}

/** The recorded shape of a recommendation: scalar fields and taxonomy codes. */
function auditable(detail: RecommendationDetailDto): Record<string, unknown> {
  const record: Record<string, unknown> = { bodyId: detail.body.id, reviewId: detail.review?.id ?? null };
  for (const field of AUDITED_FIELDS) record[field] = detail[field];
  for (const [field, property] of Object.entries(LINK_TO_DETAIL)) record[field] = detail[property].map((r) => r.code).sort();
  return record;
}
