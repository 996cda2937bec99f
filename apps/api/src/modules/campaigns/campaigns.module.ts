import { Module } from '@nestjs/common';
import { ContributionsModule } from '../contributions/contributions.module.js';
import { RecommendationsModule } from '../recommendations/recommendations.module.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/** Reporting campaigns: which institutions report on which recommendations by when, and their progress. */
@Module({
  // The catalogue's filter (the campaign's scope) and the contributions' list query.
  imports: [RecommendationsModule, ContributionsModule],
  controllers: [CampaignsController],
  providers: [CampaignsRepository, CampaignsService],
})
export class CampaignsModule {}
