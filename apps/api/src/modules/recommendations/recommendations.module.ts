import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module.js';
import { RecommendationFacetsCache } from './recommendation-facets.cache.js';
import { RecommendationsController } from './recommendations.controller.js';
import { RecommendationsRepository } from './recommendations.repository.js';
import { RecommendationsExportService } from './recommendations-export.service.js';
import { RecommendationsService } from './recommendations.service.js';

@Module({
  imports: [AuditModule],
  controllers: [RecommendationsController],
  providers: [RecommendationsRepository, RecommendationsService, RecommendationFacetsCache, RecommendationsExportService],
  exports: [RecommendationsRepository, RecommendationsService],
})
export class RecommendationsModule {}
