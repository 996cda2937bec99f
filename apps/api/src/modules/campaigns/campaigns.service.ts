import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Permission } from '@sidh/domain';
import { AccessService, type Scope } from '../../access/index.js';
import { appendAuditEvent, AuditWriter } from '../../audit/audit.writer.js';
import { VersionedWriter } from '../../audit/versioned-writer.js';
import { AppException, ErrorCode } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff } from '../../common/concurrency.js';
import type { Queryable } from '../../database/sql.js';
import { ContributionsRepository } from '../contributions/contributions.repository.js';
import { toContributionSummaryDto } from '../contributions/dto/contribution.mapper.js';
import { requireActiveInstitutions } from '../institutions/institution-rules.js';
import { RemindersService } from '../notifications/reminders.service.js';
import type { CampaignScope } from './campaign.entity.js';
import { campaignTarget, CampaignsRepository, type CampaignPatch } from './campaigns.repository.js';
import type {
  CampaignDetailDto,
  CampaignExportQueryDto,
  CampaignInstitutionDto,
  CampaignListDto,
  CampaignQueryDto,
  CampaignReminderResultDto,
  CreateCampaignDto,
  InstitutionsWithoutValidatorDto,
  UpdateCampaignDto,
} from './dto/campaign.dto.js';
import { progressCsv } from './progress-export.js';
import { toCampaignDetailDto, toCampaignSummaryDto, toInstitutionProgressDto } from './dto/campaign.mapper.js';

export interface OpenCampaignInput {
  title: string;
  description: string;
  deadline: string;
  scope: CampaignScope;
  institutionIds: readonly string[];
}

/**
 * Opens a campaign in the caller's transaction: the campaign, its institutions, the expected
 * contributions (drafts), and its audit event. Exported for the demo seeder, which runs outside
 * Nest and passes no writer (the process's writer is used then).
 */
export async function openCampaign(
  campaigns: CampaignsRepository,
  manager: EntityManager,
  input: OpenCampaignInput,
  actor: AuditActor,
  audit: Pick<AuditWriter, 'append'> = { append: appendAuditEvent },
): Promise<{ id: string; expected: number }> {
  const institutionIds = [...new Set(input.institutionIds)];
  const unknown = await campaigns.unknownInstitutions(manager, institutionIds);
  if (unknown.length) throw AppException.validation({ institutionIds: 'validation.unknownCode' });
  await requireActiveInstitutions(manager, institutionIds);
  const id = await campaigns.insert(manager, { title: input.title, description: input.description, deadline: input.deadline, scope: input.scope, createdById: actor.userId });
  await campaigns.addInstitutions(manager, id, institutionIds);
  const expected = await campaigns.createExpectedContributions(manager, id, input.scope, institutionIds);
  await audit.append(manager, actor, {
    action: 'campaign.open',
    entityType: 'campaign',
    entityId: id,
    changes: { title: input.title, deadline: input.deadline, scope: input.scope, institutionIds, expectedContributions: expected },
  });
  return { id, expected };
}

/** A 404 of the access check, answered under another name (the route's resource). */
const notFoundAs =
  (label: string) =>
  (error: unknown): never => {
    throw error instanceof AppException && error.status === HttpStatus.NOT_FOUND ? AppException.notFound(label) : error;
  };

