import { Module, type DynamicModule } from '@nestjs/common';
import { DevMailServer } from './dev-mail.server.js';
import { DevMailController } from './mail.controller.js';
import { MailRepository } from './mail.repository.js';
import { MailService } from './mail.service.js';

/** Outgoing mail through the outbox (global: any module may enqueue); outside production, the capture server and its route. */
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
