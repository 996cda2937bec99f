import { Body, Controller, Get, Headers, Injectable, Module, Param, ParseUUIDPipe, Patch, Res } from '@nestjs/common';
import { ApiHeader, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { DataSource } from 'typeorm';
import { LOCALES, Permission, ROLES, isInstitutionScoped, type Locale, type Role } from '@sidh/domain';
import { appendAuditEvent, type AuditActor } from '../../audit/audit.writer.js';
import { AppException } from '../../common/app-exception.js';
import { diff, etagOf, expectedVersion, staleError } from '../../common/concurrency.js';
import { Actor, Authorize } from '../../common/decorators.js';

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

export class UpdateUserDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ type: String, nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID()
  institutionId?: string | null;

  @ApiPropertyOptional({ enum: LOCALES }) @IsOptional() @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional() @IsOptional() @IsBoolean()
  active?: boolean;
}

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  institution_id: string | null;
  locale: Locale;
  active: boolean;
  version: number;
}

const toUserDto = (r: UserRow): UserDto => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  institutionId: r.institution_id,
  locale: r.locale,
  active: r.active,
  version: r.version,
});

const USER_COLUMNS = 'id, email, name, role, institution_id, locale, active, version';

@Injectable()
export class UsersService {
  constructor(private readonly dataSource: DataSource) {}

  async list(): Promise<UserDto[]> {
    const rows: UserRow[] = await this.dataSource.query(`SELECT ${USER_COLUMNS} FROM app_user ORDER BY email`);
    return rows.map(toUserDto);
  }

  /**
   * Role, institution or activation changes end the user's sessions at once (their access
   * tokens and refresh families stop working) and are audited with before and after.
   */
  async update(id: string, version: number, input: UpdateUserDto, actor: AuditActor): Promise<UserDto> {
    return this.dataSource.transaction(async (manager) => {
      const [current]: UserRow[] = await manager.query(`SELECT ${USER_COLUMNS} FROM app_user WHERE id = $1 FOR UPDATE`, [id]);
      if (!current) throw AppException.notFound('User');
      if (current.version !== version) throw staleError({ current: toUserDto(current) });
      const next = {
        name: input.name ?? current.name,
        role: input.role ?? current.role,
        institution_id: input.institutionId !== undefined ? input.institutionId : current.institution_id,
        locale: input.locale ?? current.locale,
        active: input.active ?? current.active,
      };
      if (isInstitutionScoped(next.role) && !next.institution_id) throw AppException.validation({ institutionId: 'validation.required' });
      const changes = diff(current, next);
      if (Object.keys(changes).length === 0) return toUserDto(current);
      const endSessions = ['role', 'institution_id', 'active'].some((k) => k in changes);
      const [rows] = await manager.query(
        `UPDATE app_user SET name = $3, role = $4, institution_id = $5, locale = $6, active = $7, version = version + 1, updated_at = now(),
                tokens_valid_after = CASE WHEN $8 THEN now() ELSE tokens_valid_after END
          WHERE id = $1 AND version = $2 RETURNING ${USER_COLUMNS}`,
        [id, version, next.name, next.role, next.institution_id, next.locale, next.active, endSessions],
      );
      const updated = (rows as UserRow[])[0];
      if (!updated) throw staleError({ current: toUserDto(current) });
      if (endSessions) await manager.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
      const action = 'role' in changes || 'institution_id' in changes ? 'user.role_change' : 'user.update';
      await appendAuditEvent(manager, actor, { action, entityType: 'user', entityId: id, changes });
      return toUserDto(updated);
    });
  }
}

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @Authorize(Permission.UserRead)
  @ApiOkResponse({ type: [UserDto] })
  list(): Promise<UserDto[]> {
    return this.users.list();
  }

  @Patch(':id')
  @Authorize(Permission.UserManage)
  @ApiHeader({ name: 'If-Match', required: true })
  @ApiOkResponse({ type: UserDto })
  async update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: UpdateUserDto,
    @Actor() actor: AuditActor,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserDto> {
    const user = await this.users.update(id, expectedVersion(ifMatch), body, actor);
    res.setHeader('ETag', etagOf(user.version));
    return user;
  }
}

@Module({ controllers: [UsersController], providers: [UsersService] })
export class UsersModule {}
