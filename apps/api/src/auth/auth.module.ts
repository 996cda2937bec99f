import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AccountController, UserSignInController } from './account.controller.js';
import { AccountService } from './account.service.js';
import { AccountsRepository } from './accounts.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PasswordHasher } from './password-hasher.js';
import { RateLimiter } from './rate-limit.js';
import { SessionListener } from './session-cache.js';

/**
 * Sign-in, sessions and the JWT strategy, and the account features (password change and reset,
 * TOTP two-factor, sign-in history, rate limits of the public routes); exports `AuthService`
 * (`revokeAllSessions`) for user administration, `PasswordHasher` (the process's bounded password
 * hashing) and `RateLimiter` for invitations.
 */
@Module({
  imports: [PassportModule, JwtModule.register({})],
  controllers: [AuthController, AccountController, UserSignInController],
  providers: [SessionListener, AuthRepository, AuthService, JwtStrategy, PasswordHasher, AccountsRepository, AccountService, RateLimiter],
  exports: [AuthService, PasswordHasher, RateLimiter],
})
export class AuthModule {}
