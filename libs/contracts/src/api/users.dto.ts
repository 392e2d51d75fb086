import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';

/** The eight positions of the seeds (libs/auth ROLES; repeated here so contracts stay free of auth). */
const ROLE_NAMES = ['physician', 'physician-assistant', 'nurse-practitioner', 'registered-nurse', 'medical-assistant', 'receptionist', 'billing-coder', 'office-manager'];

export class StaffAccountDto {
  @ApiProperty() id: string;
  @ApiProperty() email: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: [String] }) roles: string[];
  @ApiProperty({ type: [String] }) siteIds: string[];
  @ApiProperty({ enum: ['active', 'deactivated'] }) status: 'active' | 'deactivated';
  @ApiProperty({ description: 'Whether a TOTP second factor is enrolled' }) totpEnrolled: boolean;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional() createdBy?: string;
  @ApiPropertyOptional() deactivatedAt?: string;
}

/** One recorded change of an account: who, when, what (before and after). */
export class StaffAccountChangeDto {
  @ApiProperty({ enum: ['created', 'changed', 'deactivated'] }) action: string;
  @ApiProperty() by: string;
  @ApiProperty() at: string;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) changes: Array<{ field: string; from: unknown; to: unknown }>;
  @ApiPropertyOptional() reason?: string;
}

export class StaffAccountHistoryDto {
  @ApiProperty({ type: [StaffAccountChangeDto] }) items: StaffAccountChangeDto[];
}

export class CreateStaffAccountRequest {
  @ApiProperty({ example: 'new.receptionist@example.org' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'Alex Kim' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ description: 'Initial password (the person changes it later; at least 12 characters)' })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  password: string;
  @ApiProperty({ type: [String], enum: ROLE_NAMES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(ROLE_NAMES, { each: true }) roles: string[];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsString({ each: true }) siteIds: string[];
}

export class ChangeStaffAccountRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional({ type: [String], enum: ROLE_NAMES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLE_NAMES, { each: true })
  roles?: string[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ArrayUnique() @IsString({ each: true }) siteIds?: string[];
}

export class DeactivateStaffAccountRequest {
  @ApiPropertyOptional({ example: 'Left the practice' }) @IsOptional() @IsString() @MaxLength(500) reason?: string;
}
