import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { ENCOUNTER_STATUSES, EncounterStatus } from '../events/encounter.events';
import { PROCEDURE_CODE_5 } from './fee-schedule.dto';

/** One diagnosis of an encounter (its position is its pointer: 1 for the first). */
export class EncounterDiagnosisDto {
  @ApiProperty({ example: 1 }) pointer: number;
  @ApiProperty({ example: 'J02.9' }) code: string;
  @ApiProperty({ example: 'Acute pharyngitis, unspecified' }) description: string;
}

/** One procedure line of an encounter (an 837P service line). */
export class EncounterLineDto {
  @ApiProperty({ example: 1, description: 'Line number (1-based), in order' }) lineNumber: number;
  @ApiProperty({ example: 'S9083' }) code: string;
  @ApiProperty({ enum: ['HCPCS', 'CPT'] }) system: 'HCPCS' | 'CPT';
  @ApiProperty() description: string;
  @ApiProperty({ type: [String], example: ['25'] }) modifiers: string[];
  @ApiProperty({ example: 1 }) units: number;
  @ApiProperty({ example: 17500, description: 'Charge for one unit, in cents (from the fee schedule unless given)' }) unitChargeCents: number;
  @ApiProperty({ example: 17500, description: 'The line charge (units x unit charge unless given), in cents' }) chargeCents: number;
  @ApiProperty({ enum: ['fee-schedule', 'entered', 'unpriced'], description: 'Where the charge came from (unpriced: a draft line the fee schedule had no price for on the date of service; coding must enter one)' }) chargeSource: 'fee-schedule' | 'entered' | 'unpriced';
  @ApiProperty({ type: [Number], example: [1], description: 'Diagnosis pointers (1-4) into diagnoses' }) diagnosisPointers: number[];
  @ApiProperty({ description: 'The code is a placeholder for a licensed CPT code: never billed to a payer' }) placeholder: boolean;
}

/** The patient as a claim names them, copied from patient-records when the encounter was coded (sealed at rest). */
export class EncounterPatientSnapshotDto {
  @ApiProperty() firstName: string;
  @ApiProperty({ required: false }) middleName?: string;
  @ApiProperty() lastName: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty({ required: false }) sexAtBirth?: string;
  @ApiProperty({ required: false, description: 'line1, line2, city, state, postalCode, country' }) address?: { line1: string; line2?: string; city: string; state: string; postalCode: string; country?: string };
  @ApiProperty() takenAt: string;
}

export class EncounterDto {
  @ApiProperty({ example: 'enc-7d0c...' }) id: string;
  @ApiProperty() appointmentId: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ description: "Scheduling's provider id (the rendering provider)" }) providerId: string;
  @ApiProperty({ required: false }) appointmentTypeId?: string;
  @ApiProperty({ example: '2026-12-02', description: 'At the site' }) dateOfService: string;
  @ApiProperty({ enum: ENCOUNTER_STATUSES }) status: EncounterStatus;
  @ApiProperty({ type: [EncounterDiagnosisDto] }) diagnoses: EncounterDiagnosisDto[];
  @ApiProperty({ type: [EncounterLineDto] }) lines: EncounterLineDto[];
  @ApiProperty({ description: 'Sum of the line charges, in cents' }) totalChargeCents: number;
  @ApiProperty({ description: 'Some line is a placeholder code' }) placeholder: boolean;
  @ApiProperty({ required: false, type: EncounterPatientSnapshotDto }) patient?: EncounterPatientSnapshotDto;
  @ApiProperty({ required: false, description: 'ICD-10-CM release the diagnoses were checked against' }) codeSetRelease?: string;
  @ApiProperty({ required: false }) codedBy?: string;
  @ApiProperty({ required: false }) codedAt?: string;
  @ApiProperty({ required: false }) readyBy?: string;
  @ApiProperty({ required: false }) readyAt?: string;
  @ApiProperty({ required: false, description: 'Each time the signed-off encounter was re-opened to correct its coding: who, when, why' }) reopenings?: Array<{ by: string; at: string; note: string }>;
  @ApiProperty() createdAt: string;
  @ApiProperty() version: number;
}

export class EncounterListQuery {
  @ApiProperty({ example: 'site-downtown' }) @IsString() @MaxLength(100) siteId: string;
  @ApiProperty({ required: false, enum: ENCOUNTER_STATUSES, description: 'Default: draft and coded (the work list: still to code or sign off)' })
  @IsOptional()
  @IsIn(ENCOUNTER_STATUSES)
  status?: EncounterStatus;
}

export class PutEncounterDiagnosesRequest {
  @ApiProperty({ type: [String], example: ['J02.9'], description: 'ICD-10-CM codes, billable and in effect on the date of service; pointer order (1-12)' })
  @IsArray()
  @ArrayMaxSize(12)
  @IsString({ each: true })
  @MaxLength(10, { each: true })
  codes: string[];
}

export class EncounterLineRequest {
  @ApiProperty({ example: 'S9083' }) @Matches(PROCEDURE_CODE_5, { message: 'code must be a 5-character procedure code' }) code: string;
  @ApiProperty({ type: [String], required: false, example: [] }) @IsOptional() @IsArray() @ArrayMaxSize(8) @IsString({ each: true }) @MaxLength(8, { each: true }) modifiers?: string[];
  @ApiProperty({ example: 1 }) @IsInt() units: number;
  @ApiProperty({ required: false, example: 17500, description: 'Line charge in cents; absent: units x the fee schedule price on the date of service' }) @IsOptional() @IsInt() chargeCents?: number;
  @ApiProperty({ type: [Number], example: [1], description: '1 to 4 pointers to the encounter diagnoses' }) @IsArray() @ArrayMaxSize(8) @IsInt({ each: true }) diagnosisPointers: number[];
}

export class PutEncounterLinesRequest {
  @ApiProperty({ type: [EncounterLineRequest] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => EncounterLineRequest) lines: EncounterLineRequest[];
}


/** POST /encounters/{id}/reopen: a signed-off encounter opened again to correct its coding. */
export class ReopenEncounterRequest {
  @ApiProperty({ example: 'Payer asked for the blood draw billed separately; correcting for a replacement claim', description: 'Why (10-1000 characters)' })
  @IsString() @MinLength(10, { message: 'note must say why, in 10 characters or more' }) @MaxLength(1000) note: string;
}
