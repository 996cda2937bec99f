import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { CreatedAt, IfMatch } from '../../common/versioned.js';
import { RecommendationExportQueryDto, RecommendationFacetsQueryDto, RecommendationQueryDto } from './dto/recommendation-query.dto.js';
import {
  CreateRecommendationDto,
  HistoryDto,
  RecommendationDetailDto,
  RecommendationFacetsDto,
  RecommendationListDto,
  UpdateRecommendationDto,
} from './dto/recommendation.dto.js';
import { RecommendationsExportService } from './recommendations-export.service.js';
import { RecommendationsService } from './recommendations.service.js';

const uuid = new ParseUUIDPipe({ version: undefined });

@ApiTags('recommendations')
@Controller('recommendations')
export class RecommendationsController {
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly exporter: RecommendationsExportService,
  ) {}

  @Get()
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({ summary: 'Search the recommendations in your scope' })
  @ApiOkResponse({ type: RecommendationListDto })
  @ApiBadRequestResponse({ description: 'Invalid filter, sort or paging', type: ErrorResponseDto })
  list(@Query() query: RecommendationQueryDto, @CurrentUser() user: AuthUser): Promise<RecommendationListDto> {
    return this.recommendations.list(query, user);
  }

  /** Facet counts for the same filters as the list, in the caller's scope; cached until the catalogue changes. */
  @Get('facets')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({ summary: 'Count the filtered recommendations by facet' })
  @ApiOkResponse({ type: RecommendationFacetsDto })
  @ApiBadRequestResponse({ description: 'Invalid filter', type: ErrorResponseDto })
  facets(@Query() query: RecommendationFacetsQueryDto, @CurrentUser() user: AuthUser): Promise<RecommendationFacetsDto> {
    return this.recommendations.facets(query, user);
  }

  /** Streams the file itself: the only handler here that needs the response. */
  @Get('export')
  @Authorize(Permission.ExportRun)
  @ApiOperation({
    summary: 'The filtered list as a matrix (CSV or XLSX), streamed',
    description:
      'Same filters and institution scope as GET /recommendations. Columns: symbol, paragraph, external_code, text_<lang>…, mechanism, body, review, response, ' +
      'recommending_states, themes, sdg_targets, institutions (codes), status, kind (recommendation or question); lists joined with " | ". Cells, and every line inside a cell, starting with ' +
      '= + - @ tab CR NUL get a leading apostrophe. CSV: UTF-8 with BOM, RFC 4180, cells holding a line break always quoted. XLSX: sized columns, frozen header, ' +
      'right-to-left when lang=ar. With `labels=ar|fr|en`: headers and values (mechanism, body, review, response, states, themes, institutions, status, kind) in that language, ' +
      'right-to-left in Arabic, and with `codes=true` the code columns too. Import back with the `sidh-export` preset (codes or any language). A user runs at most EXPORT_MAX_CONCURRENT exports at once (429 beyond), ' +
      'the server EXPORT_MAX_CONCURRENT_TOTAL (503 beyond), both with Retry-After.',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file (attachment)', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ description: 'Invalid filter, format or languages', type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ description: 'common.too_many_requests: you already run EXPORT_MAX_CONCURRENT exports (Retry-After header)', type: ErrorResponseDto })
  @ApiServiceUnavailableResponse({ description: 'common.service_unavailable: the server already runs EXPORT_MAX_CONCURRENT_TOTAL exports (Retry-After header)', type: ErrorResponseDto })
  async export(@Query() query: RecommendationExportQueryDto, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    await this.exporter.export(query, user, res);
  }

  @Get(':id')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({ summary: 'Read a recommendation' })
  @ApiOkResponse({ type: RecommendationDetailDto, headers: { ETag: { description: 'Version, for If-Match' } } })
  @ApiNotFoundResponse({ description: 'No such recommendation in your scope', type: ErrorResponseDto })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<RecommendationDetailDto> {
    return this.recommendations.get(id, user);
  }

  @Get(':id/history')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({ summary: 'List the changes of a recommendation' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiNotFoundResponse({ description: 'No such recommendation in your scope', type: ErrorResponseDto })
  history(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<HistoryDto> {
    return this.recommendations.history(id, user);
  }

  @Post()
  @Authorize(Permission.RecommendationCreate)
  @CreatedAt('recommendations')
  @ApiOperation({
    summary: 'Create a recommendation, or a question of a list of issues',
    description: 'With `kind: "question"`: a paragraph of a list of issues (prior to reporting), e.g. symbol `CAT/C/MAR/QPR/5`, paragraph `12(a)`. A question has no response.',
  })
  @ApiCreatedResponse({ type: RecommendationDetailDto, headers: { ETag: { description: 'Version, for If-Match' }, Location: { description: 'The new recommendation' } } })
  @ApiBadRequestResponse({ description: 'Invalid body (a response on a question included), or unknown body, review or codes', type: ErrorResponseDto })
  create(@Body() body: CreateRecommendationDto, @Actor() actor: AuditActor): Promise<RecommendationDetailDto> {
    return this.recommendations.create(body, actor);
  }

  @Patch(':id')
  @Authorize(Permission.RecommendationUpdate)
  @ApiOperation({ summary: 'Update a recommendation' })
  @ApiOkResponse({ type: RecommendationDetailDto, headers: { ETag: { description: 'Version, for If-Match' } } })
  @ApiBadRequestResponse({ description: 'Invalid body (a question left with a response included) or unknown codes', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such recommendation in your scope', type: ErrorResponseDto })
  update(
    @Param('id', uuid) id: string,
    @IfMatch() version: number,
    @Body() body: UpdateRecommendationDto,
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
  ): Promise<RecommendationDetailDto> {
    return this.recommendations.update(id, version, body, user, actor);
  }

  @Delete(':id')
  @Authorize(Permission.RecommendationDelete)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a recommendation' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'No such recommendation in your scope', type: ErrorResponseDto })
  remove(@Param('id', uuid) id: string, @IfMatch() version: number, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<void> {
    return this.recommendations.remove(id, version, user, actor);
  }
}
