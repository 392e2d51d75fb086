import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ISO_DATE } from '../common';
import { AUTHORIZATION_STATUSES, AuthorizationStatus, VISIT_AUTHORIZATION_STATES, VISIT_REQUIREMENTS, VisitAuthorizationState, VisitRequirement } from '../events/authorization.events';
import { SLUG } from './directory.dto';
import { PROCEDURE_CODE } from './payer.dto';

/**
 * The shape of an ICD-10-CM code (a letter other than U, a digit, a digit or letter, then up to four
 * more after an optional dot). Only the shape: whether the code is billable in the current code set
 * is patient-records' (its code set); the payer judges the rest.
 */
export const ICD10_CM_SHAPE = /^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/;

/** How an authorization obtained outside a 278 came: by phone, on the payer's portal, by fax. */
export const AUTHORIZATION_CHANNELS = ['phone', 'portal', 'fax'] as const;
export type AuthorizationChannel = (typeof AUTHORIZATION_CHANNELS)[number];

/**
 * A prior authorization for a patient's coverage: sent to the payer as an X12 278, or recorded as
 * obtained outside (phone, portal, fax) with its number, units and dates.
 */
export class CreateAuthorizationRequest {
  @ApiProperty({ example: 'cov-5f0c...' }) @IsString() @MinLength(1) coverageId: string;

  @ApiProperty({ required: false, type: [String], example: ['new-patient'], description: 'Appointment types the authorization covers' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(SLUG, { each: true, message: 'appointmentTypeIds must be appointment type ids' })
  appointmentTypeIds?: string[];

  @ApiProperty({ required: false, type: [String], example: ['X7055'], description: 'HCPCS/CPT procedure codes (5 characters)' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @Matches(PROCEDURE_CODE, { each: true, message: 'serviceCodes must be 5-character HCPCS/CPT codes' })
  serviceCodes?: string[];

  @ApiProperty({ type: [String], example: ['J45.909'], description: 'ICD-10-CM codes, principal first (shape checked here; the code set is patient-records\')' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(12) @Matches(ICD10_CM_SHAPE, { each: true, message: 'diagnosisCodes must be ICD-10-CM codes (e.g. J45.909)' })
  diagnosisCodes: string[];

  @ApiProperty({ example: 6, description: 'Visits (units) asked for' }) @IsInt() @Min(1) @Max(999) requestedUnits: number;
  @ApiProperty({ example: '2026-12-01' }) @Matches(ISO_DATE, { message: 'from must be a date as YYYY-MM-DD' }) from: string;
  @ApiProperty({ example: '2027-02-28' }) @Matches(ISO_DATE, { message: 'to must be a date as YYYY-MM-DD' }) to: string;
  @ApiProperty({ required: false, description: 'The servicing provider (scheduling provider id)' }) @IsOptional() @IsString() @MaxLength(100) providerId?: string;
  @ApiProperty({ required: false, description: 'The site asking (default: the caller\'s first site)' }) @IsOptional() @IsString() @MaxLength(100) siteId?: string;

  @ApiProperty({ required: false, enum: AUTHORIZATION_CHANNELS, description: 'Obtained outside a 278: how. With it, authorizationNumber and approvedUnits are required and nothing is sent.' })
  @IsOptional() @IsIn(AUTHORIZATION_CHANNELS)
  obtainedVia?: AuthorizationChannel;
  @ApiProperty({ required: false, example: 'PA-778812' }) @IsOptional() @IsString() @MinLength(1) @MaxLength(50) authorizationNumber?: string;
  @ApiProperty({ required: false, example: 6 }) @IsOptional() @IsInt() @Min(1) @Max(999) approvedUnits?: number;
}

/** Whether a visit about to be booked may be (the booking's question). */
export class AuthorizationCheckRequest {
  @ApiProperty() @IsString() @MinLength(1) patientId: string;
  @ApiProperty({ example: 'new-patient' }) @IsString() @MinLength(1) appointmentTypeId: string;
  @ApiProperty({ required: false, example: 'site-downtown', description: "With start: the date of service is the start's day at the site" }) @IsOptional() @IsString() siteId?: string;
  @ApiProperty({ required: false, example: '2026-12-01T14:00:00Z' }) @IsOptional() @IsString() @MaxLength(40) start?: string;
  @ApiProperty({ required: false, example: '2026-12-01' }) @IsOptional() @Matches(ISO_DATE, { message: 'dateOfService must be a date as YYYY-MM-DD' }) dateOfService?: string;
}

export class AuthorizationCheckDto {
  @ApiProperty({ enum: VISIT_REQUIREMENTS }) requirement: VisitRequirement;
  @ApiProperty({ enum: VISIT_AUTHORIZATION_STATES }) state: VisitAuthorizationState;
  @ApiProperty({ description: "The primary payer blocks booking without the authorization (and it is not there): book nothing" }) blocked: boolean;
  @ApiProperty({ required: false }) authorizationId?: string;
  @ApiProperty({ required: false }) payerId?: string;
  @ApiProperty() dateOfService: string;
}

export class AuthorizationUsageDto {
  @ApiProperty() appointmentId: string;
  @ApiProperty() units: number;
  @ApiProperty() at: string;
}

export class AuthorizationDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() coverageId: string;
  @ApiProperty() payerId: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ enum: AUTHORIZATION_STATUSES }) status: AuthorizationStatus;
  @ApiProperty({ description: "x12-278, or how it was obtained outside (phone, portal, fax)" }) source: string;
  @ApiProperty({ type: [String] }) appointmentTypeIds: string[];
  @ApiProperty({ type: [String] }) serviceCodes: string[];
  @ApiProperty({ type: [String] }) diagnosisCodes: string[];
  @ApiProperty() requestedUnits: number;
  @ApiProperty() requestedFrom: string;
  @ApiProperty() requestedTo: string;
  @ApiProperty({ required: false }) providerId?: string;
  @ApiProperty({ required: false }) authorizationNumber?: string;
  @ApiProperty({ required: false }) approvedUnits?: number;
  @ApiProperty() usedUnits: number;
  @ApiProperty({ required: false, description: 'approvedUnits - usedUnits' }) remainingUnits?: number;
  @ApiProperty({ required: false }) validFrom?: string;
  @ApiProperty({ required: false }) validTo?: string;
  @ApiProperty({ required: false, description: "The payer's HCR01 action: A1 certified, A3 not certified, A4 pended, A6 modified" }) action?: string;
  @ApiProperty({ required: false, description: 'A code: HCR03 decision reason, PAYER_UNAVAILABLE, INVALID_RESPONSE, EXPIRED, UNITS_USED...' }) reason?: string;
  @ApiProperty({ required: false, description: "The payer's words (MSG) or what went wrong" }) detail?: string;
  @ApiProperty({ required: false }) traceNumber?: string;
  @ApiProperty({ required: false }) interchangeControlNumber?: string;
  @ApiProperty({ type: [AuthorizationUsageDto] }) usages: AuthorizationUsageDto[];
  @ApiProperty() requestedBy: string;
  @ApiProperty() requestedAt: string;
  @ApiProperty({ required: false }) decidedAt?: string;
  @ApiProperty() version: number;
}
