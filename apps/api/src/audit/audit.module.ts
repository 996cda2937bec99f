import { Module } from '@nestjs/common';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';

@Module({ controllers: [AuditController], providers: [AuditRepository, AuditAnchorService], exports: [AuditRepository, AuditAnchorService] })
export class AuditModule {}
