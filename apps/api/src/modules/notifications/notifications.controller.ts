import { Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuthUser } from '../../common/auth-user.js';
import { Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { MarkAllReadDto, NotificationListDto, NotificationQueryDto, UnreadCountDto } from './dto/notification.dto.js';
import { NotificationsService } from './notifications.service.js';

/** The caller's own notifications only. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authorize(Permission.NotificationRead)
  @ApiOperation({ summary: 'List my notifications, newest first' })
  @ApiOkResponse({ type: NotificationListDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Invalid query' })
  list(@Query() query: NotificationQueryDto, @CurrentUser() user: AuthUser): Promise<NotificationListDto> {
    return this.notifications.list(user, query.unread ?? false, query.page, query.pageSize);
  }

  @Get('unread-count')
  @Authorize(Permission.NotificationRead)
  @ApiOperation({ summary: 'Count my unread notifications' })
  @ApiOkResponse({ type: UnreadCountDto })
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(user);
  }

  @Post('read-all')
  @Authorize(Permission.NotificationUpdate)
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Mark all my notifications read' })
  @ApiOkResponse({ type: MarkAllReadDto })
  markAllRead(@CurrentUser() user: AuthUser): Promise<MarkAllReadDto> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @Authorize(Permission.NotificationUpdate)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Mark one of my notifications read' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such notification, or another user’s' })
  markRead(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.notifications.markRead(user, id);
  }
}
