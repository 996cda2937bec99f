import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../audit/audit.writer.js';
import { AppException, ErrorCode } from '../common/app-exception.js';
import type { AuthUser } from '../common/auth-user.js';
import { Actor, Authorize, CurrentUser, Public } from '../common/decorators.js';
import { AppConfig } from '../config/app-config.js';
import { AuthService, type IssuedSession } from './auth.service.js';
import { LoginDto, LoginResponseDto, MeDto } from './dto/auth.dto.js';

export const REFRESH_COOKIE = 'sidh_rt';
const REFRESH_COOKIE_PATH = '/api/v1/auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this account' })
  async login(@Body() body: LoginDto, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    try {
      return this.withCookie(res, await this.auth.login(body.email, body.password, actor));
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.TooManyAttempts) res.setHeader('Retry-After', String(error.details?.['retryAfterSeconds'] ?? 60));
      throw error;
    }
  }

  @Post('refresh')
  @Public()
  @HttpCode(HttpStatus.OK)
  @ApiHeader({ name: 'X-Requested-With', required: true, description: 'Must be `sidh` (CSRF defence for the cookie)' })
  @ApiOkResponse({ type: LoginResponseDto })
  async refresh(@Req() req: Request, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    this.assertSameOrigin(req);
    return this.withCookie(res, await this.auth.refresh(req.cookies?.[REFRESH_COOKIE], actor));
  }

  @Post('logout')
  @Authorize(Permission.SessionRead)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async logout(@CurrentUser() user: AuthUser, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(user.id, user.sessionId, actor);
    res.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, httpOnly: true, sameSite: 'strict', secure: this.config.COOKIE_SECURE });
    res.setHeader('Clear-Site-Data', '"cache", "storage"');
  }

  @Get('me')
  @Authorize(Permission.SessionRead)
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
    const reject = () => new AppException(HttpStatus.FORBIDDEN, ErrorCode.CsrfRejected, 'Cross-site request refused');
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
