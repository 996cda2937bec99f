import { Module } from '@nestjs/common';
import { InvitationsController } from './invitations.controller.js';
import { InvitationsRepository } from './invitations.repository.js';
import { InvitationsService } from './invitations.service.js';

/** Invitations by e-mail (single-use, expiring links) and their acceptance, which creates the account. */
@Module({ controllers: [InvitationsController], providers: [InvitationsRepository, InvitationsService] })
export class InvitationsModule {}
