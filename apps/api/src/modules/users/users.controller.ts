import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { IfMatch } from '../../common/versioned.js';
import { UpdateUserDto, UserDto, UserPageDto, UserQueryDto, UserSummaryDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

const REFUSALS =
  '403 user.self_change (own role, institution or activation), user.not_manageable (a coordinator and an administrator, coordinator or auditor), user.role_not_grantable';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Authorize(Permission.UserRead)
  @ApiOperation({ summary: 'List user accounts: filters (text, role, institution, active, last sign-in), sort and page' })
  @ApiOkResponse({ type: UserPageDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed (a filter, sort or page value)' })
  list(@Query() query: UserQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
  }

  @Get(':id')
  @Authorize(Permission.UserRead)
  @ApiOperation({ summary: 'One user account, with its ETag' })
  @ApiOkResponse({ type: UserSummaryDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such user' })
  get(@Param('id', new ParseUUIDPipe()) id: string, @CurrentUser() user: AuthUser): Promise<UserSummaryDto> {
    return this.users.get(id, user);
  }

  @Patch(':id')
  @Authorize(Permission.AccountManage)
  @ApiOperation({ summary: 'Change a user account (a role, institution or activation change ends their sessions)' })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed (a focal point or validator needs an institution; an unknown institution)' })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: REFUSALS })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such user' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'user.last_admin: the last active administrator cannot be demoted or deactivated' })
  update(@Param('id', new ParseUUIDPipe()) id: string, @IfMatch() version: number, @Body() body: UpdateUserDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<UserDto> {
    return this.users.update(id, version, body, user, actor);
  }

  @Post(':id/deactivate')
  @HttpCode(HttpStatus.OK)
  @Authorize(Permission.AccountManage)
  @ApiOperation({ summary: 'Deactivate an account: every session of the user ends at once' })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: REFUSALS })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such user' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'user.last_admin' })
  deactivate(@Param('id', new ParseUUIDPipe()) id: string, @IfMatch() version: number, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<UserDto> {
    return this.users.setActive(id, version, false, user, actor);
  }

  @Post(':id/reactivate')
  @HttpCode(HttpStatus.OK)
  @Authorize(Permission.AccountManage)
  @ApiOperation({ summary: 'Reactivate an account (it signs in again with its password)' })
  @ApiOkResponse({ type: UserDto })
  @ApiForbiddenResponse({ type: ErrorResponseDto, description: REFUSALS })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such user' })
  reactivate(@Param('id', new ParseUUIDPipe()) id: string, @IfMatch() version: number, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<UserDto> {
    return this.users.setActive(id, version, true, user, actor);
  }
}
