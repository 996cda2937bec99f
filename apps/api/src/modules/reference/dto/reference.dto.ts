import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { MECHANISMS, type Mechanism } from '@sidh/domain';

/** Codes: letters, digits and `. _ -`, starting with a letter or digit (they appear in URLs, exports and import mappings). */
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const NAME_MAX = 500;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class RefDto {
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

/** A list item the administration edits: `active` false once deactivated (still named by its records). */
export class AdministeredRefDto extends RefDto {
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'For If-Match' }) version: number;
}

export class SdgTargetRefDto extends RefDto {
  @ApiProperty() goalCode: string;
}

export class SubAxisRefDto extends AdministeredRefDto {
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
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'For If-Match' }) version: number;
}

export class ReviewDto {
  @ApiProperty() id: string;
  @ApiProperty() bodyId: string;
  @ApiProperty() code: string;
  @ApiProperty() titleAr: string;
  @ApiProperty() titleFr: string;
  @ApiProperty() titleEn: string;
  @ApiProperty({ type: Number, nullable: true }) cycle: number | null;
  @ApiProperty({ type: String, nullable: true }) session: string | null;
  @ApiProperty({ type: Number, nullable: true }) year: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) reviewDate: string | null;
  @ApiProperty({ type: String, nullable: true }) documentSymbol: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'For If-Match' }) version: number;
}

/** The lists the administration edits, as named in the URL. */
export const ADMINISTERED_LISTS = ['themes', 'affected-persons', 'axes', 'sub-axes'] as const;
export type AdministeredListPath = (typeof ADMINISTERED_LISTS)[number];

class Names {
  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  nameAr: string;

  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  nameFr: string;

  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  nameEn: string;
}

class NamesPatch {
  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  nameAr?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  nameFr?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  nameEn?: string;

  @ApiPropertyOptional({ description: 'false deactivates (hidden from pickers and filters, kept on records); true reactivates' })
  @IsOptional() @IsBoolean()
  active?: boolean;
}

export class CreateListItemDto extends Names {
  @ApiProperty({ maxLength: 64, pattern: CODE_PATTERN.source, description: 'Unique in its list; never changes' })
  @Transform(trim) @MaxLength(64) @Matches(CODE_PATTERN) @IsString() @IsNotEmpty()
  code: string;

  @ApiPropertyOptional({ description: 'Sub-axes only: the code of their axis (required for them)' })
  @IsOptional() @MaxLength(16) @IsString() @IsNotEmpty()
  axisCode?: string;
}

export class UpdateListItemDto extends NamesPatch {
  @ApiPropertyOptional({ description: 'Sub-axes only: move it under another axis' })
  @IsOptional() @MaxLength(16) @IsString() @IsNotEmpty()
  axisCode?: string;
}

export class CreateBodyDto extends Names {
  @ApiProperty({ maxLength: 32, pattern: CODE_PATTERN.source, description: 'Unique whatever its case; never changes' })
  @Transform(trim) @MaxLength(32) @Matches(CODE_PATTERN) @IsString() @IsNotEmpty()
  code: string;

  @ApiProperty({ enum: MECHANISMS }) @IsIn(MECHANISMS)
  mechanism: Mechanism;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 120, description: 'Months to report on follow-up recommendations' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(1) @Max(120)
  followUpMonths?: number | null;
}

export class UpdateBodyDto extends NamesPatch {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 120 })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(1) @Max(120)
  followUpMonths?: number | null;
}

class ReviewFields {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 20, description: 'UPR cycle (UPR reviews only)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(1) @Max(20)
  cycle?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, description: 'Session (treaty bodies, UPR working group)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @Transform(trim) @IsString() @MaxLength(64)
  session?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1945, maximum: 2100, description: 'Defaults to the year of reviewDate' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsInt() @Min(1945) @Max(2100)
  year?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() // checked as a calendar date by the service (validation.date)
  reviewDate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64, description: 'UN document symbol, unique (case and spaces ignored)' })
  @IsOptional() @ValidateIf((_, v) => v !== null) @Transform(trim) @MaxLength(64) @IsString() @IsNotEmpty()
  documentSymbol?: string | null;
}

export class CreateReviewDto extends ReviewFields {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  bodyId: string;

  @ApiPropertyOptional({ enum: MECHANISMS, description: 'When given, the body must be of this mechanism' })
  @IsOptional() @IsIn(MECHANISMS)
  mechanism?: Mechanism;

  @ApiProperty({ maxLength: 64, pattern: CODE_PATTERN.source, description: 'Unique within the body, e.g. cycle-4, CO-5, visit-2025' })
  @Transform(trim) @MaxLength(64) @Matches(CODE_PATTERN) @IsString() @IsNotEmpty()
  code: string;

  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  titleAr: string;

  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  titleFr: string;

  @ApiProperty({ maxLength: NAME_MAX }) @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  titleEn: string;
}

export class UpdateReviewDto extends ReviewFields {
  @ApiPropertyOptional({ maxLength: 64, pattern: CODE_PATTERN.source })
  @IsOptional() @Transform(trim) @MaxLength(64) @Matches(CODE_PATTERN) @IsString() @IsNotEmpty()
  code?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  titleAr?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  titleFr?: string;

  @ApiPropertyOptional({ maxLength: NAME_MAX }) @IsOptional() @Transform(trim) @MaxLength(NAME_MAX) @IsString() @IsNotEmpty()
  titleEn?: string;

  @ApiPropertyOptional({ description: 'false deactivates, true reactivates' }) @IsOptional() @IsBoolean()
  active?: boolean;
}

export class ListPathDto {
  @ApiProperty({ enum: ADMINISTERED_LISTS }) @IsIn(ADMINISTERED_LISTS)
  list: AdministeredListPath;
}

export class ListItemPathDto extends ListPathDto {
  @ApiProperty({ maxLength: 64 }) @IsString() @MaxLength(64) @Matches(CODE_PATTERN)
  code: string;
}
