import { Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import { Authorize } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { PaginationQueryDto } from '../common/pagination.dto.js';
import { AuditCheckpointDto, AuditCheckpointListDto, AuditEventListDto, AuditEventsQueryDto, AuditPublicKeyDto, AuditVerifyDto } from './dto/audit.dto.js';
import { AuditService } from './audit.service.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('events')
  @Authorize(Permission.AuditRead)
  @ApiOperation({ summary: 'List audit events, newest first' })
  @ApiOkResponse({ type: AuditEventListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid filter or page' })
  list(@Query() query: AuditEventsQueryDto): Promise<AuditEventListDto> {
    return this.audit.events(query);
  }

  @Get('verify')
  @Authorize(Permission.AuditVerify)
  @ApiOperation({ summary: 'Verify the audit chain and the last signed checkpoint' })
  @ApiOkResponse({ type: AuditVerifyDto })
  verify(): Promise<AuditVerifyDto> {
    return this.audit.verify();
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
