import { Controller, HttpCode, HttpStatus, Module, Post, type DynamicModule } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import { Authorize } from '../../common/decorators.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RemindersService } from '../notifications/reminders.service.js';

export class ReminderSweepDto {
  @ApiProperty({ example: '2026-11-23' }) day: string;
  @ApiProperty() reminders: number;
  @ApiProperty() notifications: number;
}

/**
 * Development and demo tooling (not mounted in production): run the reminder sweep now instead
 * of waiting for the hourly job, to show or test the reminders.
 */
@ApiTags('dev')
@Controller('dev/reminders')
export class DevRemindersController {
  constructor(private readonly reminders: RemindersService) {}

  @Post('run')
  @Authorize(Permission.DevMailRead)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReminderSweepDto })
  run(): Promise<ReminderSweepDto> {
    return this.reminders.sweep(new Date());
  }
}

@Module({})
export class DevModule {
  static register(options: { enabled: boolean }): DynamicModule {
    return { module: DevModule, imports: [NotificationsModule], controllers: options.enabled ? [DevRemindersController] : [] };
  }
}
