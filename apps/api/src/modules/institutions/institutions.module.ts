import { Module } from '@nestjs/common';
import { InstitutionsController } from './institutions.controller.js';
import { InstitutionsRepository } from './institutions.repository.js';
import { InstitutionsService } from './institutions.service.js';

/** The directory of institutions and each institution's members. */
@Module({ controllers: [InstitutionsController], providers: [InstitutionsRepository, InstitutionsService] })
export class InstitutionsModule {}
