import { ApiProperty } from '@nestjs/swagger';
import { MECHANISMS, type Mechanism } from '@sidh/domain';

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
