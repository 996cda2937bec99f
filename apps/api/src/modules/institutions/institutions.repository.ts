import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { InstitutionType, Role } from '@sidh/domain';
import { many, one, type Queryable } from '../../database/sql.js';
import type { InvitationRow } from '../invitations/dto/invitation.mapper.js';

export interface InstitutionRow {
  id: string;
  code: string;
  type: InstitutionType;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

/** A user of an institution, as its members page lists them. */
export interface MemberRow {
  id: string;
  name: string;
  email: string;
  role: Role;
  focalPointKind: string | null;
  active: boolean;
}

export interface NewInstitution {
  code: string;
  type: InstitutionType;
  nameAr: string;
  nameFr: string;
  nameEn: string;
}

const INSTITUTION_COLUMNS = 'id, code, type, name_ar, name_fr, name_en';

@Injectable()
export class InstitutionsRepository {
  listAll(db: Queryable): Promise<InstitutionRow[]> {
    return many<InstitutionRow>(db, `SELECT ${INSTITUTION_COLUMNS} FROM institution ORDER BY name_fr`);
  }

  /** Inserts an institution (the caller's transaction audits it). */
  insert(manager: EntityManager, institution: NewInstitution): Promise<InstitutionRow> {
    return one<InstitutionRow>(
      manager,
      `INSERT INTO institution (code, type, name_ar, name_fr, name_en) VALUES ($1, $2, $3, $4, $5) RETURNING ${INSTITUTION_COLUMNS}`,
      [institution.code, institution.type, institution.nameAr, institution.nameFr, institution.nameEn],
    );
  }

  /** The institution's users: by role, then focal-point kind (`alternate`, `main`, none), then name. */
  members(db: Queryable, institutionId: string): Promise<MemberRow[]> {
    return many<MemberRow>(
      db,
      `SELECT id, name, email, role, focal_point_kind, active FROM app_user WHERE institution_id = $1 ORDER BY role, focal_point_kind NULLS LAST, name`,
      [institutionId],
    );
  }

  /** Invitations to the institution not accepted yet and not expired, newest first. */
  pendingInvitations(db: Queryable, institutionId: string): Promise<InvitationRow[]> {
    return many<InvitationRow>(
      db,
      `SELECT id, email, name, role, focal_point_kind, institution_id, expires_at, accepted_at, created_at
         FROM invitation WHERE institution_id = $1 AND accepted_at IS NULL AND expires_at > now() ORDER BY created_at DESC`,
      [institutionId],
    );
  }
}
