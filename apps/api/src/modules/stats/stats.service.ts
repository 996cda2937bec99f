import { Injectable } from '@nestjs/common';
import { AccessService, type Scope } from '../../access/index.js';
import type { AuthUser } from '../../common/auth-user.js';
import type { RecommendationFilter } from '../recommendations/dto/recommendation-query.dto.js';
import type { StatsFilterQueryDto, StatusHistoryQueryDto, StatusStatsQueryDto } from './dto/stats-query.dto.js';
import type { CampaignStatsDto, FollowUpStatsDto, ResponseStatsDto, StatusHistoryDto, StatusStatsDto } from './dto/stats.dto.js';
import { toCampaignStatsDto, toFollowUpStatsDto, toResponseStatsDto, toStatusHistoryDto, toStatusStatsDto } from './dto/stats.mapper.js';
import { StatsCache } from './stats.cache.js';
import { StatsRepository } from './stats.repository.js';

/**
 * The dashboards' figures, in the caller's institution scope, with the list's filters. Each is
 * cached per (endpoint, filter, scope) until what it depends on changes (see `StatsCache`).
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly stats: StatsRepository,
    private readonly cache: StatsCache,
    private readonly access: AccessService,
  ) {}

  status(query: StatusStatsQueryDto, user: AuthUser): Promise<StatusStatsDto> {
    const { by, ...filter } = query;
    return this.catalogueFigure(`status:${by}`, filter, this.access.scopeFor(user), async (scope) => {
      const [cells, overall] = await Promise.all([this.stats.countStatusBy(by, filter, scope), this.stats.countStatus(filter, scope)]);
      return toStatusStatsDto(by, cells, overall);
    });
  }

  responses(filter: StatsFilterQueryDto, user: AuthUser): Promise<ResponseStatsDto> {
    return this.catalogueFigure('responses', filter, this.access.scopeFor(user), async (scope) => toResponseStatsDto(await this.stats.countResponses(filter, scope)));
  }

  statusHistory(query: StatusHistoryQueryDto, user: AuthUser): Promise<StatusHistoryDto> {
    const { interval = 'month', ...filter } = query;
    // The current period moves with the date: part of the key.
    return this.catalogueFigure(`history:${interval}`, filter, this.access.scopeFor(user), async (scope) => {
      const [deltas, current] = await Promise.all([this.stats.statusDeltas(filter, scope, interval), this.stats.currentPeriod(interval)]);
      return toStatusHistoryDto(interval, deltas, current);
    }, true);
  }

  campaigns(filter: StatsFilterQueryDto, user: AuthUser): Promise<CampaignStatsDto> {
    return this.workflowFigure('campaigns', filter, this.access.scopeFor(user), async (scope) => toCampaignStatsDto(await this.stats.campaignProgress(filter, scope)));
  }

  followUp(filter: StatsFilterQueryDto, user: AuthUser): Promise<FollowUpStatsDto> {
    return this.workflowFigure('follow-up', filter, this.access.scopeFor(user), async (scope, today) => toFollowUpStatsDto(today, await this.stats.followUp(filter, scope)));
  }

  private async catalogueFigure<T>(name: string, filter: RecommendationFilter, scope: Scope, compute: (scope: Scope) => Promise<T>, dated = false): Promise<T> {
    const stamps = await this.stats.stamps();
    const key = `${name}|${dated ? stamps.today : ''}|${this.stats.filterKey(filter, scope)}`;
    return this.cache.catalogue.get(key, stamps.catalogue, () => compute(scope)) as Promise<T>;
  }

  private async workflowFigure<T>(name: string, filter: RecommendationFilter, scope: Scope, compute: (scope: Scope, today: string) => Promise<T>): Promise<T> {
    const stamps = await this.stats.stamps();
    const key = `${name}|${stamps.catalogue}|${stamps.today}|${this.stats.filterKey(filter, scope)}`;
    return this.cache.workflow.get(key, stamps.audit, () => compute(scope, stamps.today)) as Promise<T>;
  }
}
