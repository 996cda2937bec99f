import { Module } from '@nestjs/common';
import { ContributionsModule } from '../contributions/contributions.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { RecommendationsModule } from '../recommendations/recommendations.module.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/** Reporting campaigns: which institutions report on which recommendations by when, and their progress. */
@Module({
  // The catalogue's filter (the campaign's scope), the contributions' list query, the reminders ("send now").
  imports: [RecommendationsModule, ContributionsModule, NotificationsModule],
  controllers: [CampaignsController],
  providers: [CampaignsRepository, CampaignsService],
})
export class CampaignsModule {}
