import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { LOCALES, ROLES, type Locale, type Role } from '@sidh/domain';
import { PaginationQueryDto } from '../../../common/pagination.dto.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ type: String, nullable: true }) institutionId: string | null;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty() active: boolean;
  @ApiProperty() version: number;
}

/** An account as the users administration lists and shows it. */
export class UserSummaryDto extends UserDto {
  @ApiProperty({ type: String, nullable: true, enum: ['main', 'alternate'], description: 'Focal points only' }) focalPointKind: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Last successful sign-in; null: never' }) lastSignInAt: string | null;
  @ApiProperty() createdAt: string;
}

export const USER_SORTS = ['name', 'email', 'role', 'lastSignInAt', 'createdAt'] as const;
export type UserSort = (typeof USER_SORTS)[number];

export class UserQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ description: 'Part of the name or e-mail (case-insensitive)', maxLength: 200 }) @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @Transform(toBoolean) @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Signed in last before this instant (accounts that never signed in are not included)', format: 'date-time' })
  @IsOptional() @IsISO8601({ strict: true })
  lastSignInBefore?: string;

  @ApiPropertyOptional({ description: 'Signed in last at or after this instant', format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true })
  lastSignInAfter?: string;

  @ApiPropertyOptional({ type: Boolean, description: 'true: only accounts that never signed in; false: only those that did' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  neverSignedIn?: boolean;

  @ApiPropertyOptional({ enum: USER_SORTS, default: 'name' }) @IsOptional() @IsIn(USER_SORTS)
  sort: UserSort = 'name';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' }) @IsOptional() @IsIn(['asc', 'desc'])
  order: 'asc' | 'desc' = 'asc';
}

export class UserPageDto {
  @ApiProperty({ type: [UserSummaryDto] }) items: UserSummaryDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

/** Omitted fields stay as they are; `null` is refused for every field but the institution (400 naming it). */
export class UpdateUserDto {
  @ApiPropertyOptional() @ValidateIf((_, v) => v !== undefined) @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES }) @ValidateIf((_, v) => v !== undefined) @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  institutionId?: string | null;

  @ApiPropertyOptional({ enum: LOCALES }) @ValidateIf((_, v) => v !== undefined) @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional() @ValidateIf((_, v) => v !== undefined) @IsBoolean()
  active?: boolean;
}
