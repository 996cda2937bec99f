import { ApiProperty } from '@nestjs/swagger';

/** What a reminder sweep did. */
export class ReminderSweepDto {
  @ApiProperty({ example: '2026-11-23' }) day: string;
  @ApiProperty() reminders: number;
  @ApiProperty() notifications: number;
}
