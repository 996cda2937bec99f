import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { RecommendationFacetsQueryDto } from '../../recommendations/dto/recommendation-query.dto.js';

/** The groups `GET /stats/status` counts by; each is a filter of GET /recommendations (`mechanism`, `bodyId`, `reviewId`, `institutionId`, `theme`, `affectedPerson`, `sdgGoal`, `axis`). */
export const STATS_DIMENSIONS = ['mechanism', 'body', 'review', 'institution', 'theme', 'affectedPerson', 'sdgGoal', 'axis'] as const;
export type StatsDimension = (typeof STATS_DIMENSIONS)[number];

export const STATS_INTERVALS = ['month', 'quarter', 'year'] as const;
export type StatsInterval = (typeof STATS_INTERVALS)[number];

/** The filters of GET /recommendations (same names, same validation, same institution scope). */
export class StatsFilterQueryDto extends RecommendationFacetsQueryDto {}

export class StatusStatsQueryDto extends StatsFilterQueryDto {
  @ApiProperty({ enum: STATS_DIMENSIONS, description: 'What to group by' })
  @IsIn(STATS_DIMENSIONS)
  by: StatsDimension;
}

export class StatusHistoryQueryDto extends StatsFilterQueryDto {
  @ApiPropertyOptional({ enum: STATS_INTERVALS, default: 'month' })
  @IsOptional()
  @IsIn(STATS_INTERVALS)
  interval?: StatsInterval;
}
