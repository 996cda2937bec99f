import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDefined, IsIn, IsInt, IsString, Max, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { REPORT_TYPES, type ReportType } from '@sidh/domain';

export const ORGANISATION_NAME_MAX = 200;
export const REMINDER_DAYS_MAX = 60;
export const WORD_LIMIT_MIN = 100;
export const WORD_LIMIT_MAX = 100_000;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class OrganisationNameDto {
  @ApiProperty({ maxLength: ORGANISATION_NAME_MAX, description: 'Empty: the other languages are shown' })
  @Transform(trim) @MaxLength(ORGANISATION_NAME_MAX) @IsString() @IsDefined()
  ar: string;

  @ApiProperty({ maxLength: ORGANISATION_NAME_MAX }) @Transform(trim) @MaxLength(ORGANISATION_NAME_MAX) @IsString() @IsDefined()
  fr: string;

  @ApiProperty({ maxLength: ORGANISATION_NAME_MAX }) @Transform(trim) @MaxLength(ORGANISATION_NAME_MAX) @IsString() @IsDefined()
  en: string;
}

export class ReminderSettingsDto {
  @ApiProperty({ minimum: 1, maximum: REMINDER_DAYS_MAX, description: 'Days before a campaign deadline when focal points are reminded' })
  @IsInt() @Min(1) @Max(REMINDER_DAYS_MAX)
  daysBefore: number;
}

export class WordLimitDto {
  @ApiProperty({ enum: REPORT_TYPES }) @IsIn(REPORT_TYPES)
  type: ReportType;

  @ApiProperty({ type: Number, nullable: true, minimum: WORD_LIMIT_MIN, maximum: WORD_LIMIT_MAX, description: 'null: no limit' })
  @ValidateIf((_, v) => v !== null) @IsInt() @Min(WORD_LIMIT_MIN) @Max(WORD_LIMIT_MAX)
  limit: number | null;
}

export class WordLimitsDto {
  @ApiProperty({ type: [WordLimitDto], description: 'The types given override their default; the others keep it' })
  @IsArray() @ArrayMaxSize(REPORT_TYPES.length) @ValidateNested({ each: true }) @Type(() => WordLimitDto)
  limits: WordLimitDto[];
}

export class LogoInfoDto {
  @ApiProperty({ description: 'Public URL, changes with the file' }) url: string;
  @ApiProperty({ enum: ['image/png', 'image/svg+xml'] }) mediaType: string;
  @ApiProperty() bytes: number;
  @ApiProperty({ type: Number, nullable: true }) width: number | null;
  @ApiProperty({ type: Number, nullable: true }) height: number | null;
  @ApiProperty() fileName: string;
}

export class WordLimitSettingDto {
  @ApiProperty({ enum: REPORT_TYPES }) type: ReportType;
  @ApiProperty({ type: Number, nullable: true, description: 'In force (null: no limit)' }) limit: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Built-in default (GA resolution 68/268)' }) defaultLimit: number | null;
}

/** Every setting with its version (the If-Match of its PUT; 0: never set, the default applies). */
export class SettingsDto {
  @ApiProperty({ type: OrganisationNameDto, nullable: true }) organisationName: OrganisationNameDto | null;
  @ApiProperty() organisationNameVersion: number;
  @ApiProperty({ type: LogoInfoDto, nullable: true }) logo: LogoInfoDto | null;
  @ApiProperty() logoVersion: number;
  @ApiProperty({ description: 'In force' }) reminderDaysBefore: number;
  @ApiProperty({ description: 'Built-in default (REMINDER_DAYS_BEFORE)' }) reminderDaysBeforeDefault: number;
  @ApiProperty() remindersVersion: number;
  @ApiProperty({ type: [WordLimitSettingDto] }) wordLimits: WordLimitSettingDto[];
  @ApiProperty() wordLimitsVersion: number;
}

/** What the login page shows (no sign-in needed). */
export class PublicSettingsDto {
  @ApiProperty({ type: OrganisationNameDto, nullable: true }) organisationName: OrganisationNameDto | null;
  @ApiProperty({ type: String, nullable: true }) logoUrl: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) logoWidth: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) logoHeight: number | null;
}

/** Word limits in force, for the report editor. */
export class WordLimitsInForceDto {
  @ApiProperty({ type: [WordLimitSettingDto] }) wordLimits: WordLimitSettingDto[];
}

export class LogoUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'PNG or SVG, at most 200 KB; the content decides, not the name' }) file: unknown;
}
