import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { MECHANISMS, Permission, type Mechanism } from '@sidh/domain';
import { Authorize } from '../../common/decorators.js';

export class RefDto {
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class SdgTargetRefDto extends RefDto {
  @ApiProperty() goalCode: string;
}

export class SubAxisRefDto extends RefDto {
  @ApiProperty() axisCode: string;
}

export class BodyDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: MECHANISMS }) mechanism: Mechanism;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ type: Number, nullable: true }) followUpMonths: number | null;
}

export class ReviewDto {
  @ApiProperty() id: string;
  @ApiProperty() bodyId: string;
  @ApiProperty() code: string;
  @ApiProperty() titleAr: string;
  @ApiProperty() titleFr: string;
  @ApiProperty() titleEn: string;
  @ApiProperty({ type: Number, nullable: true }) cycle: number | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty({ type: String, nullable: true }) documentSymbol: string | null;
}

const LABELS = `name_ar AS "nameAr", name_fr AS "nameFr", name_en AS "nameEn"`;

@Injectable()
export class ReferenceRepository {
  constructor(private readonly dataSource: DataSource) {}

  listLabelled(table: 'theme' | 'affected_person' | 'sdg_goal' | 'axis' | 'country'): Promise<RefDto[]> {
    const order = table === 'sdg_goal' ? 'code::int' : table === 'country' ? 'name_en' : 'code';
    return this.dataSource.query(`SELECT code, ${LABELS} FROM ${table} ORDER BY ${order}`);
  }

  listSdgTargets(): Promise<SdgTargetRefDto[]> {
    return this.dataSource.query(`SELECT code, goal_code AS "goalCode", ${LABELS} FROM sdg_target ORDER BY string_to_array(code, '.')::text[]`);
  }

  listSubAxes(): Promise<SubAxisRefDto[]> {
    return this.dataSource.query(`SELECT code, axis_code AS "axisCode", ${LABELS} FROM sub_axis ORDER BY code`);
  }

  listBodies(): Promise<BodyDto[]> {
    return this.dataSource.query(`SELECT id, code, mechanism, ${LABELS}, follow_up_months AS "followUpMonths" FROM body ORDER BY mechanism, code`);
  }

  listReviews(): Promise<ReviewDto[]> {
    return this.dataSource.query(
      `SELECT id, body_id AS "bodyId", code, title_ar AS "titleAr", title_fr AS "titleFr", title_en AS "titleEn", cycle, year, document_symbol AS "documentSymbol" FROM review ORDER BY year DESC NULLS LAST, code`,
    );
  }
}

@ApiTags('reference')
@Controller('reference')
export class ReferenceController {
  constructor(private readonly reference: ReferenceRepository) {}

  @Get('bodies') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [BodyDto] })
  bodies(): Promise<BodyDto[]> {
    return this.reference.listBodies();
  }

  @Get('reviews') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [ReviewDto] })
  reviews(): Promise<ReviewDto[]> {
    return this.reference.listReviews();
  }

  @Get('themes') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [RefDto] })
  themes(): Promise<RefDto[]> {
    return this.reference.listLabelled('theme');
  }

  @Get('affected-persons') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [RefDto] })
  affectedPersons(): Promise<RefDto[]> {
    return this.reference.listLabelled('affected_person');
  }

  @Get('sdg-goals') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [RefDto] })
  sdgGoals(): Promise<RefDto[]> {
    return this.reference.listLabelled('sdg_goal');
  }

  @Get('sdg-targets') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [SdgTargetRefDto] })
  sdgTargets(): Promise<SdgTargetRefDto[]> {
    return this.reference.listSdgTargets();
  }

  @Get('axes') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [RefDto] })
  axes(): Promise<RefDto[]> {
    return this.reference.listLabelled('axis');
  }

  @Get('sub-axes') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [SubAxisRefDto] })
  subAxes(): Promise<SubAxisRefDto[]> {
    return this.reference.listSubAxes();
  }

  @Get('countries') @Authorize(Permission.ReferenceRead) @ApiOkResponse({ type: [RefDto] })
  countries(): Promise<RefDto[]> {
    return this.reference.listLabelled('country');
  }
}

@Module({ controllers: [ReferenceController], providers: [ReferenceRepository], exports: [ReferenceRepository] })
export class ReferenceModule {}
