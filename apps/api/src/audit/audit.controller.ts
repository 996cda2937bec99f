import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query, Res, StreamableFile, type PipeTransform } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import { Authorize } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { PaginationQueryDto } from '../common/pagination.dto.js';
import { AppException } from '../common/app-exception.js';
import {
  AUDIT_HISTORY_ENTITY_TYPES,
  AuditCheckpointDto,
  AuditCheckpointListDto,
  AuditEntityQueryDto,
  AuditEntityStateDto,
  AuditEventDetailDto,
  AuditEventListDto,
  AuditEventsExportQueryDto,
  AuditEventsQueryDto,
  AuditPublicKeyDto,
  AuditVerifyDto,
} from './dto/audit.dto.js';

/** An event id: the chain's sequence number. */
const eventId: PipeTransform<string, string> = {
  transform(value: string): string {
    if (!/^[1-9][0-9]{0,18}$/.test(value)) throw AppException.validation({ id: 'validation.invalid' });
    return value;
  },
};
const uuid = new ParseUUIDPipe();
import { AuditExportService } from './audit-export.service.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly exports: AuditExportService,
  ) {}

  @Get('events')
  @Authorize(Permission.AuditRead)
  @ApiOperation({ summary: 'List audit events, newest first' })
  @ApiOkResponse({ type: AuditEventListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid filter or page' })
  list(@Query() query: AuditEventsQueryDto): Promise<AuditEventListDto> {
    return this.audit.events(query);
  }

  /** The filtered log, whole, as CSV or JSON Lines (newest first). */
  @Get('events/export')
  @Authorize(Permission.AuditRead)
  @ApiOperation({ summary: 'Export the filtered audit log as CSV or JSON Lines' })
  @ApiProduces('text/csv', 'application/x-ndjson')
  @ApiOkResponse({ description: 'Every matching event, newest first', schema: { type: 'string', format: 'binary' } })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid filter' })
  exportEvents(@Query() query: AuditEventsExportQueryDto, @Res({ passthrough: true }) res: Response): StreamableFile {
    const format = query.format ?? 'csv';
    res.setHeader('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="sidh-audit-log-${new Date().toISOString().slice(0, 10)}.${format}"`);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(this.audit.exportEvents(query, format));
  }

  @Get('events/:id')
  @Authorize(Permission.AuditRead)
  @ApiOperation({ summary: 'One audit event, field by field (before → after)' })
  @ApiParam({ name: 'id', description: 'The event number in the chain' })
  @ApiOkResponse({ type: AuditEventDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Not an event number' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such event' })
  event(@Param('id', eventId) id: string): Promise<AuditEventDetailDto> {
    return this.audit.event(id);
  }

  /** Point in time: the record rebuilt from its audit events, as it was at `at`. */
  @Get('entities/:type/:id')
  @Authorize(Permission.AuditRead)
  @ApiOperation({ summary: 'A record as it was at a date and time, rebuilt from the audit events' })
  @ApiParam({ name: 'type', enum: AUDIT_HISTORY_ENTITY_TYPES })
  @ApiOkResponse({ type: AuditEntityStateDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Unknown type (type), not a uuid (id) or not an instant (at)' })
  entityAt(@Param('type') type: string, @Param('id', uuid) id: string, @Query() query: AuditEntityQueryDto): Promise<AuditEntityStateDto> {
    return this.audit.entityAt(type, id, query.at);
  }

  @Get('verify')
  @Authorize(Permission.AuditVerify)
  @ApiOperation({ summary: 'Verify the audit chain and the last signed checkpoint' })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(): Promise<AuditVerifyDto> {
    return this.audit.verify();
  }

  /** The proof outside the application: the chain, the signed checkpoints and the public key, checked offline by tools/audit-verify-export.mjs. */
  @Get('export')
  @Authorize(Permission.AuditVerify)
  @ApiOperation({ summary: 'Download the audit trail as a bundle that can be verified offline' })
  @ApiProduces('application/gzip')
  @ApiOkResponse({
    description: 'A .tar.gz holding events.jsonl (every event with the fields the chain hashes), checkpoints.jsonl (the signed checkpoints), public-key.pem, manifest.json and README.txt',
    schema: { type: 'string', format: 'binary' },
  })
  async export(@Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const bundle = await this.exports.bundle();
    res.setHeader('Content-Type', 'application/gzip');
    res.setHeader('Content-Disposition', `attachment; filename="${bundle.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    return new StreamableFile(bundle.stream);
  }

  @Get('checkpoints')
  @Authorize(Permission.AuditRead)
  @ApiOperation({ summary: 'List signed checkpoints' })
  @ApiOkResponse({ type: AuditCheckpointListDto, description: 'Signed checkpoints, newest first, each with its signature checked' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid page' })
  checkpoints(@Query() query: PaginationQueryDto): Promise<AuditCheckpointListDto> {
    return this.audit.checkpoints(query);
  }

  /** Signing a checkpoint writes a file: not for the read-only auditor role (audit:anchor). */
  @Post('checkpoints')
  @HttpCode(HttpStatus.CREATED)
  @Authorize(Permission.AuditAnchor)
  @ApiOperation({ summary: 'Sign a checkpoint of the audit chain now' })
  @ApiCreatedResponse({ type: AuditCheckpointDto })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Anchoring disabled (audit.anchor_disabled) or the chain is broken (audit.chain_broken): nothing signed' })
  createCheckpoint(): Promise<AuditCheckpointDto> {
    return this.audit.createCheckpoint();
  }

  @Get('checkpoints/public-key')
  @Authorize(Permission.AuditRead)
  @ApiOperation({ summary: 'Get the public key that verifies checkpoints' })
  @ApiOkResponse({ type: AuditPublicKeyDto, description: 'The Ed25519 public key that verifies checkpoint files offline' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'Anchoring disabled (audit.anchor_disabled)' })
  publicKey(): Promise<AuditPublicKeyDto> {
    return this.audit.publicKey();
  }
}
