import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto, StaleErrorResponseDto } from '../../common/error-response.dto.js';
import { IfMatch } from '../../common/versioned.js';
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
import { EvidenceService, type UploadedEvidenceFile } from './evidence.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('contributions')
@Controller('contributions')
export class ContributionsController {
  constructor(
    private readonly contributions: ContributionsService,
    private readonly evidence: EvidenceService,
  ) {}

  @Get()
  @Authorize(Permission.ContributionRead)
  @ApiOperation({ summary: 'List contributions within your scope' })
  @ApiOkResponse({ type: ContributionListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid filter or page' })
  list(@Query() query: ContributionQueryDto, @CurrentUser() user: AuthUser): Promise<ContributionListDto> {
    return this.contributions.list(query, user);
  }

  @Get(':id')
  @Authorize(Permission.ContributionRead)
  @ApiOperation({ summary: 'Read a contribution with its content and evidence' })
  @ApiOkResponse({ type: ContributionDetailDto, headers: { ETag: { description: 'Version, for If-Match' } } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent or outside the caller’s institution' })
  get(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<ContributionDetailDto> {
    return this.contributions.get(id, user);
  }

  @Patch(':id')
  @Authorize(Permission.ContributionWrite)
  @ApiOperation({ summary: 'Save the content of a draft or returned contribution' })
  @ApiOkResponse({ type: ContributionDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid content' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent or outside the caller’s institution' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'contribution.locked (validated) or contribution.not_editable (submitted, approved)' })
  update(
    @Param('id', uuid) id: string,
    @IfMatch() version: number,
    @Body() body: UpdateContributionDto,
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
  ): Promise<ContributionDetailDto> {
    return this.contributions.update(id, version, body, user, actor);
  }

  @Post(':id/transitions')
  @Authorize(Permission.ContributionTransition)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Take a workflow step (submit, approve, return, validate, revise)' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'Optional: the ETag last read; checked when given' })
  @ApiOkResponse({ type: ContributionDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: '`return` without comment; `submit` without implementationStatus or measures (details.fields names it)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent or outside the caller’s institution' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'contribution.illegal_transition' })
  @ApiResponse({ status: 412, type: StaleErrorResponseDto, description: 'If-Match given and changed by someone else: details.current and details.lastChange' })
  transition(
    @Param('id', uuid) id: string,
    @IfMatch({ optional: true }) version: number | null,
    @Body() body: TransitionDto,
    @CurrentUser() user: AuthUser,
    @Actor() actor: AuditActor,
  ): Promise<ContributionDetailDto> {
    return this.contributions.transition(id, version, body, user, actor);
  }

  @Get(':id/comments')
  @Authorize(Permission.ContributionRead)
  @ApiOperation({ summary: 'Read the comment thread of a contribution' })
  @ApiOkResponse({ type: CommentListDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent or outside the caller’s institution' })
  comments(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<CommentListDto> {
    return this.contributions.comments(id, user);
  }

  @Post(':id/comments')
  @Authorize(Permission.ContributionComment)
  @ApiOperation({ summary: 'Comment on a contribution' })
  @ApiCreatedResponse({ type: CommentDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Empty or too long comment' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent or outside the caller’s institution' })
  addComment(@Param('id', uuid) id: string, @Body() body: CreateCommentDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<CommentDto> {
    return this.contributions.addComment(id, body, user, actor);
  }

  @Post(':id/evidence')
  @Authorize(Permission.ContributionWrite)
  @UseInterceptors(FileInterceptor('file'))
  @ApiOperation({ summary: 'Attach a file or a link as evidence' })
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ type: EvidenceUploadDto })
  @ApiCreatedResponse({ type: EvidenceDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Neither or both of file and url; a url that is not http(s)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent or outside the caller’s institution' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The contribution is no longer editable' })
  @ApiResponse({ status: 413, type: ErrorResponseDto, description: 'File larger than EVIDENCE_MAX_BYTES (nothing stored)' })
  @ApiResponse({ status: 415, type: ErrorResponseDto, description: 'evidence.unsupported_type or evidence.type_mismatch (content checked, not the name)' })
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

@ApiTags('recommendations')
@Controller('recommendations')
export class StatusSuggestionController {
  constructor(private readonly contributions: ContributionsService) {}

  @Get(':id/status-suggestion')
  @Authorize(Permission.RecommendationRead)
  @ApiOperation({ summary: 'Suggest the consolidated status from the validated lead contributions' })
  @ApiOkResponse({ type: StatusSuggestionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent or outside the caller’s scope' })
  statusSuggestion(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser): Promise<StatusSuggestionDto> {
    return this.contributions.statusSuggestion(id, user);
  }
}
