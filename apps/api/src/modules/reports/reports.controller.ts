import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query, Res, StreamableFile, type PipeTransform } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import { AppException } from '../../common/app-exception.js';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { CreatedAt, IfMatch } from '../../common/versioned.js';
import { contentDisposition } from '../contributions/evidence.files.js';
import { HistoryDto } from '../recommendations/dto/recommendation.dto.js';
import {
  CreateReportDto,
  FinaliseReportDto,
  FinalisedReportDto,
  ReportDetailDto,
  ReportListDto,
  ReportQueryDto,
  ReportSectionDto,
  ReportVersionListDto,
  SectionRefreshDto,
  UpdateReportDto,
  UpdateReportSectionDto,
} from './dto/report.dto.js';
import { DOCX_MEDIA_TYPE, ReportsService, XLSX_MEDIA_TYPE, type ReportFile } from './reports.service.js';

const uuid = new ParseUUIDPipe();

/** A version number in the path: a positive integer, else 400 naming `number`. */
class VersionNumberPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,8}$/.test(value)) throw AppException.validation({ number: 'validation.invalid' });
    return Number(value);
  }
}

/** Sends a generated or stored file as an attachment (the one kind of handler that writes its own headers). */
function attachment(res: Response, file: ReportFile): StreamableFile {
  res.setHeader('Content-Type', file.mediaType);
  res.setHeader('Content-Length', String(file.buffer.length));
  res.setHeader('Content-Disposition', contentDisposition(file.fileName));
  res.setHeader('X-Content-SHA256', file.sha256);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  return new StreamableFile(file.buffer);
}

