import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import { Authorize } from '../common/decorators.js';
import { PaginationQueryDto } from '../common/pagination.dto.js';
import {
  AuditCheckpointDto,
  AuditCheckpointListDto,
  AuditEventListDto,
  AuditEventsQueryDto,
  AuditPublicKeyDto,
  AuditVerifyDto,
  toAuditEventDto,
} from './dto/audit.dto.js';
import { AuditAnchorService } from './audit-anchor.service.js';
import { AuditRepository } from './audit.repository.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditRepository,
    private readonly anchor: AuditAnchorService,
  ) {}

  @Get('events')
  @Authorize(Permission.AuditRead)
  @ApiOkResponse({ type: AuditEventListDto })
  async list(@Query() query: AuditEventsQueryDto): Promise<AuditEventListDto> {
    const { rows, total } = await this.audit.findPage(query, query.page, query.pageSize);
    return { items: rows.map(toAuditEventDto), total, page: query.page, pageSize: query.pageSize };
  }

  @Get('verify')
  @Authorize(Permission.AuditVerify)
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(): Promise<AuditVerifyDto> {
    return this.anchor.verify();
  }

  @Get('checkpoints')
  @Authorize(Permission.AuditRead)
  @ApiOkResponse({ type: AuditCheckpointListDto, description: 'Signed checkpoints, newest first, each with its signature checked' })
  async checkpoints(@Query() query: PaginationQueryDto): Promise<AuditCheckpointListDto> {
    const { items, total } = await this.anchor.list(query.page, query.pageSize);
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** Signing a checkpoint writes a file: not for the read-only auditor role (audit:anchor). */
  @Post('checkpoints')
  @HttpCode(HttpStatus.CREATED)
  @Authorize(Permission.AuditAnchor)
  @ApiCreatedResponse({ type: AuditCheckpointDto })
  @ApiConflictResponse({ description: 'Anchoring disabled (audit.anchor_disabled) or the chain is broken (audit.chain_broken): nothing signed' })
  createCheckpoint(): Promise<AuditCheckpointDto> {
    return this.anchor.createCheckpoint();
  }

  @Get('checkpoints/public-key')
  @Authorize(Permission.AuditRead)
  @ApiOkResponse({ type: AuditPublicKeyDto, description: 'The Ed25519 public key that verifies checkpoint files offline' })
  @ApiConflictResponse({ description: 'Anchoring disabled (audit.anchor_disabled)' })
  publicKey(): Promise<AuditPublicKeyDto> {
    return this.anchor.publicKey();
  }
}
