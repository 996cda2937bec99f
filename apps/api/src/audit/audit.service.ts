import { Injectable } from '@nestjs/common';
import type { PaginationQueryDto } from '../common/pagination.dto.js';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditRepository } from './audit.repository.js';
import { toAuditEventDto, type AuditCheckpointDto, type AuditCheckpointListDto, type AuditEventListDto, type AuditEventsQueryDto, type AuditPublicKeyDto, type AuditVerifyDto } from './dto/audit.dto.js';

/** Reading and verifying the audit trail, and its signed checkpoints. */
@Injectable()
export class AuditService {
  constructor(
    private readonly audit: AuditRepository,
    private readonly anchor: AuditAnchorService,
  ) {}

  async events(query: AuditEventsQueryDto): Promise<AuditEventListDto> {
    const { rows, total } = await this.audit.findPage(query, query.page, query.pageSize);
    return { items: rows.map(toAuditEventDto), total, page: query.page, pageSize: query.pageSize };
  }

  verify(): Promise<AuditVerifyDto> {
    return this.anchor.verify();
  }

  async checkpoints(query: PaginationQueryDto): Promise<AuditCheckpointListDto> {
    const { items, total } = await this.anchor.list(query.page, query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  createCheckpoint(): Promise<AuditCheckpointDto> {
    return this.anchor.createCheckpoint();
  }

  publicKey(): Promise<AuditPublicKeyDto> {
    return this.anchor.publicKey();
  }
}
