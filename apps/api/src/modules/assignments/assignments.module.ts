import { Module } from '@nestjs/common';
import { RecommendationsModule } from '../recommendations/recommendations.module.js';
import { AssignmentsController } from './assignments.controller.js';
import { AssignmentsRepository } from './assignments.repository.js';
import { AssignmentsService } from './assignments.service.js';

@Module({
  imports: [RecommendationsModule],
  controllers: [AssignmentsController],
  providers: [AssignmentsRepository, AssignmentsService],
})
export class AssignmentsModule {}
