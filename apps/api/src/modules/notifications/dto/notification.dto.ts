import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination.dto.js';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class NotificationQueryDto extends PaginationQueryDto {
  @ApiPropertyOptional({ type: Boolean, description: 'Only unread notifications' })
  @IsOptional() @Transform(toBoolean) @IsBoolean()
  unread?: boolean;
}

export class NotificationDto {
  @ApiProperty() id: string;
  @ApiProperty({ description: 'contribution.submitted | contribution.approved | contribution.returned | contribution.validated | reminder.due_soon | reminder.overdue' })
  type: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'contributionId, campaignId, recommendation, institution ({ id, code, nameAr, nameFr, nameEn }; a plain name in older notifications), actor, comment… by type' })
  payload: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) readAt: string | null;
  @ApiProperty() createdAt: string;
}

export class NotificationListDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Unread notifications of the caller (the bell)' }) unread: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}

export class UnreadCountDto {
  @ApiProperty() unread: number;
}

export class MarkAllReadDto {
  @ApiProperty() updated: number;
}
