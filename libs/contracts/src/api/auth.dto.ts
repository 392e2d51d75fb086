import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class LoginRequest {
  @ApiProperty({ example: 'receptionist@demo.clinic' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'clinic-flow-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String] }) siteIds: string[];
}

/** Signed in: a short access token and the refresh token that renews it. */
export class LoginResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds until the access token expires' }) expiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
  @ApiProperty({ description: 'Opaque, single use: POST /auth/refresh returns a new one and invalidates this one' }) refreshToken: string;
  @ApiProperty({ description: 'Seconds until the refresh token expires' }) refreshExpiresIn: number;
}

/** The password was right, and the account needs a second factor (or must enrol one first). */
export class SecondFactorChallenge {
  @ApiProperty({ example: 'totp' }) secondFactor: 'totp';
  @ApiProperty({ description: 'false: the account must enrol first (POST /auth/totp/enrolment with this challenge)' }) enrolled: boolean;
  @ApiProperty({ description: 'Short-lived; send it with the code to POST /auth/login/second-factor' }) challengeToken: string;
  @ApiProperty({ description: 'Seconds until the challenge expires' }) expiresIn: number;
}

export class SecondFactorRequest {
  @ApiProperty() @IsString() @MaxLength(2000) challengeToken: string;
  @ApiProperty({ example: '123456' }) @Matches(/^\d{6}$/, { message: 'code must be 6 digits' }) code: string;
}

export class RefreshRequest {
  @ApiProperty() @IsString() @MinLength(10) @MaxLength(200) refreshToken: string;
}

export class LogoutResponse {
  @ApiProperty({ description: 'The sign-in (token family) is revoked: its refresh tokens no longer work' }) revoked: boolean;
}

/** Enrolment during sign-in (no access token yet): the challenge from POST /auth/login. */
export class TotpEnrolmentRequest {
  @ApiProperty() @IsString() @MaxLength(2000) challengeToken: string;
}

export class TotpEnrolmentResponse {
  @ApiProperty({ description: 'Base32 secret for an authenticator app' }) secret: string;
  @ApiProperty({ example: 'otpauth://totp/Clinic%20Flow:rita%40example.org?secret=...&issuer=Clinic%20Flow' }) otpauthUri: string;
}

export class TotpConfirmRequest {
  @ApiProperty({ example: '123456' }) @Matches(/^\d{6}$/, { message: 'code must be 6 digits' }) code: string;
}

export class TotpStatusDto {
  @ApiProperty() enrolled: boolean;
}
