import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';

/** Which institution answers for which recommendation (lead or contributor); drives institution scope. */
@Module({
  imports: [RecommendationsModule],
  controllers: [AssignmentsController],
  providers: [AssignmentsRepository, AssignmentsService],
})
export class AssignmentsModule {}
