import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../audit/audit.writer.js';
import type { AuthUser } from '../../common/auth-user.js';
import { etagOf, expectedVersion } from '../../common/concurrency.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { RecommendationFacetsQueryDto, RecommendationQueryDto } from './dto/recommendation-query.dto.js';
import {
  CreateRecommendationDto,
  HistoryDto,
  RecommendationDetailDto,
  RecommendationFacetsDto,
  RecommendationListDto,
  UpdateRecommendationDto,
} from './dto/recommendation.dto.js';
import { RecommendationsService } from './recommendations.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('recommendations')
@Controller('recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @Authorize(Permission.RecommendationRead)
  @ApiOkResponse({ type: RecommendationListDto })
  list(@Query() query: RecommendationQueryDto, @CurrentUser() user: AuthUser): Promise<RecommendationListDto> {
    return this.recommendations.list(query, user);
  }

  /** Facet counts for the same filters as the list, in the caller's scope; cached until the catalogue changes. */
  @Get('facets')
  @Authorize(Permission.RecommendationRead)
  @ApiOkResponse({ type: RecommendationFacetsDto })
  facets(@Query() query: RecommendationFacetsQueryDto, @CurrentUser() user: AuthUser): Promise<RecommendationFacetsDto> {
    return this.recommendations.facets(query, user);
  }

  @Get(':id')
  @Authorize(Permission.RecommendationRead)
  @ApiOkResponse({ type: RecommendationDetailDto, headers: { ETag: { description: 'Version, for If-Match' } } })
  @ApiNotFoundResponse()
  async get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<RecommendationDetailDto> {
    const detail = await this.recommendations.get(id, user);
    res.setHeader('ETag', etagOf(detail.version));
    return detail;
  }

  @Get(':id/history')
  @Authorize(Permission.RecommendationRead)
  @ApiOkResponse({ type: HistoryDto })
  history(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<HistoryDto> {
    return this.recommendations.history(id, user);
  }

  @Post()
  @Authorize(Permission.RecommendationCreate)
  @ApiCreatedResponse({ type: RecommendationDetailDto })
  async create(@Body() body: CreateRecommendationDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<RecommendationDetailDto> {
    const created = await this.recommendations.create(body, actor);
    res.setHeader('ETag', etagOf(created.version));
    res.setHeader('Location', `/api/v1/recommendations/${created.id}`);
    return created;
  }

  @Patch(':id')
  @Authorize(Permission.RecommendationUpdate)
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag last read' })
  @ApiOkResponse({ type: RecommendationDetailDto })
  @ApiPreconditionFailedResponse({ description: 'Changed by someone else: details.current and details.lastChange' })
  @ApiResponse({ status: 428, description: 'If-Match missing' })
  async update(
    @Param('id', uuid) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateRecommendationDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RecommendationDetailDto> {
    const updated = await this.recommendations.update(id, expectedVersion(ifMatch), body, actor);
    res.setHeader('ETag', etagOf(updated.version));
    return updated;
  }

  @Delete(':id')
  @Authorize(Permission.RecommendationDelete)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiNoContentResponse()
  remove(@Param('id', uuid) id: string, @Headers('if-match') ifMatch: string | undefined, @Actor() actor: AuditActor): Promise<void> {
    return this.recommendations.remove(id, expectedVersion(ifMatch), actor);
  }
}