@Injectable()
export class CampaignsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly contributions: ContributionsRepository,
    private readonly access: AccessService,
    private readonly versioned: VersionedWriter,
    private readonly audit: AuditWriter,
    private readonly reminders: RemindersService,
  ) {}

  /** Scoped callers see the campaigns concerning their institution, and only its progress. */
  async list(query: CampaignQueryDto, user: AuthUser): Promise<CampaignListDto> {
    const { rows, total } = await this.campaigns.list(this.access.scopeFor(user), query.status, query.page, query.pageSize);
    return { items: rows.map(toCampaignSummaryDto), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string, user: AuthUser): Promise<CampaignDetailDto> {
    const scope = await this.access.requireAccess({ user, permission: Permission.CampaignRead, entity: 'campaign', ids: [id] });
    return this.detail(id, scope);
  }

  /** One institution's progress and contributions in a campaign; 404 for another institution of a scoped caller. */
  async institution(id: string, institutionId: string, user: AuthUser): Promise<CampaignInstitutionDto> {
    const scope = await this.access.requireAccess({ user, permission: Permission.CampaignRead, entity: 'campaign', ids: [id] }).catch(notFoundAs('Campaign institution'));
    await this.access.requireAccess({ user, permission: Permission.CampaignRead, entity: 'institution', ids: [institutionId] }).catch(notFoundAs('Campaign institution'));
    const [progress] = await this.campaigns.progressByInstitution(id, scope, institutionId);
    if (!progress) throw AppException.notFound('Campaign institution');
    const { rows } = await this.contributions.search({ campaignId: id, institutionId }, scope, 1, 10000);
    return { progress: toInstitutionProgressDto(progress), contributions: rows.map((r) => toContributionSummaryDto(r, user.role)) };
  }

  async create(input: CreateCampaignDto, user: AuthUser, actor: AuditActor): Promise<CampaignDetailDto> {
    if (!input.scope.filter && !input.scope.recommendationIds) throw AppException.validation({ 'scope.filter': 'validation.required' });
    const scope: CampaignScope = {
      ...(input.scope.filter ? { filter: { ...input.scope.filter } as Record<string, unknown> } : {}),
      ...(input.scope.recommendationIds ? { recommendationIds: [...new Set(input.scope.recommendationIds)] } : {}),
    };
    const { id } = await this.dataSource.transaction((manager) =>
      openCampaign(this.campaigns, manager, { title: input.title, description: input.description ?? '', deadline: input.deadline, scope, institutionIds: input.institutionIds }, actor, this.audit),
    );
    return this.detail(id, this.access.scopeFor(user));
  }

  /** Title, description, deadline or status, conditional on the version the client read. */
  async update(id: string, version: number, input: UpdateCampaignDto, user: AuthUser, actor: AuditActor): Promise<CampaignDetailDto> {
    const scope = await this.access.requireAccess({ user, permission: Permission.CampaignManage, entity: 'campaign', ids: [id] });
    await this.dataSource.transaction(async (manager) => {
      const target = campaignTarget(id);
      const read = () => this.detail(id, scope, manager);
      const before = await this.versioned.lock(manager, target, version, read);
      const { title, description, deadline, status } = input;
      const patch: CampaignPatch = { title, description, deadline, status };
      await this.versioned.update(manager, target, version, this.campaigns.columns(patch), read);
      await this.audit.append(manager, actor, { action: 'campaign.update', entityType: 'campaign', entityId: id, changes: diff<CampaignPatch>(before, patch) });
    });
    return this.detail(id, scope);
  }

  /**
   * "Send a reminder now": the focal points of every contribution not yet submitted, at most once a
   * day per contribution; audited in the same transaction. 409 when the campaign is closed.
   */
  async remind(id: string, user: AuthUser, actor: AuditActor): Promise<CampaignReminderResultDto> {
    await this.access.requireAccess({ user, permission: Permission.CampaignManage, entity: 'campaign', ids: [id] });
    const result = await this.dataSource.transaction(async (manager) => {
      const campaign = await this.versioned.lock(manager, campaignTarget(id), null, () => this.campaigns.find(id, manager));
      if (!campaign) throw AppException.notFound('Campaign');
      if (campaign.status !== 'open') throw new AppException(HttpStatus.CONFLICT, ErrorCode.Conflict, 'A closed campaign sends no reminders', { status: campaign.status });
      const sent = await this.reminders.remindNow(manager, id);
      await this.audit.append(manager, actor, { action: 'campaign.remind', entityType: 'campaign', entityId: id, changes: { ...sent } });
      return sent;
    });
    if (result.notifications > 0) this.reminders.afterCommit();
    return result;
  }

  /** The progress table (the institutions the caller may see) as a file; the export is audited. */
  async exportProgress(id: string, query: CampaignExportQueryDto, user: AuthUser, actor: AuditActor): Promise<{ fileName: string; body: string }> {
    const scope = await this.access.requireAccess({ user, permission: Permission.CampaignRead, entity: 'campaign', ids: [id] });
    const lang = query.lang ?? 'fr';
    return this.dataSource.transaction(async (manager) => {
      const campaign = await this.detail(id, scope, manager);
      await this.audit.append(manager, actor, { action: 'campaign.export', entityType: 'campaign', entityId: id, changes: { format: 'csv', lang, rows: campaign.institutions.length } });
      return { fileName: `campaign-progress-${campaign.deadline}.csv`, body: progressCsv(campaign.institutions, lang) };
    });
  }

  /** Institutions with no active validator: the campaign form warns the coordinator, who will review their contributions. */
  async institutionsWithoutValidator(): Promise<InstitutionsWithoutValidatorDto> {
    return { items: await this.campaigns.institutionsWithoutValidator() };
  }

  /** The campaign as GET answers it, with the progress of the institutions the scope may see. */
  private async detail(id: string, scope: Scope, db: Queryable = this.dataSource.manager): Promise<CampaignDetailDto> {
    const row = await this.campaigns.find(id, db);
    if (!row) throw AppException.notFound('Campaign');
    // A scoped caller sees only the hand-picked recommendations it may see, like every other route.
    const recommendationIds = row.scope.recommendationIds ? await this.campaigns.visibleRecommendationIds(row.scope.recommendationIds, scope, db) : undefined;
    const visibleRow = recommendationIds ? { ...row, scope: { ...row.scope, recommendationIds } } : row;
    return toCampaignDetailDto(visibleRow, await this.campaigns.progressByInstitution(id, scope, null, db));
  }
}
