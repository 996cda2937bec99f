import { Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import { Authorize } from '../../common/decorators.js';
import { DevService } from './dev.service.js';
import { ReminderSweepDto } from './dto/dev.dto.js';

/**
 * Development and demo tooling (not mounted in production): run the reminder sweep now instead
 * of waiting for the hourly job, to show or test the reminders.
 */
@ApiTags('dev')
@Controller('dev/reminders')
export class DevRemindersController {
  constructor(private readonly dev: DevService) {}

  @Post('run')
  @Authorize(Permission.DevMailRead)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run the reminder sweep now (development only)' })
  @ApiOkResponse({ type: ReminderSweepDto })
  run(): Promise<ReminderSweepDto> {
    return this.dev.runReminderSweep();
  }
}
