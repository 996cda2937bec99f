import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hasPermission, Permission } from '@sidh/domain';
import { AccessService } from '../../access/access.service.js';
import type { AuthUser } from '../../common/auth-user.js';
import { toInvitationDto } from '../invitations/dto/invitation.mapper.js';
import type { InstitutionDto, InstitutionMembersDto } from './dto/institution.dto.js';
import { toInstitutionDto, toMemberDto } from './dto/institution.mapper.js';
import { InstitutionsRepository } from './institutions.repository.js';

@Injectable()
export class InstitutionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly institutions: InstitutionsRepository,
    private readonly access: AccessService,
  ) {}

  /** The directory of institutions is not confidential: every signed-in role may read it. */
  async list(): Promise<InstitutionDto[]> {
    return (await this.institutions.listAll(this.dataSource.manager)).map(toInstitutionDto);
  }

  /**
   * The people of one institution (focal points and validators see only their own institution).
   * Pending invitations are shown to those who may invite, empty for everyone else.
   */
  async members(institutionId: string, user: AuthUser): Promise<InstitutionMembersDto> {
    await this.access.requireAccess({ user, permission: Permission.InstitutionRead, entity: 'institution', ids: [institutionId] });
    const db = this.dataSource.manager;
    const members = (await this.institutions.members(db, institutionId)).map(toMemberDto);
    const pendingInvitations = hasPermission(user.role, Permission.UserInvite) ? (await this.institutions.pendingInvitations(db, institutionId)).map(toInvitationDto) : [];
    return { institutionId, members, pendingInvitations };
  }
}
