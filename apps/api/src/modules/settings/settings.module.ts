import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { memoryStorage } from 'multer';
import { LOGO_MAX_BYTES } from './logo-check.js';
import { SettingsController } from './settings.controller.js';
import { SettingsRepository } from './settings.repository.js';
import { SettingsService } from './settings.service.js';

/** Organisation settings: name and logo (login page, reports), reminder days, word limits. */
@Module({
  // The limit aborts the upload (413) before anything is kept.
  imports: [MulterModule.register({ storage: memoryStorage(), limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 2, parts: 3, fieldSize: 1024 } })],
  controllers: [SettingsController],
  providers: [SettingsRepository, SettingsService],
})
export class SettingsModule {}
