import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import { Authorize } from '../common/decorators.js';
import { AuditEventListDto, AuditEventsQueryDto, AuditVerifyDto, toAuditEventDto } from './dto/audit.dto.js';
import { AuditRepository } from './audit.repository.js';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

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
    return this.audit.verifyChain();
  }
}
