import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthController } from './auth.controller.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PasswordHasher } from './password-hasher.js';

/**
 * Sign-in, sessions and the JWT strategy; exports `AuthService` (`revokeAllSessions`) for user
 * administration and `PasswordHasher` (the process's bounded password hashing) for invitations.
 */
@Module({
  imports: [PassportModule, JwtModule.register({})],
  controllers: [AuthController],
  providers: [AuthRepository, AuthService, JwtStrategy, PasswordHasher],
  exports: [AuthService, PasswordHasher],
})
export class AuthModule {}
