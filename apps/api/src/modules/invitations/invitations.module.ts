import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module.js';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';

/** Invitations by e-mail (single-use, expiring links) and their acceptance, which creates the account (password hashed by auth's `PasswordHasher`). */
@Module({ imports: [AuthModule], controllers: [InvitationsController], providers: [InvitationsRepository, InvitationsService] })
export class InvitationsModule {}
