import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { AppConfig } from '../../config/app-config.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';

@Module({
  imports: [
    // Commits are pg-boss jobs (the queue `import-commit`).
    JobsModule,
    // No `dest`: multer keeps the file in memory, with hard limits: multer aborts the stream past IMPORT_MAX_BYTES (413) and
    // nothing reaches the disk until the file has been read and accepted.
    MulterModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        limits: { fileSize: config.IMPORT_MAX_BYTES, files: 1, fields: 4, parts: 5, fieldSize: 64 * 1024, headerPairs: 50 },
      }),
    }),
  ],
  controllers: [ImportsController],
  providers: [ImportsRepository, ImportsService],
  exports: [ImportsService],
})
export class ImportsModule {}
