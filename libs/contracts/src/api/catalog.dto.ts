import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, MaxLength, Min, MinLength, IsString } from 'class-validator';
import { ProviderRole, PROVIDER_ROLES } from '../common';
import { SLUG } from './directory.dto';

export const PATIENT_CATEGORIES = ['new', 'follow-up', 'any'] as const;
export type PatientCategory = (typeof PATIENT_CATEGORIES)[number];

export class AppointmentTypeDto {
  @ApiProperty({ example: 'new-patient' }) id: string;
  @ApiProperty({ example: 'New patient visit' }) name: string;
  @ApiProperty({ example: 45 }) durationMinutes: number;
  @ApiProperty({ example: 15, description: 'Provider and room stay blocked this long after the appointment' }) bufferAfterMinutes: number;
  @ApiProperty({ enum: PROVIDER_ROLES, isArray: true }) providerRoles: ProviderRole[];
  @ApiProperty({ description: 'Telehealth needs no room and ignores the site opening hours and closures' }) telehealth: boolean;
  @ApiProperty({ enum: PATIENT_CATEGORIES }) patientCategory: PatientCategory;
  @ApiProperty({ required: false, example: 'exam' }) roomKind?: string;
  @ApiProperty({ example: 1440, description: 'Earliest booking, minutes from now' }) minLeadMinutes: number;
  @ApiProperty({ example: 180, description: 'Latest booking, days from now' }) maxHorizonDays: number;
  @ApiProperty({ required: false, example: 12 }) recallIntervalMonths?: number;
  @ApiProperty() active: boolean;
}

/** Durations and buffers must be multiples of SCHEDULING_GRID_MINUTES (checked by the service). */
export class CreateAppointmentTypeRequest {
  @ApiProperty({ required: false, example: 'allergy-shot', description: 'Chosen id (slug); generated when absent' })
  @IsOptional()
  @Matches(SLUG, { message: 'id must be 3-64 lower-case letters, digits and dashes' })
  id?: string;

  @ApiProperty({ example: 'Allergy shot' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ example: 15 }) @IsInt() @Min(1) @Max(480) durationMinutes: number;
  @ApiProperty({ required: false, default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(240) bufferAfterMinutes?: number;
  @ApiProperty({ enum: PROVIDER_ROLES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(4) @IsIn(PROVIDER_ROLES, { each: true }) providerRoles: ProviderRole[];
  @ApiProperty({ required: false, default: false }) @IsOptional() @IsBoolean() telehealth?: boolean;
  @ApiProperty({ required: false, enum: PATIENT_CATEGORIES, default: 'any' }) @IsOptional() @IsIn(PATIENT_CATEGORIES) patientCategory?: PatientCategory;
  @ApiProperty({ required: false, example: 'exam' }) @IsOptional() @Matches(SLUG, { message: 'roomKind must be a slug such as exam' }) roomKind?: string;
  @ApiProperty({ required: false, default: 0 }) @IsOptional() @IsInt() @Min(0) @Max(525_600) minLeadMinutes?: number;
  @ApiProperty({ required: false, default: 365 }) @IsOptional() @IsInt() @Min(1) @Max(730) maxHorizonDays?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(120) recallIntervalMonths?: number;
}

export class UpdateAppointmentTypeRequest {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(480) durationMinutes?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(0) @Max(240) bufferAfterMinutes?: number;
  @ApiProperty({ required: false, enum: PROVIDER_ROLES, isArray: true }) @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(4) @IsIn(PROVIDER_ROLES, { each: true }) providerRoles?: ProviderRole[];
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() telehealth?: boolean;
  @ApiProperty({ required: false, enum: PATIENT_CATEGORIES }) @IsOptional() @IsIn(PATIENT_CATEGORIES) patientCategory?: PatientCategory;
  @ApiProperty({ required: false }) @IsOptional() @Matches(SLUG, { message: 'roomKind must be a slug such as exam' }) roomKind?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(0) @Max(525_600) minLeadMinutes?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(730) maxHorizonDays?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(120) recallIntervalMonths?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() active?: boolean;
}
