import { Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { RemindersRepository } from './reminders.repository.js';
import { RemindersService } from './reminders.service.js';

/** In-app notifications (the bell) with their e-mail copy, and the deadline reminders. */
@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, RemindersRepository, RemindersService],
  exports: [NotificationsService, NotificationsRepository, RemindersService],
})
export class NotificationsModule {}
