import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
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
import { RecommendationExportQueryDto, RecommendationFacetsQueryDto, RecommendationQueryDto } from './dto/recommendation-query.dto.js';
import { RecommendationsExportService, type ExportLang } from './recommendations-export.service.js';
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
  constructor(
    private readonly recommendations: RecommendationsService,
    private readonly exporter: RecommendationsExportService,
  ) {}

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

  @Get('export')
  @Authorize(Permission.ExportRun)
  @ApiOperation({
    summary: 'The filtered list as a matrix (CSV or XLSX), streamed',
    description:
      'Same filters and institution scope as GET /recommendations. Columns: symbol, paragraph, external_code, text_<lang>…, mechanism, body, review, response, ' +
      'recommending_states, themes, sdg_targets, institutions (codes), status; lists joined with " | ". Cells starting with = + - @ tab CR NUL get a leading apostrophe. ' +
      'CSV: UTF-8 with BOM, RFC 4180. XLSX: sized columns, frozen header, right-to-left when lang=ar. Import back with the `sidh-export` preset.',
  })
  @ApiProduces('text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: 'The file (attachment)', schema: { type: 'string', format: 'binary' } })
  async export(@Query() query: RecommendationExportQueryDto, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const { format = 'xlsx', lang = 'ar,fr,en', ...filter } = query;
    const langs = [...new Set(lang.split(','))] as ExportLang[];
    const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    res.setHeader('Content-Disposition', `attachment; filename="sidh-recommendations-${date}.${format}"`);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (format === 'csv') await this.exporter.csv(res, filter, user, langs);
    else await this.exporter.xlsx(res, filter, user, langs);
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
