import type { SweepResult } from '../../notifications/reminders.service.js';
import type { ReminderSweepDto } from './dev.dto.js';

export function toReminderSweepDto(result: SweepResult): ReminderSweepDto {
  return { day: result.day, reminders: result.reminders, notifications: result.notifications };
}
