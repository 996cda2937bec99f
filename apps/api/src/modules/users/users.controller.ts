import { Body, Controller, Get, Param, ParseUUIDPipe, Patch } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Permission } from '@sidh/domain';
import type { AuditActor } from '../../common/audit-actor.js';
import type { AuthUser } from '../../common/auth-user.js';
import { Actor, Authorize, CurrentUser } from '../../common/decorators.js';
import { ErrorResponseDto } from '../../common/error-response.dto.js';
import { IfMatch } from '../../common/versioned.js';
import { UpdateUserDto, UserDto } from './dto/user.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Authorize(Permission.UserRead)
  @ApiOperation({ summary: 'List user accounts' })
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Patch(':id')
  @Authorize(Permission.UserManage)
  @ApiOperation({ summary: 'Change a user account (a role, institution or activation change ends their sessions)' })
  @ApiOkResponse({ type: UserDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'validation.failed (a focal point or validator needs an institution)' })
  @ApiNotFoundResponse({ type: ErrorResponseDto, description: 'No such user' })
  @ApiConflictResponse({ type: ErrorResponseDto, description: 'common.conflict: the institution does not exist' })
  update(@Param('id', new ParseUUIDPipe()) id: string, @IfMatch() version: number, @Body() body: UpdateUserDto, @CurrentUser() user: AuthUser, @Actor() actor: AuditActor): Promise<UserDto> {
    return this.users.update(id, version, body, user, actor);
  }
}
