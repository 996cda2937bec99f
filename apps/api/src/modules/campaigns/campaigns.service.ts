import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { appendAuditEvent, type AuditActor } from '../../audit/audit.writer.js';
import { AppException } from '../../common/app-exception.js';
import type { AuthUser } from '../../common/auth-user.js';
import { diff, staleError } from '../../common/concurrency.js';
import { ContributionsRepository } from '../contributions/contributions.repository.js';
import { scopeInstitution, toContributionSummary } from '../contributions/contributions.service.js';
import type { CampaignScope } from './campaign.entity.js';
import { CampaignsRepository } from './campaigns.repository.js';
import type { CampaignDetailDto, CampaignInstitutionDto, CampaignListDto, CampaignQueryDto, CreateCampaignDto, InstitutionProgressDto, ProgressDto, UpdateCampaignDto } from './dto/campaign.dto.js';

type Row = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const progressOf = (r: Row): ProgressDto => ({
  expected: r['expected'] ?? 0,
  draft: r['draft'] ?? 0,
  submitted: r['submitted'] ?? 0,
  approved: r['approved'] ?? 0,
  validated: r['validated'] ?? 0,
  returned: r['returned'] ?? 0,
  overdue: r['overdue'] ?? 0,
});

const institutionProgress = (r: Row): InstitutionProgressDto => ({
  institutionId: r['institution_id'],
  code: r['code'],
  nameAr: r['name_ar'],
  nameFr: r['name_fr'],
  nameEn: r['name_en'],
  ...progressOf(r),
});

const sum = (rows: ProgressDto[]): ProgressDto =>
  rows.reduce((t, r) => ({
    expected: t.expected + r.expected,
    draft: t.draft + r.draft,
    submitted: t.submitted + r.submitted,
    approved: t.approved + r.approved,
    validated: t.validated + r.validated,
    returned: t.returned + r.returned,
    overdue: t.overdue + r.overdue,
  }), { expected: 0, draft: 0, submitted: 0, approved: 0, validated: 0, returned: 0, overdue: 0 });

/** Opens a campaign in the caller's transaction: the campaign, its institutions, the expected contributions. */
export async function openCampaign(
  campaigns: CampaignsRepository,
  manager: import('typeorm').EntityManager,
  input: { title: string; description: string; deadline: string; scope: CampaignScope; institutionIds: string[] },
  actor: AuditActor,
): Promise<{ id: string; expected: number }> {
  const institutionIds = [...new Set(input.institutionIds)];
  const unknown = await campaigns.unknownInstitutions(manager, institutionIds);
  if (unknown.length) throw AppException.validation({ institutionIds: 'validation.unknownCode' });
  const id = await campaigns.insert(manager, { title: input.title, description: input.description, deadline: input.deadline, scope: input.scope, createdById: actor.userId });
  await campaigns.addInstitutions(manager, id, institutionIds);
  const expected = await campaigns.createExpectedContributions(manager, id, input.scope, institutionIds);
  await appendAuditEvent(manager, actor, {
    action: 'campaign.open',
    entityType: 'campaign',
    entityId: id,
    changes: { title: input.title, deadline: input.deadline, scope: input.scope, institutionIds, expectedContributions: expected },
  });
  return { id, expected };
}

@Injectable()
export class CampaignsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly campaigns: CampaignsRepository,
    private readonly contributions: ContributionsRepository,
  ) {}

  async list(query: CampaignQueryDto, user: AuthUser): Promise<CampaignListDto> {
    const { rows, total } = await this.campaigns.list(scopeInstitution(user), query.status, query.page, query.pageSize);
    return {
      items: rows.map((r) => ({ id: r['id'], title: r['title'], description: r['description'], deadline: r['deadline'], status: r['status'], progress: progressOf(r), version: r['version'], createdAt: new Date(r['created_at']).toISOString() })),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  async get(id: string, user: AuthUser): Promise<CampaignDetailDto> {
    const scope = scopeInstitution(user);
    const row = await this.campaigns.find(id, scope);
    if (!row) throw AppException.notFound('Campaign');
    const institutions = (await this.campaigns.progressByInstitution(id, scope)).map(institutionProgress);
    return {
      id: row['id'],
      title: row['title'],
      description: row['description'],
      deadline: row['deadline'],
      status: row['status'],
      scope: row['scope'],
      progress: sum(institutions),
      institutions,
      version: row['version'],
      createdAt: new Date(row['created_at']).toISOString(),
    };
  }

  /** One institution's progress and contributions in a campaign; 404 for another institution of a scoped caller. */
  async institution(id: string, institutionId: string, user: AuthUser): Promise<CampaignInstitutionDto> {
    const scope = scopeInstitution(user);
    if (scope && scope !== institutionId) throw AppException.notFound('Campaign institution');
    if (!(await this.campaigns.find(id, scope))) throw AppException.notFound('Campaign institution');
    const [progress] = await this.campaigns.progressByInstitution(id, institutionId);
    if (!progress) throw AppException.notFound('Campaign institution');
    const { rows } = await this.contributions.search({ campaignId: id, institutionId }, scope, 1, 10000);
    return { progress: institutionProgress(progress), contributions: rows.map((r) => toContributionSummary(r, user.role)) };
  }

  async create(input: CreateCampaignDto, user: AuthUser, actor: AuditActor): Promise<CampaignDetailDto> {
    if (!input.scope.filter && !input.scope.recommendationIds) throw AppException.validation({ 'scope.filter': 'validation.required' });
    const scope: CampaignScope = {
      ...(input.scope.filter ? { filter: { ...input.scope.filter } as Record<string, unknown> } : {}),
      ...(input.scope.recommendationIds ? { recommendationIds: [...new Set(input.scope.recommendationIds)] } : {}),
    };
    const { id } = await this.dataSource.transaction((manager) =>
      openCampaign(this.campaigns, manager, { title: input.title, description: input.description ?? '', deadline: input.deadline, scope, institutionIds: input.institutionIds }, actor),
    );
    return this.get(id, user);
  }

  async update(id: string, version: number, input: UpdateCampaignDto, user: AuthUser, actor: AuditActor): Promise<CampaignDetailDto> {
    await this.dataSource.transaction(async (manager) => {
      const locked = await this.campaigns.lockForUpdate(manager, id);
      if (!locked) throw AppException.notFound('Campaign');
      const before = (await this.campaigns.find(id, null, manager))!;
      if (locked['version'] !== version) throw staleError({ current: before });
      const values: Record<string, unknown> = {};
      if (input.title !== undefined) values['title'] = input.title;
      if (input.description !== undefined) values['description'] = input.description;
      if (input.deadline !== undefined) values['deadline'] = input.deadline;
      if (input.status !== undefined) values['status'] = input.status;
      if (!(await this.campaigns.updateIfVersion(manager, id, version, values))) throw staleError({ current: before });
      await appendAuditEvent(manager, actor, { action: 'campaign.update', entityType: 'campaign', entityId: id, changes: diff(before, values) });
    });
    return this.get(id, user);
  }
}