const NOT_FOUND = 'No such report (or section, or version)';
const FILE_HEADERS = {
  'Content-Disposition': { description: 'attachment; filename (ASCII) and filename* (UTF-8)', schema: { type: 'string' } },
  'X-Content-SHA256': { description: 'SHA-256 (hex) of the bytes sent', schema: { type: 'string' } },
};

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  @Authorize(Permission.ReportRead)
  @ApiOperation({ summary: 'List reports to the UN, most recently changed first' })
  @ApiOkResponse({ type: ReportListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid filter or page' })
  list(@Query() query: ReportQueryDto, @CurrentUser() user: AuthUser): Promise<ReportListDto> {
    return this.reports.list(query, user);
  }

  @Post()
  @Authorize(Permission.ReportGenerate)
  @CreatedAt('reports')
  @ApiOperation({ summary: 'Generate a report from recommendations or questions and their validated contributions' })
  @ApiCreatedResponse({ type: ReportDetailDto, description: 'Created with its planned sections (ETag and Location)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body; unknown body, review or item ids (details.fields names the field, details.unknownIds the items)' })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'report.empty_selection, report.duplicate_item or report.items_outside_body (details.field names the field)' })
  create(@Body() body: CreateReportDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<ReportDetailDto> {
    return this.reports.create(body, user, actor);
  }

  @Get(':id')
  @Authorize(Permission.ReportRead)
  @ApiOperation({ summary: 'Read a report with its sections, word count and versions' })
  @ApiOkResponse({ type: ReportDetailDto, headers: { ETag: { description: 'Version, for If-Match' } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<ReportDetailDto> {
    return this.reports.get(id, user);
  }

  @Patch(':id')
  @Authorize(Permission.ReportGenerate)
  @ApiOperation({ summary: 'Change the title, due date or word limit of a report, or reorder its sections' })
  @ApiOkResponse({ type: ReportDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body; sectionOrder not every section id once' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  update(@Param('id', uuid) id: string, @IfMatch() version: number, @Body() body: UpdateReportDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<ReportDetailDto> {
    return this.reports.update(id, version, body, user, actor);
  }

  @Patch(':id/sections/:sectionId')
  @Authorize(Permission.ReportGenerate)
  @ApiOperation({ summary: 'Edit the heading or text of a section' })
  @ApiOkResponse({ type: ReportSectionDto, headers: { ETag: { description: 'The section’s version' } } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body (details.fields names heading or body)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiResponse({ status: 413, type: ErrorResponseDto, description: 'request.payload_too_large: the JSON body is over the server’s limit' })
  updateSection(
    @Param('id', uuid) id: string,
    @Param('sectionId', uuid) sectionId: string,
    @IfMatch() version: number,
    @Body() body: UpdateReportSectionDto,
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
  ): Promise<ReportSectionDto> {
    return this.reports.updateSection(id, sectionId, version, body, user, actor);
  }

  @Get(':id/sections/:sectionId/refresh')
  @Authorize(Permission.ReportGenerate)
  @ApiOperation({ summary: 'Propose a section’s text drawn again from the current validated contributions (changes nothing)' })
  @ApiOkResponse({ type: SectionRefreshDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  refresh(@Param('id', uuid) id: string, @Param('sectionId', uuid) sectionId: string, @CurrentUser() user: AuthUser): Promise<SectionRefreshDto> {
    return this.reports.refreshSection(id, sectionId, user);
  }

  @Get(':id/docx')
  @Authorize(Permission.ReportRead)
  @ApiOperation({ summary: 'Download the report as a Word document, rendered now' })
  @ApiProduces(DOCX_MEDIA_TYPE)
  @ApiOkResponse({ description: 'The .docx file, as an attachment', schema: { type: 'string', format: 'binary' }, headers: FILE_HEADERS })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async docx(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return attachment(res, await this.reports.docx(id, user));
  }

  @Get(':id/annex.xlsx')
  @Authorize(Permission.ReportRead)
  @ApiOperation({ summary: 'Download the matrix of the report’s items and their status as a spreadsheet' })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ description: 'The .xlsx file, as an attachment', schema: { type: 'string', format: 'binary' }, headers: FILE_HEADERS })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'report.empty_selection: none of the report’s items is left in the catalogue' })
  async annexXlsx(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    return attachment(res, await this.reports.annexXlsx(id, user));
  }

  @Post(':id/finalise')
  @Authorize(Permission.ReportGenerate)
  @ApiOperation({ summary: 'Finalise the report: store its Word file as the next version' })
  @ApiCreatedResponse({ type: FinalisedReportDto, description: 'The stored version (bytes, SHA-256, words) and the report’s new version' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid body' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  @ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'report.over_limit_unconfirmed: over the word limit without confirmOverLimit (nothing stored)' })
  finalise(@Param('id', uuid) id: string, @IfMatch() version: number, @Body() body: FinaliseReportDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<FinalisedReportDto> {
    return this.reports.finalise(id, version, body, user, actor);
  }

  @Get(':id/versions')
  @Authorize(Permission.ReportRead)
  @ApiOperation({ summary: 'List the finalised versions of a report' })
  @ApiOkResponse({ type: ReportVersionListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  versions(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<ReportVersionListDto> {
    return this.reports.versions(id, user);
  }

  @Get(':id/versions/:number/docx')
  @Authorize(Permission.ReportRead)
  @ApiOperation({ summary: 'Download a finalised version: the exact bytes stored' })
  @ApiProduces(DOCX_MEDIA_TYPE)
  @ApiOkResponse({ description: 'The stored .docx file; X-Content-SHA256 is the hash recorded when it was finalised', schema: { type: 'string', format: 'binary' }, headers: FILE_HEADERS })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid id or version number' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  async versionDocx(
    @Param('id', uuid) id: string,
    @Param('number', new VersionNumberPipe()) number: number,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return attachment(res, await this.reports.versionDocx(id, number, user));
  }

  @Get(':id/history')
  @Authorize(Permission.ReportRead)
  @ApiOperation({ summary: 'The audit events of a report (its sections and versions included), newest first' })
  @ApiOkResponse({ type: HistoryDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: NOT_FOUND })
  history(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<HistoryDto> {
    return this.reports.historyOf(id, user);
  }
}
