import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { INSTITUTION_TYPES, Permission, type InstitutionType } from '@sidh/domain';
import { Authorize } from '../../common/decorators.js';

export class InstitutionDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: InstitutionType;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

@Injectable()
export class InstitutionsRepository {
  constructor(private readonly dataSource: DataSource) {}

  listAll(): Promise<InstitutionDto[]> {
    return this.dataSource.query(
      `SELECT id, code, type, name_ar AS "nameAr", name_fr AS "nameFr", name_en AS "nameEn" FROM institution ORDER BY name_fr`,
    );
  }
}

@ApiTags('institutions')
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsRepository) {}

  /** The directory of institutions is not confidential: every signed-in role may read it. */
  @Get()
  @Authorize(Permission.InstitutionRead)
  @ApiOkResponse({ type: [InstitutionDto] })
  list(): Promise<InstitutionDto[]> {
    return this.institutions.listAll();
  }
}

@Module({ controllers: [InstitutionsController], providers: [InstitutionsRepository] })
export class InstitutionsModule {}
