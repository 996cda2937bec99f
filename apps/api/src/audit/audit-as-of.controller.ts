import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuthUser } from '../common/auth-user.js';
import { Authorize, CurrentUser } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AuditAsOfService } from './audit-as-of.service.js';
import { AuditAsOfListDto, AuditAsOfQueryDto } from './dto/audit-as-of.dto.js';

/** The auditor's workspace, "as of" a date: lists rebuilt from the audit events (issue 12). */
@ApiTags('audit')
@Controller('audit/as-of')
export class AuditAsOfController {
  constructor(private readonly asOf: AuditAsOfService) {}

  @Get('recommendations')
  @Authorize(Permission.AuditRead)
  @ApiOperation({ summary: 'The recommendation list as it was at a date and time, rebuilt from the audit events' })
  @ApiOkResponse({ type: AuditAsOfListDto, description: 'A keyset page, in id order' })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Missing, invalid or future instant (at), invalid cursor, limit or words' })
  recommendations(@Query() query: AuditAsOfQueryDto, @CurrentUser() user: AuthUser): Promise<AuditAsOfListDto> {
    return this.asOf.recommendations(query, user);
  }
}
