import { Controller, Get, Module, type DynamicModule } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import { Authorize } from '../../common/decorators.js';
import { DevMailServer } from './dev-mail.server.js';
import { MailRepository } from './mail.repository.js';
import { MailService } from './mail.service.js';

export class CapturedMailDto {
  @ApiProperty() id: number;
  @ApiProperty() from: string;
  @ApiProperty({ type: [String] }) to: string[];
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty() receivedAt: string;
}

/** Development and demo only (not mounted in production): the mails the capture SMTP server received. */
@ApiTags('dev')
@Controller('dev/mails')
export class DevMailController {
  constructor(private readonly server: DevMailServer) {}

  @Get()
  @Authorize(Permission.DevMailRead)
  @ApiOkResponse({ type: [CapturedMailDto] })
  list(): CapturedMailDto[] {
    return this.server.messages().reverse();
  }
}

@Module({})
export class MailModule {
  static register(options: { devRoutes: boolean }): DynamicModule {
    return {
      module: MailModule,
      global: true,
      controllers: options.devRoutes ? [DevMailController] : [],
      providers: [DevMailServer, MailRepository, MailService],
      exports: [MailService, DevMailServer],
    };
  }
}
