import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser, Public } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { AcceptedInvitationDto, AcceptInvitationDto, CreateInvitationDto, InvitationDto, InvitationQueryDto, OpenInvitationDto } from './dto/invitation.dto.js';
import { InvitationsService } from './invitations.service.js';

@ApiTags('invitations')
@Controller('invitations')
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  @Post()
  @Authorize(Permission.UserInvite)
  @ApiOperation({ summary: 'Invite a focal point or validator of an institution by e-mail' })
  @ApiCreatedResponse({ type: InvitationDto, description: 'The invitation mail (single-use link) is sent' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed (details.fields.institutionId = validation.unknownCode for an unknown institution)' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'common.conflict: an account with this e-mail exists' })
  invite(@Body() body: CreateInvitationDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<InvitationDto> {
    return this.invitations.invite(body, user, actor);
  }

  @Get()
  @Authorize(Permission.UserInvite)
  @ApiOperation({ summary: 'Invitations neither accepted nor revoked (pending or expired), newest first' })
  @ApiOkResponse({ type: [OpenInvitationDto] })
  listOpen(@Query() query: InvitationQueryDto): Promise<OpenInvitationDto[]> {
    return this.invitations.listOpen(query);
  }

  @Post(':id/resend')
  @HttpCode(HttpStatus.OK)
  @Authorize(Permission.UserInvite)
  @ApiOperation({ summary: 'Send an invitation again: a new link and expiry; the old link stops working' })
  @ApiOkResponse({ type: OpenInvitationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such invitation' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'invitation.closed (accepted or revoked), common.conflict (an account with this e-mail exists)' })
  resend(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<OpenInvitationDto> {
    return this.invitations.resend(id, user, actor);
  }

  @Post(':id/revoke')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Authorize(Permission.UserInvite)
  @ApiOperation({ summary: 'Revoke an invitation: its link stops working at once' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such invitation' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'invitation.closed (accepted or revoked)' })
  revoke(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: AuditActor): Promise<void> {
    return this.invitations.revoke(id, actor);
  }

  @Post('accept')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept an invitation: choose a password and activate the account' })
  @ApiOkResponse({ type: AcceptedInvitationDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'invitation.invalid (unknown, used or expired link) or validation.failed (password rules)' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'common.service_unavailable: too many passwords being hashed at once (Retry-After header)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'auth.too_many_attempts: too many requests from this client address (Retry-After header)' })
  accept(@Body() body: AcceptInvitationDto, @Actor() actor: AuditActor): Promise<AcceptedInvitationDto> {
    return this.invitations.accept(body, actor);
  }
}
