import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../common/audit-actor.js';
import type { AuthUser } from '../common/auth-user.js';
import { Actor, Authorize, CurrentUser, Public } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AccountService } from './account.service.js';
import {
  AcceptedDto,
  AccountSecurityDto,
  ChangePasswordDto,
  DisableTotpDto,
  PasswordResetConfirmDto,
  PasswordResetRequestDto,
  RecoveryCodesDto,
  SignInPageDto,
  SignInsQueryDto,
  TotpCodeDto,
  TotpEnrolmentDto,
} from './dto/account.dto.js';
import { AllowDuringTotpEnrolment } from './totp-enrolment.decorator.js';

const TOO_MANY = { type: ErrorResponseDto, description: 'auth.too_many_attempts: too many requests from this client address (Retry-After header)' };

/** The signed-in user's own account, and the forgotten-password routes (public, rate-limited). */
@ApiTags('auth')
@Controller('auth')
export class AccountController {
  constructor(private readonly accounts: AccountService) {}

  @Get('account')
  @Authorize(Permission.SessionRead)
  @AllowDuringTotpEnrolment()
  @ApiOperation({ summary: 'Two-factor state of the signed-in account' })
  @ApiOkResponse({ type: AccountSecurityDto })
  security(@CurrentUser() user: AuthUser): Promise<AccountSecurityDto> {
    return this.accounts.security(user);
  }

  @Post('password')
  @Authorize(Permission.SessionRead)
  @AllowDuringTotpEnrolment()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Change one\'s password: every other session of the account ends' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'auth.current_password_invalid; validation.failed (newPassword: length, or validation.passwordCommon)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'auth.too_many_attempts: too many wrong current passwords (Retry-After header)' })
  async changePassword(@Body() body: ChangePasswordDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<void> {
    await this.accounts.changePassword(user, body.currentPassword, body.newPassword, actor);
  }

  @Post('password-reset')
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Forgotten password: mail a single-use reset link (1 hour) if the account exists' })
  @ApiAcceptedResponse({ type: AcceptedDto, description: 'Always the same answer, whether or not the account exists' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed: malformed e-mail' })
  @ApiTooManyRequestsResponse(TOO_MANY)
  async requestReset(@Body() body: PasswordResetRequestDto, @Actor() actor: AuditActor): Promise<AcceptedDto> {
    await this.accounts.requestPasswordReset(body.email, actor);
    return { accepted: true };
  }

  @Post('password-reset/confirm')
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Set a new password with the reset link\'s token: the token is used up and every session of the account ends' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'auth.reset_token_invalid (unknown, used or expired); validation.failed (password rules)' })
  @ApiTooManyRequestsResponse(TOO_MANY)
  async confirmReset(@Body() body: PasswordResetConfirmDto, @Actor() actor: AuditActor): Promise<void> {
    await this.accounts.confirmPasswordReset(body.token, body.password, actor);
  }

  @Post('totp/enrol')
  @Authorize(Permission.SessionRead)
  @AllowDuringTotpEnrolment()
  @ApiOperation({ summary: 'Start two-factor enrolment: a new secret, its otpauth:// URI and QR code (SVG)' })
  @ApiOkResponse({ type: TotpEnrolmentDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'auth.totp_state: two-factor sign-in is already on' })
  @HttpCode(HttpStatus.OK)
  enrol(@CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<TotpEnrolmentDto> {
    return this.accounts.enrolTotp(user, actor);
  }

  @Post('totp/confirm')
  @Authorize(Permission.SessionRead)
  @AllowDuringTotpEnrolment()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Confirm enrolment with a first code: two-factor sign-in is on; returns ten recovery codes, shown once' })
  @ApiOkResponse({ type: RecoveryCodesDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'auth.totp_invalid; validation.failed' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'auth.totp_state: no enrolment started, or already on' })
  confirm(@Body() body: TotpCodeDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<RecoveryCodesDto> {
    return this.accounts.confirmTotp(user, body.code, actor);
  }

  @Post('totp/disable')
  @Authorize(Permission.SessionRead)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Turn two-factor sign-in off (password and a code); not for roles that require it' })
  @ApiNoContentResponse()
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'auth.current_password_invalid, auth.totp_invalid, validation.failed' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'auth.totp_state: the role requires two-factor sign-in' })
  async disable(@Body() body: DisableTotpDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<void> {
    await this.accounts.disableTotp(user, body.password, body.code, actor);
  }

  @Get('sign-ins')
  @Authorize(Permission.SessionRead)
  @AllowDuringTotpEnrolment()
  @ApiOperation({ summary: 'The signed-in user\'s sign-in history, newest first' })
  @ApiOkResponse({ type: SignInPageDto })
  mySignIns(@Query() query: SignInsQueryDto, @CurrentUser() user: AuthUser): Promise<SignInPageDto> {
    return this.accounts.signIns(user.id, query.limit, query.cursor ?? null);
  }
}

/** What an administrator sees and does about another account's sign-in. */
@ApiTags('users')
@Controller('users')
export class UserSignInController {
  constructor(private readonly accounts: AccountService) {}

  @Get(':id/sign-ins')
  @Authorize(Permission.AccountManage)
  @ApiOperation({ summary: 'An account\'s sign-in history (time, address, browser, outcome), newest first: the administrator for any account, the coordinator for focal points and validators' })
  @ApiOkResponse({ type: SignInPageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  signIns(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: SignInsQueryDto, @CurrentUser() user: AuthUser): Promise<SignInPageDto> {
    return this.accounts.signIns(id, query.limit, query.cursor ?? null, user);
  }

  @Post(':id/totp/reset')
  @Authorize(Permission.UserManage)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Lost device: remove the account\'s two-factor sign-in and recovery codes; its sessions end' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  async resetTotp(@Param('id', new ParseUUIDPipe()) id: string, @Actor() actor: AuditActor): Promise<void> {
    await this.accounts.resetTotp(id, actor);
  }
}
