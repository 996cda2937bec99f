import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser, Public } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { AcceptedInvitationDto, AcceptInvitationDto, CreateInvitationDto, InvitationDto } from './dto/invitation.dto.js';
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

  @Post('accept')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Accept an invitation: choose a password and activate the account' })
  @ApiOkResponse({ type: AcceptedInvitationDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'invitation.invalid (unknown, used or expired link) or validation.failed (password rules)' })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'common.service_unavailable: too many passwords being hashed at once (Retry-After header)' })
  accept(@Body() body: AcceptInvitationDto, @Actor() actor: AuditActor): Promise<AcceptedInvitationDto> {
    return this.invitations.accept(body, actor);
  }
}
