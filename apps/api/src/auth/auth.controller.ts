import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../common/audit-actor.js';
import type { AuthUser } from '../common/auth-user.js';
import { Actor, Authorize, CurrentUser, Public } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AppConfig } from '../config/app-config.js';
import { AuthException } from './auth.errors.js';
import { AuthService, type IssuedSession } from './auth.service.js';
import { LoginTotpDto, TotpChallengeDto } from './dto/account.dto.js';
import { LoginDto, LoginResponseDto, MeDto } from './dto/auth.dto.js';
import { AllowDuringTotpEnrolment } from './totp-enrolment.decorator.js';

/** The client's User-Agent for the sign-in history (cut to 300 characters). */
export const userAgentOf = (req: Request): string | null => req.get('user-agent')?.slice(0, 300) ?? null;

export const REFRESH_COOKIE = 'sidh_rt';
const REFRESH_COOKIE_PATH = '/api/v1/auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  /** The refresh token goes out only as an HttpOnly cookie: the handler needs the response for it. */
  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in with e-mail and password' })
  @ApiOkResponse({ type: LoginResponseDto, description: 'Also sets the refresh cookie (HttpOnly, SameSite=Strict, path /api/v1/auth)' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed: malformed e-mail or password field' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'auth.invalid_credentials: the same answer for an unknown account and a wrong password' })
  @ApiTooManyRequestsResponse({
    type: ErrorResponseDto,
    description: 'auth.too_many_attempts: too many failed attempts for this account, or from this client address across accounts (Retry-After header)',
  })
  @ApiServiceUnavailableResponse({ type: ErrorResponseDto, description: 'common.service_unavailable: too many passwords being checked at once (Retry-After header)' })
  @ApiAcceptedResponse({ type: TotpChallengeDto, description: 'The password is right and two-factor sign-in is on: send a code with mfaToken to POST /auth/login/totp' })
  async login(@Body() body: LoginDto, @Actor() actor: AuditActor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto | TotpChallengeDto> {
    const result = await this.auth.login(body.email, body.password, actor, userAgentOf(req));
    if ('totpRequired' in result) {
      res.status(HttpStatus.ACCEPTED);
      return result;
    }
    return this.withCookie(res, result);
  }

  @Post('login/totp')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Second step of a sign-in with two-factor: a 6-digit code or a recovery code' })
  @ApiOkResponse({ type: LoginResponseDto, description: 'Also sets the refresh cookie' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'auth.totp_invalid: wrong, too old or already used code; validation.failed' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'auth.mfa_token_invalid: the first step\'s token is invalid or expired (5 minutes)' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'auth.too_many_attempts: too many wrong codes for this account, or requests from this client (Retry-After header)' })
  async loginTotp(@Body() body: LoginTotpDto, @Actor() actor: AuditActor, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    return this.withCookie(res, await this.auth.loginTotp(body.mfaToken, body.code, actor, userAgentOf(req)));
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Exchange the refresh cookie for a new access token (the cookie rotates)' })
  @ApiHeader({ name: 'X-Requested-With', required: true, description: 'Must be `sidh` (CSRF defence for the cookie)' })
  @ApiOkResponse({ type: LoginResponseDto, description: 'Also sets the rotated refresh cookie' })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto, description: 'auth.refresh_invalid: no cookie, or an unknown, expired, revoked or replayed refresh token' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: 'auth.csrf_rejected: X-Requested-With missing or a foreign Origin' })
  @ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: 'auth.too_many_attempts: too many refreshes from this client address (Retry-After header)' })
  async refresh(@Req() req: Request, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    this.assertSameOrigin(req);
    return this.withCookie(res, await this.auth.refresh(req.cookies?.[REFRESH_COOKIE], actor));
  }

  @Post('logout')
  @Authorize(Permission.SessionRead)
  @AllowDuringTotpEnrolment()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Sign out: end this session and clear the refresh cookie' })
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: AuthUser, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(user.id, user.sessionId, actor);
    res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: this.config.COOKIE_SECURE });
    res.setHeader('Clear-Site-Data', '"cache", "storage"');
  }

  @Get('me')
  @Authorize(Permission.SessionRead)
  @AllowDuringTotpEnrolment()
  @ApiOperation({ summary: 'Get the signed-in user, their institution and permissions' })
  @ApiOkResponse({ type: MeDto })
  me(@CurrentUser() user: AuthUser): Promise<MeDto> {
    return this.auth.me(user.id);
  }

  private withCookie(res: Response, session: IssuedSession): LoginResponseDto {
    res.cookie(REFRESH_COOKIE, session.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.COOKIE_SECURE,
      path: REFRESH_COOKIE_PATH,
      expires: session.refreshExpiresAt,
    });
    return session.response;
  }

  /** The refresh cookie is sent automatically by browsers: demand a custom header and a same-site Origin. */
  private assertSameOrigin(req: Request): void {
    const reject = () => AuthException.csrfRejected();
    if (req.get('x-requested-with') !== 'sidh') throw reject();
    const origin = req.get('origin');
    if (!origin) return;
    const allowed = this.config.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw reject();
    }
    if (host !== req.get('host') && !allowed.includes(origin)) throw reject();
  }
}
