import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, Res, StreamableFile, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiPreconditionFailedResponse,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../audit/audit.writer.js';
import type { AuthUser } from '../../common/auth-user.js';
import { etagOf, expectedVersion } from '../../common/concurrency.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ContributionsService } from './contributions.service.js';
import {
  CommentDto,
  CommentListDto,
  ContributionDetailDto,
  ContributionListDto,
  ContributionQueryDto,
  CreateCommentDto,
  CreateLinkEvidenceDto,
  EvidenceDto,
  EvidenceUploadDto,
  StatusSuggestionDto,
  TransitionDto,
  UpdateContributionDto,
} from './dto/contribution.dto.js';
import { contentDisposition } from './evidence.files.js';
import { EvidenceService, type UploadedEvidenceFile } from './evidence.service.js';

const uuid = new ParseUUIDPipe();

/** Optional If-Match on a workflow step: checked when given. */
const optionalVersion = (ifMatch: string | undefined): number | null => (ifMatch === undefined || ifMatch.trim() === '' ? null : expectedVersion(ifMatch));

@ApiTags('contributions')
@Controller('contributions')
export class ContributionsController {
  constructor(
    private readonly contributions: ContributionsService,
    private readonly evidence: EvidenceService,
  ) {}

  @Get()
  @Authorize(Permission.ContributionRead)
  @ApiOkResponse({ type: ContributionListDto })
  list(@Query() query: ContributionQueryDto, @CurrentUser() user: AuthUser): Promise<ContributionListDto> {
    return this.contributions.list(query, user);
  }

  @Get(':id')
  @Authorize(Permission.ContributionRead)
  @ApiOkResponse({ type: ContributionDetailDto, headers: { ETag: { description: 'Version, for If-Match' } } })
  @ApiNotFoundResponse({ description: 'Absent or outside the caller’s institution' })
  async get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<ContributionDetailDto> {
    const detail = await this.contributions.get(id, user);
    res.setHeader('ETag', etagOf(detail.version));
    return detail;
  }

  @Patch(':id')
  @Authorize(Permission.ContributionWrite)
  @ApiHeader({ name: 'If-Match', required: true, description: 'The ETag last read' })
  @ApiOkResponse({ type: ContributionDetailDto })
  @ApiPreconditionFailedResponse({ description: 'Changed by someone else: details.current (the current contribution) and details.lastChange' })
  @ApiConflictResponse({ description: 'contribution.locked (validated) or contribution.not_editable (submitted, approved)' })
  @ApiResponse({ status: 428, description: 'If-Match missing' })
  async update(
    @Param('id', uuid) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateContributionDto,
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContributionDetailDto> {
    const updated = await this.contributions.update(id, expectedVersion(ifMatch), body, user, actor);
    res.setHeader('ETag', etagOf(updated.version));
    return updated;
  }

  @Post(':id/transitions')
  @Authorize(Permission.ContributionTransition)
  @HttpCode(HttpStatus.OK)
  @ApiHeader({ name: 'If-Match', required: false, description: 'Optional: the ETag last read; checked when given' })
  @ApiOkResponse({ type: ContributionDetailDto })
  @ApiConflictResponse({ description: 'contribution.illegal_transition' })
  @ApiResponse({ status: 400, description: '`return` without comment; `submit` without implementationStatus or measures (details.fields names it)' })
  async transition(
    @Param('id', uuid) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: TransitionDto,
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ContributionDetailDto> {
    const updated = await this.contributions.transition(id, optionalVersion(ifMatch), body, user, actor);
    res.setHeader('ETag', etagOf(updated.version));
    return updated;
  }

  @Get(':id/comments')
  @Authorize(Permission.ContributionRead)
  @ApiOkResponse({ type: CommentListDto })
  comments(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<CommentListDto> {
    return this.contributions.comments(id, user);
  }

  @Post(':id/comments')
  @Authorize(Permission.ContributionComment)
  @ApiCreatedResponse({ type: CommentDto })
  addComment(@Param('id', uuid) id: string, @Body() body: CreateCommentDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<CommentDto> {
    return this.contributions.addComment(id, body, user, actor);
  }

  @Post(':id/evidence')
  @Authorize(Permission.ContributionWrite)
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ type: EvidenceUploadDto })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiResponse({ status: 413, description: 'File larger than EVIDENCE_MAX_BYTES (nothing stored)' })
  @ApiResponse({ status: 415, description: 'evidence.unsupported_type or evidence.type_mismatch (content checked, not the name)' })
  addEvidence(
    @Param('id', uuid) id: string,
    @UploadedFile() file: UploadedEvidenceFile | undefined,
    @Body() body: CreateLinkEvidenceDto,
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
  ): Promise<EvidenceDto> {
    return this.evidence.add(id, file, body, user, actor);
  }
}

@ApiTags('contributions')
@Controller('evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get(':id/download')
  @Authorize(Permission.ContributionRead)
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, as an attachment (Content-Disposition with filename*, nosniff, CSP sandbox)', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'Absent, a link, outside the caller’s institution, or restricted' })
  async download(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.evidence.openDownload(id, user);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    return new StreamableFile(file.stream);
  }

  @Delete(':id')
  @Authorize(Permission.ContributionWrite)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The contribution is no longer editable' })
  remove(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<void> {
    return this.evidence.remove(id, user, actor);
  }
}

@ApiTags('recommendations')
@Controller('recommendations')
export class StatusSuggestionController {
  constructor(private readonly contributions: ContributionsService) {}

  @Get(':id/status-suggestion')
  @Authorize(Permission.RecommendationRead)
  @ApiOkResponse({ type: StatusSuggestionDto })
  statusSuggestion(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<StatusSuggestionDto> {
    return this.contributions.statusSuggestion(id, user);
  }
}
