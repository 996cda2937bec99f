import { Global, Module } from '@nestjs/common';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditAsOfController } from './audit-as-of.controller.js';
import { AuditAsOfRepository } from './audit-as-of.repository.js';
import { AuditAsOfService } from './audit-as-of.service.js';
import { AuditChainService } from './audit-chain.service.js';
import { AuditExportService } from './audit-export.service.js';
import { AuditController } from './audit.controller.js';
import { AuditRepository } from './audit.repository.js';
import { AuditService } from './audit.service.js';
import { AuditWriter } from './audit.writer.js';
import { VersionedWriter } from './versioned-writer.js';

/** The audit trail: the writer every feature uses, versioned writes, reading and verifying the chain. */
@Global()
@Module({
  controllers: [AuditController, AuditAsOfController],
  providers: [AuditAsOfRepository, AuditAsOfService, AuditRepository, AuditService, AuditChainService, AuditAnchorService, AuditExportService, AuditWriter, VersionedWriter],
  exports: [AuditRepository, AuditChainService, AuditAnchorService, AuditWriter, VersionedWriter],
})
export class AuditModule {}
