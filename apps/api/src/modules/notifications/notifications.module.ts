import { Controller, Get, HttpCode, HttpStatus, Module, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuthUser } from '../../common/auth-user.js';
import { Authorize, CurrentUser } from '../../common/decorators.js';
import { MarkAllReadDto, NotificationListDto, NotificationQueryDto, UnreadCountDto } from './notifications.dto.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { RemindersService } from './reminders.service.js';

/** The caller's own notifications only. */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Authorize(Permission.NotificationRead)
  @ApiOkResponse({ type: NotificationListDto })
  list(@Query() query: NotificationQueryDto, @CurrentUser() user: AuthUser): Promise<NotificationListDto> {
    return this.notifications.list(user, query.unread ?? false, query.page, query.pageSize);
  }

  @Get('unread-count')
  @Authorize(Permission.NotificationRead)
  @ApiOkResponse({ type: UnreadCountDto })
  unreadCount(@CurrentUser() user: AuthUser): Promise<UnreadCountDto> {
    return this.notifications.unreadCount(user);
  }

  @Post('read-all')
  @Authorize(Permission.NotificationUpdate)
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: MarkAllReadDto })
  markAllRead(@CurrentUser() user: AuthUser): Promise<MarkAllReadDto> {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @Authorize(Permission.NotificationUpdate)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiNotFoundResponse()
  markRead(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<void> {
    return this.notifications.markRead(user, id);
  }
}

@Module({
  controllers: [NotificationsController],
  providers: [NotificationsRepository, NotificationsService, RemindersService],
  exports: [NotificationsService, NotificationsRepository, RemindersService],
})
export class NotificationsModule {}
