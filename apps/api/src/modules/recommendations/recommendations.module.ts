import { Module } from '@nestjs/common';
import { RecommendationFacetsCache, RecommendationSearchCache } from './recommendation-facets.cache.js';
import { RecommendationsController } from './recommendations.controller.js';
import { RecommendationsRepository } from './recommendations.repository.js';
import { RecommendationsExportService } from './recommendations-export.service.js';
import { RecommendationsService } from './recommendations.service.js';

/** The recommendation catalogue. Access, audit and versioned writes come from the global modules. */
@Module({
  controllers: [RecommendationsController],
  providers: [RecommendationsRepository, RecommendationsService, RecommendationFacetsCache, RecommendationSearchCache, RecommendationsExportService],
  exports: [RecommendationsRepository, RecommendationsService],
})
export class RecommendationsModule {}
