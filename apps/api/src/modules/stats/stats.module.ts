import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module.js';
import { StatsCache } from './stats.cache.js';
import { StatsController } from './stats.controller.js';
import { StatsRepository } from './stats.repository.js';
import { StatsService } from './stats.service.js';

/** Aggregates for the dashboards, over the catalogue's filter and institution scope. */
@Module({
  // The catalogue's filter and scope (RecommendationsRepository.buildWhere).
  imports: [RecommendationsModule],
  controllers: [StatsController],
  providers: [StatsRepository, StatsService, StatsCache],
  exports: [StatsService, StatsCache],
})
export class StatsModule {}
