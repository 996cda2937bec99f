import { ApiProperty } from '@nestjs/swagger';
import { INSTITUTION_TYPES, type InstitutionType } from '@sidh/domain';
import { FOCAL_POINT_KINDS, InvitationDto } from '../../invitations/dto/invitation.dto.js';

export class InstitutionDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty({ enum: INSTITUTION_TYPES }) type: InstitutionType;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class MemberDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
  @ApiProperty({ description: 'The e-mail domain (user pickers show it)' }) emailDomain: string;
  @ApiProperty() role: string;
  @ApiProperty({ type: String, nullable: true, enum: FOCAL_POINT_KINDS }) focalPointKind: string | null;
  @ApiProperty() active: boolean;
}

export class InstitutionMembersDto {
  @ApiProperty() institutionId: string;
  @ApiProperty({ type: [MemberDto] }) members: MemberDto[];
  @ApiProperty({ type: [InvitationDto], description: 'Pending invitations (coordinators and admins only; empty otherwise)' }) pendingInvitations: InvitationDto[];
}
