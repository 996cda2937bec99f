import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AuditActor } from '../common/audit-actor.js';
import { AppConfig } from '../config/app-config.js';
import { AuthException } from './auth.errors.js';
import { AuthRepository, type ThrottleRule } from './auth.repository.js';
import { clientKeyOf } from './client-key.js';

/** The unauthenticated routes limited per client address (sign-in has its own failure counters in AuthService). */
export type PublicRoute = 'refresh' | 'password_reset' | 'password_reset_confirm' | 'invitation_accept' | 'login_totp';

/**
 * Request limits of the unauthenticated routes, counted in PostgreSQL (the `login_throttle` rows
 * and their atomic `reserveAttempt`, so they hold across API instances): every request counts,
 * per client address (IPv6 per /64) and route, RATE_LIMIT_PUBLIC_MAX (refresh:
 * RATE_LIMIT_REFRESH_MAX) per RATE_LIMIT_WINDOW_SECONDS; beyond, 429 `auth.too_many_attempts`
 * with Retry-After until the window ends. Keys are `rl:<route>:<client key>` (no e-mail key
 * starts so). Per-account limits are the callers' (`take` with an account key).
 */
@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly throttle: AuthRepository,
    private readonly config: AppConfig,
  ) {}

  ruleOf(route: PublicRoute): ThrottleRule {
    return { maxFailures: route === 'refresh' ? this.config.RATE_LIMIT_REFRESH_MAX : this.config.RATE_LIMIT_PUBLIC_MAX, windowSeconds: this.config.RATE_LIMIT_WINDOW_SECONDS };
  }

  /** Counts this request of the client for the route; 429 with Retry-After when its window is full. */
  async takeClient(route: PublicRoute, actor: AuditActor): Promise<void> {
    await this.take(`rl:${route}:${clientKeyOf(actor.ip)}`, this.ruleOf(route), actor);
  }

  /** Counts one use of `key` under `rule`; 429 with Retry-After when the key is full. */
  async take(key: string, rule: ThrottleRule, actor: AuditActor): Promise<void> {
    const retryAt = await this.dataSource.transaction(async (manager) => {
      const window = await this.throttle.reserveAttempt(manager, key.slice(0, 254), rule);
      return window === undefined ? this.throttle.retryTime(manager, key.slice(0, 254), rule) : null;
    });
    if (retryAt) {
      this.logger.warn({ event: 'rate_limited', route: key.split(':')[1], requestId: actor.requestId });
      throw AuthException.tooManyAttempts(retryAt);
    }
  }

  /** Forgets a key's count (a successful second factor clears the account's failures). */
  async clear(key: string): Promise<void> {
    await this.throttle.clearFailures(this.dataSource.manager, key.slice(0, 254));
  }
}
