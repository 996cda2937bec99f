import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { LOCALES, ROLES, type Locale, type Role } from '@sidh/domain';

export class LoginDto {
  @ApiProperty({ example: 'coordinator@demo.sidh' })
  @IsString() @IsEmail() @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'demo-password' })
  @IsString() @MinLength(1) @MaxLength(1024)
  password: string;
}

export class InstitutionRefDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() nameAr: string;
  @ApiProperty() nameFr: string;
  @ApiProperty() nameEn: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ enum: LOCALES }) locale: Locale;
  @ApiProperty({ type: InstitutionRefDto, nullable: true }) institution: InstitutionRefDto | null;
  @ApiProperty({ type: [String] }) permissions: string[];
  @ApiProperty({ description: 'Two-factor sign-in (TOTP) is on' }) totpEnabled: boolean;
  @ApiProperty({ description: 'The role requires two-factor sign-in: until it is on, the session may only enrol (403 auth.totp_enrolment_required elsewhere)' })
  totpRequired: boolean;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'Short-lived access token (Bearer); keep it in memory only' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ type: MeDto }) user: MeDto;
}
