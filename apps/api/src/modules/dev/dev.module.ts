import { Module, type DynamicModule } from '@nestjs/common';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { DevRemindersController } from './dev.controller.js';
import { DevService } from './dev.service.js';

/** Development and demo tooling; its routes are mounted outside production only. */
@Module({})
export class DevModule {
  static register(options: { enabled: boolean }): DynamicModule {
    return {
      module: DevModule,
      imports: [NotificationsModule],
      controllers: options.enabled ? [DevRemindersController] : [],
      providers: options.enabled ? [DevService] : [],
    };
  }
}
