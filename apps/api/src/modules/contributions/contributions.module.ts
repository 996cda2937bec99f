import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { AppConfig } from '../../config/app-config.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { ContributionsController, StatusSuggestionController } from './contributions.controller.js';
import { ContributionsRepository } from './contributions.repository.js';
import { ContributionsService } from './contributions.service.js';
import { EvidenceController } from './evidence.controller.js';
import { EvidenceRepository } from './evidence.repository.js';
import { EvidenceService } from './evidence.service.js';

/** Contributions (content, workflow, comments), their evidence, and the consolidated-status suggestion. */
@Module({
  imports: [
    NotificationsModule,
    // Limits abort the stream (413) before anything is kept; files stay in memory until checked.
    MulterModule.registerAsync({
      useFactory: (config: AppConfig) => ({
        storage: memoryStorage(),
        limits: { fileSize: config.EVIDENCE_MAX_BYTES, files: 1, fields: 5, parts: 6, fieldSize: 4096 },
      }),
      inject: [AppConfig],
    }),
  ],
  controllers: [ContributionsController, EvidenceController, StatusSuggestionController],
  providers: [ContributionsRepository, ContributionsService, EvidenceRepository, EvidenceService],
  exports: [ContributionsRepository],
})
export class ContributionsModule {}
