import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { JobsService } from './jobs.service.js';

@Module({ imports: [NotificationsModule, AuditModule], providers: [JobsService], exports: [JobsService] })
export class JobsModule {}
