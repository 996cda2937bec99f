import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuthUser } from '../../common/auth-user.js';
import { Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { StatsFilterQueryDto, StatusHistoryQueryDto, StatusStatsQueryDto } from './dto/stats-query.dto.js';
import { CampaignStatsDto, FollowUpStatsDto, ResponseStatsDto, StatusHistoryDto, StatusStatsDto } from './dto/stats.dto.js';
import { StatsService } from './stats.service.js';

const SAME_AS_LIST = 'Same filters and institution scope as GET /recommendations (a focal point or validator counts its own institution only).';

@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(private readonly stats: StatsService) {}

  @Get('status')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({ summary: 'Consolidated implementation status, grouped', description: `${SAME_AS_LIST} Cached until the catalogue changes.` })
  @ApiOkResponse({ type: StatusStatsDto })
  @ApiBadRequestResponse({ description: 'Invalid filter or grouping (`by`)', type: ErrorResponseDto })
  status(@Query() query: StatusStatsQueryDto, @CurrentUser() user: AuthUser): Promise<StatusStatsDto> {
    return this.stats.status(query, user);
  }

  @Get('responses')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({ summary: 'Responses (supported, supported in part, noted) against implementation status', description: `${SAME_AS_LIST} Cached until the catalogue changes.` })
  @ApiOkResponse({ type: ResponseStatsDto })
  @ApiBadRequestResponse({ description: 'Invalid filter', type: ErrorResponseDto })
  responses(@Query() query: StatsFilterQueryDto, @CurrentUser() user: AuthUser): Promise<ResponseStatsDto> {
    return this.stats.responses(query, user);
  }

  @Get('campaigns')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({
    summary: 'Campaign progress per institution: expected, submitted, validated, overdue',
    description: `${SAME_AS_LIST} Counts the contributions on the matching recommendations. Cached until a change is audited or the date changes.`,
  })
  @ApiOkResponse({ type: CampaignStatsDto })
  @ApiBadRequestResponse({ description: 'Invalid filter', type: ErrorResponseDto })
  campaigns(@Query() query: StatsFilterQueryDto, @CurrentUser() user: AuthUser): Promise<CampaignStatsDto> {
    return this.stats.campaigns(query, user);
  }

  @Get('follow-up')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({
    summary: 'Follow-up paragraphs due and late, per body',
    description: `${SAME_AS_LIST} Due date: the paragraph's own, else the review date plus the body's follow-up delay (months). Cached until a change is audited or the date changes.`,
  })
  @ApiOkResponse({ type: FollowUpStatsDto })
  @ApiBadRequestResponse({ description: 'Invalid filter', type: ErrorResponseDto })
  followUp(@Query() query: StatsFilterQueryDto, @CurrentUser() user: AuthUser): Promise<FollowUpStatsDto> {
    return this.stats.followUp(query, user);
  }

  @Get('status-history')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({
    summary: 'Implementation status over time, rebuilt from the audit trail',
    description: `${SAME_AS_LIST} The statuses at the end of each period, from the recorded status changes (not from today's values). Cached until the catalogue changes.`,
  })
  @ApiOkResponse({ type: StatusHistoryDto })
  @ApiBadRequestResponse({ description: 'Invalid filter or interval', type: ErrorResponseDto })
  statusHistory(@Query() query: StatusHistoryQueryDto, @CurrentUser() user: AuthUser): Promise<StatusHistoryDto> {
    return this.stats.statusHistory(query, user);
  }
}
