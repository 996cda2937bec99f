import { Injectable } from '@nestjs/common';
import { RemindersService } from '../notifications/reminders.service.js';
import type { ReminderSweepDto } from './dto/dev.dto.js';
import { toReminderSweepDto } from './dto/dev.mapper.js';

/** Development and demo tooling: triggers what the scheduled jobs do, now. */
@Injectable()
export class DevService {
  constructor(private readonly reminders: RemindersService) {}

  /** The hourly reminder sweep, at the current time. */
  async runReminderSweep(): Promise<ReminderSweepDto> {
    return toReminderSweepDto(await this.reminders.sweep(new Date()));
  }
}
