import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@sidh/domain';
import { SIGN_IN_OUTCOMES, type SignInOutcome } from '../accounts.repository.js';

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password in use now' }) @IsString() @MinLength(1) @MaxLength(1024)
  currentPassword: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH, description: 'Refused when common or breached (validation.passwordCommon)' })
  @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ format: 'email' }) @IsString() @IsEmail() @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the reset link' }) @IsString() @Matches(/^[A-Za-z0-9_-]{20,100}$/)
  token: string;

  @ApiProperty({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }) @IsString() @MinLength(PASSWORD_MIN_LENGTH) @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

export class AcceptedDto {
  @ApiProperty({ description: 'Always true: the same answer whether or not the account exists' }) accepted: boolean;
}

export class TotpCodeDto {
  @ApiProperty({ description: 'The 6-digit code of the authenticator app' }) @IsString() @Matches(/^\d{6}$/)
  code: string;
}

export class LoginTotpDto {
  @ApiProperty({ description: 'The token of the sign-in\'s first step (202 of POST /auth/login)' }) @IsString() @MinLength(10) @MaxLength(2000)
  mfaToken: string;

  @ApiProperty({ description: 'A 6-digit code, or one of the recovery codes (XXXXX-XXXXX)' }) @IsString() @MinLength(6) @MaxLength(20)
  code: string;
}

export class DisableTotpDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(1024)
  password: string;

  @ApiProperty({ description: 'A 6-digit code or a recovery code' }) @IsString() @MinLength(6) @MaxLength(20)
  code: string;
}

export class TotpChallengeDto {
  @ApiProperty({ description: 'Always true: the password was right, a second factor is needed' }) totpRequired: boolean;
  @ApiProperty({ description: 'Send it with the code to POST /auth/login/totp' }) mfaToken: string;
  @ApiProperty({ description: 'Seconds the token is valid' }) expiresIn: number;
}

export class TotpEnrolmentDto {
  @ApiProperty({ description: 'otpauth:// URI (the QR code holds it)' }) uri: string;
  @ApiProperty({ description: 'The secret in base32, for typing into the app by hand; never shown again after confirmation' }) secret: string;
  @ApiProperty({ description: 'The QR code as an SVG document' }) qrSvg: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Ten single-use recovery codes: shown once, stored hashed' }) recoveryCodes: string[];
}

export class AccountSecurityDto {
  @ApiProperty() totpEnabled: boolean;
  @ApiProperty({ description: 'The role requires two-factor sign-in (AUTH_TOTP_REQUIRED_ROLES)' }) totpRequired: boolean;
  @ApiProperty({ description: 'Recovery codes not used yet' }) recoveryCodesLeft: number;
}

export class SignInsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @Matches(/^\d{1,18}$/)
  cursor?: string;
}

export class SignInDto {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty({ type: String, nullable: true }) ip: string | null;
  @ApiProperty({ type: String, nullable: true }) userAgent: string | null;
  @ApiProperty({ enum: SIGN_IN_OUTCOMES }) outcome: SignInOutcome;
}

export class SignInPageDto {
  @ApiProperty({ type: [SignInDto] }) items: SignInDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next (older) page; null on the last page' }) nextCursor: string | null;
}
