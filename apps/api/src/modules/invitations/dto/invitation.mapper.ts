import type { InvitationRow, OpenInvitationRow } from '../invitations.repository.js';
import type { InvitationDto, OpenInvitationDto } from './invitation.dto.js';

export type { InvitationRow };

export function toInvitationDto(row: InvitationRow): InvitationDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    focalPointKind: row.focalPointKind,
    institutionId: row.institutionId,
    expiresAt: new Date(row.expiresAt).toISOString(),
    acceptedAt: row.acceptedAt ? new Date(row.acceptedAt).toISOString() : null,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

export function toOpenInvitationDto(row: OpenInvitationRow, now = Date.now()): OpenInvitationDto {
  return {
    ...toInvitationDto(row),
    status: new Date(row.expiresAt).getTime() > now ? 'pending' : 'expired',
    locale: row.locale,
    invitedByName: row.invitedByName,
  };
}
