import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsUUID, ValidateIf, ValidateNested } from 'class-validator';
import { ASSIGNMENT_ROLES, type AssignmentRole } from '@sidh/domain';
import { PaginationQueryDto } from '../../../common/pagination.dto.js';
import { RecommendationQueryDto } from '../../recommendations/dto/recommendation-query.dto.js';

export const BULK_MAX = 5000;

/** The filters of GET /recommendations (without paging, sort or facets), for bulk operations and campaign scopes. */
export class RecommendationFilterDto extends OmitType(RecommendationQueryDto, ['page', 'pageSize', 'sort', 'facets'] as const) {}

export class AssignmentQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID()
  recommendationId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Ignored for focal points and validators (always their institution)' })
  @IsOptional() @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_ROLES }) @IsOptional() @IsIn(ASSIGNMENT_ROLES)
  role?: AssignmentRole;
}

export class CreateAssignmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID()
  recommendationId: string;

  @ApiProperty({ format: 'uuid' }) @IsUUID()
  institutionId: string;

  @ApiProperty({ enum: ASSIGNMENT_ROLES }) @IsIn(ASSIGNMENT_ROLES)
  role: AssignmentRole;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsISO8601({ strict: true })
  dueDate?: string | null;
}

export class UpdateAssignmentDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Reassign to another institution' }) @IsOptional() @IsUUID()
  institutionId?: string;

  @ApiPropertyOptional({ enum: ASSIGNMENT_ROLES }) @IsOptional() @IsIn(ASSIGNMENT_ROLES)
  role?: AssignmentRole;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsISO8601({ strict: true })
  dueDate?: string | null;
}

export class BulkAssignDto {
  @ApiPropertyOptional({ type: RecommendationFilterDto, description: 'Assign every recommendation matching these filters (those of GET /recommendations)' })
  @IsOptional() @ValidateNested() @Type(() => RecommendationFilterDto)
  filter?: RecommendationFilterDto;

  @ApiPropertyOptional({ type: [String], format: 'uuid', maxItems: BULK_MAX, description: 'Or these recommendations' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(BULK_MAX) @IsUUID('all', { each: true })
  recommendationIds?: string[];

  @ApiProperty({ format: 'uuid' }) @IsUUID()
  institutionId: string;

  @ApiProperty({ enum: ASSIGNMENT_ROLES }) @IsIn(ASSIGNMENT_ROLES)
  role: AssignmentRole;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'date' }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsISO8601({ strict: true })
  dueDate?: string | null;
}

export class BulkAssignResultDto {
  @ApiProperty({ description: 'Assignments created' }) created: number;
  @ApiProperty({ description: 'Matching recommendations already assigned to the institution (left as they were)' }) skipped: number;
}

export class AssignmentInstitutionDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class AssignmentRecommendationDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: String, nullable: true }) documentSymbol: string | null;
  @ApiProperty({ type: String, nullable: true }) paragraph: string | null;
  @ApiProperty() bodyCode: string;
}

export class AssignmentDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: AssignmentRecommendationDto }) recommendation: AssignmentRecommendationDto;
  @ApiProperty({ type: AssignmentInstitutionDto }) institution: AssignmentInstitutionDto;
  @ApiProperty({ enum: ASSIGNMENT_ROLES }) role: AssignmentRole;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) dueDate: string | null;
  @ApiProperty({ description: 'Contributions written for this assignment (all campaigns)' }) contributionCount: number;
  @ApiProperty() version: number;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
}

export class AssignmentListDto {
  @ApiProperty({ type: [AssignmentDto] }) items: AssignmentDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
