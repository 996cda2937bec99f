import { Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Res, StreamableFile } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { contentDisposition } from './evidence.files.js';
import { EvidenceService } from './evidence.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('contributions')
@Controller('evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  /** Streams the file: the one handler that writes its own headers. */
  @Get(':id/download')
  @Authorize(Permission.ContributionRead)
  @ApiOperation({ summary: 'Download an evidence file' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, as an attachment (Content-Disposition with filename*, nosniff, CSP sandbox)', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent, a link, outside the caller’s institution, or restricted' })
  async download(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    const file = await this.evidence.openDownload(id, user, actor);
    res.setHeader('Content-Type', file.mediaType);
    res.setHeader('Content-Length', String(file.size));
    res.setHeader('Content-Disposition', contentDisposition(file.fileName));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
    return new StreamableFile(file.stream);
  }

  @Delete(':id')
  @Authorize(Permission.ContributionWrite)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a piece of evidence' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'Absent or outside the caller’s institution' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'The contribution is no longer editable' })
  remove(@Param('id', uuid) id: string, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<void> {
    return this.evidence.remove(id, user, actor);
  }
}
