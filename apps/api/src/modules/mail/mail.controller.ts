import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import { Authorize } from '../../common/decorators.js';
import { CapturedMailDto } from './dto/mail.dto.js';
import { MailService } from './mail.service.js';

/** Development and demo only (not mounted in production): the mails the capture SMTP server received. */
@ApiTags('dev')
@Controller('dev/mails')
export class DevMailController {
  constructor(private readonly mail: MailService) {}

  @Get()
  @Authorize(Permission.DevMailRead)
  @ApiOperation({ summary: 'List the mails the capture SMTP server received, newest first (development only)' })
  @ApiOkResponse({ type: [CapturedMailDto] })
  list(): CapturedMailDto[] {
    return this.mail.capturedMails();
  }
}
