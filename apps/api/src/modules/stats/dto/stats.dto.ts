import { ApiProperty } from '@nestjs/swagger';
import { IMPLEMENTATION_STATUSES, RECOMMENDATION_RESPONSES, type RecommendationResponse } from '@sidh/domain';
import { STATS_DIMENSIONS, STATS_INTERVALS, type StatsDimension, type StatsInterval } from './stats-query.dto.js';

/** How many recommendations have each consolidated implementation status (every status present, 0 when none). */
export class StatusCountsDto {
  @ApiProperty() not_started: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() partially_implemented: number;
  @ApiProperty() implemented: number;
  @ApiProperty() continuous: number;
  @ApiProperty() not_applicable: number;
}

/** Sanity check that the DTO names every status of the domain (a compile error otherwise). */
export type StatusCountsShape = { [S in (typeof IMPLEMENTATION_STATUSES)[number]]: number };
const _statusCountsCovers: StatusCountsShape = new StatusCountsDto();
void _statusCountsCovers;

/** A group's labels in the three languages (reference data), when the group is a record. */
export class StatsLabelDto {
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class StatusGroupDto {
  @ApiProperty({ description: 'The value of the list filter that selects this group (mechanism code, body/review/institution id, theme/affected-person/axis code, SDG goal number)' })
  key: string;

  @ApiProperty({ type: StatsLabelDto, nullable: true, description: 'Null for mechanisms (the SPA names them)' })
  label: StatsLabelDto | null;

  @ApiProperty({ description: 'Recommendations in the group: the total GET /recommendations gives with this filter added' })
  total: number;

  @ApiProperty({ type: StatusCountsDto }) counts: StatusCountsDto;
}

export class StatusStatsDto {
  @ApiProperty({ enum: STATS_DIMENSIONS }) by: StatsDimension;
  @ApiProperty({ description: 'Recommendations matching the filters in your scope (one recommendation may sit in several groups)' }) total: number;
  @ApiProperty({ type: StatusCountsDto, description: 'Over all the matching recommendations' }) counts: StatusCountsDto;
  @ApiProperty({ type: [StatusGroupDto], description: 'Largest first; a recommendation with no value for the dimension is in no group' }) groups: StatusGroupDto[];
}

export class ResponseGroupDto {
  @ApiProperty({ enum: RECOMMENDATION_RESPONSES }) response: RecommendationResponse;
  @ApiProperty() total: number;
  @ApiProperty({ type: StatusCountsDto }) counts: StatusCountsDto;
}

export class ResponseStatsDto {
  @ApiProperty({ description: 'Matching recommendations that have a response (UPR)' }) total: number;
  @ApiProperty({ type: [ResponseGroupDto], description: 'supported, supported_in_part, noted (every one, 0 when none)' }) groups: ResponseGroupDto[];
}

export class CampaignInstitutionStatsDto {
  @ApiProperty({ format: 'uuid' }) campaignId: string;
  @ApiProperty() campaignTitle: string;
  @ApiProperty({ format: 'date' }) deadline: string;
  @ApiProperty({ enum: ['open', 'closed'] }) campaignStatus: string;
  @ApiProperty({ format: 'uuid' }) institutionId: string;
  @ApiProperty({ type: StatsLabelDto }) institution: StatsLabelDto;
  @ApiProperty({ description: 'Contributions the campaign expects from the institution (on matching recommendations)' }) expected: number;
  @ApiProperty({ description: 'Handed in: submitted, approved or validated' }) submitted: number;
  @ApiProperty() validated: number;
  @ApiProperty({ description: 'Still draft or returned after the deadline' }) overdue: number;
}

export class CampaignStatsDto {
  @ApiProperty({ type: [CampaignInstitutionStatsDto], description: 'Latest deadline first, then institution code; a scoped caller sees its own institution only' })
  items: CampaignInstitutionStatsDto[];
}

export class FollowUpBodyStatsDto {
  @ApiProperty({ format: 'uuid' }) bodyId: string;
  @ApiProperty({ type: StatsLabelDto }) body: StatsLabelDto;
  @ApiProperty({ type: Number, nullable: true, description: "The body's follow-up delay in months" }) followUpMonths: number | null;
  @ApiProperty({ description: 'Follow-up paragraphs (recommendations marked for follow-up) matching the filters' }) total: number;
  @ApiProperty({ description: 'Due today or later and not implemented' }) due: number;
  @ApiProperty({ description: 'Past their due date and not implemented' }) late: number;
  @ApiProperty({ description: 'Implemented or not applicable' }) done: number;
  @ApiProperty({ description: 'No due date (neither set on the paragraph nor derivable from the review date and the body\'s delay), not implemented' }) noDueDate: number;
  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'The earliest due date still ahead' }) nextDueDate: string | null;
}

export class FollowUpStatsDto {
  @ApiProperty({ format: 'date', description: 'The date "late" is measured against (the database server\'s)' }) today: string;
  @ApiProperty({ type: [FollowUpBodyStatsDto] }) items: FollowUpBodyStatsDto[];
}

export class StatusHistoryPointDto {
  @ApiProperty({ format: 'date', description: 'First day of the period' }) period: string;
  @ApiProperty({ description: 'Matching recommendations that existed at the end of the period' }) total: number;
  @ApiProperty({ type: StatusCountsDto, description: 'Their statuses at the end of the period (now, for the current one)' }) counts: StatusCountsDto;
}

export class StatusHistoryDto {
  @ApiProperty({ enum: STATS_INTERVALS }) interval: StatsInterval;
  @ApiProperty({ type: [StatusHistoryPointDto], description: 'Oldest first, from the period of the first matching recommendation to the current one' }) points: StatusHistoryPointDto[];
}
