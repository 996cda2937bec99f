import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsService } from './reports.service.js';

/** Reports to the UN: generated from validated contributions, edited per section, exported as .docx, finalised into stored versions. */
@Module({
  // The catalogue's filter (a report's selection by the filters of GET /recommendations).
  imports: [RecommendationsModule],
  controllers: [ReportsController],
  providers: [ReportsRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
