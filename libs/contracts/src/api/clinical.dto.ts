import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import {
  ALLERGY_SEVERITIES,
  ALLERGY_STATUSES,
  AllergySeverity,
  AllergyStatus,
  HEIGHT_UNITS,
  MEDICATION_STATUSES,
  MedicationStatus,
  PROBLEM_STATUSES,
  ProblemStatus,
  TEMPERATURE_UNITS,
  VitalSign,
  VITAL_SIGNS,
  VITALS_STATUSES,
  VitalsStatus,
  WEIGHT_UNITS,
} from '../clinical';
import { ISO_DATE } from '../common';

const REASON = { required: false, example: 'recorded on the wrong patient', description: 'Required when status becomes entered-in-error' };

/** Who recorded an entry and when; who changed it last. */
class ClinicalEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty() recordedBy: string;
  @ApiProperty({ format: 'date-time' }) recordedAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ required: false, description: 'Why it was marked entered-in-error' }) enteredInErrorReason?: string;
}

// ---------------------------------------------------------------------------- allergies

export class RecordAllergyRequest {
  @ApiProperty({ example: 'Penicillin' }) @IsString() @MinLength(1) @MaxLength(200) substance: string;
  @ApiProperty({ example: 'Hives' }) @IsString() @MinLength(1) @MaxLength(500) reaction: string;
  @ApiProperty({ enum: ALLERGY_SEVERITIES, example: 'moderate' }) @IsIn(ALLERGY_SEVERITIES) severity: AllergySeverity;
  @ApiProperty({ required: false, enum: ['active', 'inactive', 'resolved'], default: 'active' }) @IsOptional() @IsIn(['active', 'inactive', 'resolved']) status?: AllergyStatus;
  @ApiProperty({ required: false, format: 'date', example: '2024-02-10', description: 'When the allergy was noted (default today)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'notedOn must be a date as YYYY-MM-DD' })
  notedOn?: string;
}

/** A correction or a change of status; absent fields keep their value. */
export class UpdateAllergyRequest {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) substance?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(500) reaction?: string;
  @ApiProperty({ required: false, enum: ALLERGY_SEVERITIES }) @IsOptional() @IsIn(ALLERGY_SEVERITIES) severity?: AllergySeverity;
  @ApiProperty({ required: false, enum: ALLERGY_STATUSES }) @IsOptional() @IsIn(ALLERGY_STATUSES) status?: AllergyStatus;
  @ApiProperty({ required: false, format: 'date' }) @IsOptional() @Matches(ISO_DATE, { message: 'notedOn must be a date as YYYY-MM-DD' }) notedOn?: string;
  @ApiProperty(REASON) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) reason?: string;
}

export class AllergyDto extends ClinicalEntryDto {
  @ApiProperty() substance: string;
  @ApiProperty() reaction: string;
  @ApiProperty({ enum: ALLERGY_SEVERITIES }) severity: AllergySeverity;
  @ApiProperty({ enum: ALLERGY_STATUSES }) status: AllergyStatus;
  @ApiProperty({ format: 'date' }) notedOn: string;
}

export class AllergyListDto {
  @ApiProperty({ type: [AllergyDto] }) items: AllergyDto[];
}

// ---------------------------------------------------------------------------- problems

export class RecordProblemRequest {
  @ApiProperty({ example: 'E11.9', description: 'A billable ICD-10-CM code of the current code set (dot optional)' })
  @IsString()
  @MinLength(3)
  @MaxLength(8)
  code: string;
  @ApiProperty({ required: false, enum: ['active', 'resolved'], default: 'active' }) @IsOptional() @IsIn(['active', 'resolved']) status?: ProblemStatus;
  @ApiProperty({ required: false, format: 'date', example: '2019-06-01' }) @IsOptional() @Matches(ISO_DATE, { message: 'onsetDate must be a date as YYYY-MM-DD' }) onsetDate?: string;
  @ApiProperty({ required: false, format: 'date', description: 'When it resolved (status resolved)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'resolvedDate must be a date as YYYY-MM-DD' })
  resolvedDate?: string;
}

export class UpdateProblemRequest {
  @ApiProperty({ required: false, description: 'A corrected code (billable ICD-10-CM)' }) @IsOptional() @IsString() @MinLength(3) @MaxLength(8) code?: string;
  @ApiProperty({ required: false, enum: PROBLEM_STATUSES }) @IsOptional() @IsIn(PROBLEM_STATUSES) status?: ProblemStatus;
  @ApiProperty({ required: false, format: 'date' }) @IsOptional() @Matches(ISO_DATE, { message: 'onsetDate must be a date as YYYY-MM-DD' }) onsetDate?: string;
  @ApiProperty({ required: false, format: 'date' }) @IsOptional() @Matches(ISO_DATE, { message: 'resolvedDate must be a date as YYYY-MM-DD' }) resolvedDate?: string;
  @ApiProperty(REASON) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) reason?: string;
}

export class ProblemDto extends ClinicalEntryDto {
  @ApiProperty({ example: 'E11.9' }) code: string;
  @ApiProperty({ example: 'http://hl7.org/fhir/sid/icd-10-cm' }) system: string;
  @ApiProperty({ example: 'Type 2 diabetes mellitus without complications' }) description: string;
  @ApiProperty({ enum: PROBLEM_STATUSES }) status: ProblemStatus;
  @ApiProperty({ required: false, format: 'date' }) onsetDate?: string;
  @ApiProperty({ required: false, format: 'date' }) resolvedDate?: string;
}

export class ProblemListDto {
  @ApiProperty({ type: [ProblemDto] }) items: ProblemDto[];
}

// ---------------------------------------------------------------------------- medications

export class RecordMedicationRequest {
  @ApiProperty({ example: 'Metformin' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ required: false, example: '500 mg' }) @IsOptional() @IsString() @MaxLength(100) dose?: string;
  @ApiProperty({ required: false, example: 'twice daily with meals' }) @IsOptional() @IsString() @MaxLength(100) frequency?: string;
  @ApiProperty({ required: false, description: 'Free text (as the patient reported it, prescriber, ...)' }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
  @ApiProperty({ required: false, enum: ['active', 'stopped', 'completed'], default: 'active' }) @IsOptional() @IsIn(['active', 'stopped', 'completed']) status?: MedicationStatus;
}

export class UpdateMedicationRequest {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) dose?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) frequency?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(1000) note?: string;
  @ApiProperty({ required: false, enum: MEDICATION_STATUSES }) @IsOptional() @IsIn(MEDICATION_STATUSES) status?: MedicationStatus;
  @ApiProperty(REASON) @IsOptional() @IsString() @MinLength(1) @MaxLength(200) reason?: string;
}

export class MedicationDto extends ClinicalEntryDto {
  @ApiProperty() name: string;
  @ApiProperty({ required: false }) dose?: string;
  @ApiProperty({ required: false }) frequency?: string;
  @ApiProperty({ required: false }) note?: string;
  @ApiProperty({ enum: MEDICATION_STATUSES }) status: MedicationStatus;
}

export class MedicationListDto {
  @ApiProperty({ type: [MedicationDto] }) items: MedicationDto[];
}

// ---------------------------------------------------------------------------- vitals

export class BloodPressureInput {
  @ApiProperty({ example: 120, description: 'mmHg' }) @IsNumber() systolic: number;
  @ApiProperty({ example: 80, description: 'mmHg' }) @IsNumber() diastolic: number;
}

/** A measured value with its unit; the unit is checked against the field's units (400 CLINICAL.VITALS_UNIT_INVALID). */
export class MeasureInput {
  @ApiProperty({ example: 37 }) @IsNumber() value: number;
  @ApiProperty({ example: 'C', description: `temperature: ${TEMPERATURE_UNITS.join('|')}; height: ${HEIGHT_UNITS.join('|')}; weight: ${WEIGHT_UNITS.join('|')}` })
  @IsString()
  unit: string;
}

export class RecordVitalsRequest {
  @ApiProperty({ required: false, description: 'The appointment (check-in) they were taken at' }) @IsOptional() @IsString() @MaxLength(100) appointmentId?: string;
  @ApiProperty({ required: false, format: 'date-time', description: 'When they were taken (default now)' }) @IsOptional() @IsDateString({ strict: true }) takenAt?: string;
  @ApiProperty({ required: false, type: BloodPressureInput }) @IsOptional() @ValidateNested() @Type(() => BloodPressureInput) bloodPressure?: BloodPressureInput;
  @ApiProperty({ required: false, example: 72, description: 'beats/min' }) @IsOptional() @IsNumber() pulse?: number;
  @ApiProperty({ required: false, type: MeasureInput, example: { value: 37, unit: 'C' } }) @IsOptional() @ValidateNested() @Type(() => MeasureInput) temperature?: MeasureInput;
  @ApiProperty({ required: false, example: 16, description: 'breaths/min' }) @IsOptional() @IsNumber() respiratoryRate?: number;
  @ApiProperty({ required: false, example: 98, description: 'SpO2, %' }) @IsOptional() @IsNumber() spo2?: number;
  @ApiProperty({ required: false, type: MeasureInput, example: { value: 170, unit: 'cm' } }) @IsOptional() @ValidateNested() @Type(() => MeasureInput) height?: MeasureInput;
  @ApiProperty({ required: false, type: MeasureInput, example: { value: 70, unit: 'kg' } }) @IsOptional() @ValidateNested() @Type(() => MeasureInput) weight?: MeasureInput;
}

/** Vitals are not edited: a wrong record is marked entered-in-error and a new one recorded. */
export class UpdateVitalsRequest {
  @ApiProperty({ enum: ['entered-in-error'] }) @IsIn(['entered-in-error']) status: VitalsStatus;
  @ApiProperty({ example: 'recorded on the wrong patient' }) @IsString() @MinLength(1) @MaxLength(200) reason: string;
}

export class VitalsDto extends ClinicalEntryDto {
  @ApiProperty({ enum: VITALS_STATUSES }) status: VitalsStatus;
  @ApiProperty({ format: 'date-time' }) takenAt: string;
  @ApiProperty({ required: false }) appointmentId?: string;
  @ApiProperty({ enum: VITAL_SIGNS, isArray: true }) measured: VitalSign[];
  @ApiProperty({ required: false, type: BloodPressureInput }) bloodPressure?: BloodPressureInput;
  @ApiProperty({ required: false }) pulse?: number;
  @ApiProperty({ required: false, type: MeasureInput }) temperature?: MeasureInput;
  @ApiProperty({ required: false }) respiratoryRate?: number;
  @ApiProperty({ required: false }) spo2?: number;
  @ApiProperty({ required: false, type: MeasureInput }) height?: MeasureInput;
  @ApiProperty({ required: false, type: MeasureInput }) weight?: MeasureInput;
  @ApiProperty({ required: false, description: 'kg/m², computed from height and weight of the same record' }) bmi?: number;
}

export class VitalsListDto {
  @ApiProperty({ type: [VitalsDto] }) items: VitalsDto[];
}

// ---------------------------------------------------------------------------- code sets

export class CodeSetCodeDto {
  @ApiProperty({ example: 'E11.9' }) code: string;
  @ApiProperty() description: string;
  @ApiProperty({ description: 'A leaf code: a problem list and a claim may carry it' }) billable: boolean;
  @ApiProperty({ required: false, example: 'E11' }) parent?: string;
  @ApiProperty({ type: [String], description: 'Excludes1 notes of this code and of the codes above it' }) excludes1: string[];
}

export class CodeSetInfoDto {
  @ApiProperty({ example: 'http://hl7.org/fhir/sid/icd-10-cm' }) system: string;
  @ApiProperty({ example: '2026' }) version: string;
  @ApiProperty({ example: '2026-04-01' }) release: string;
  @ApiProperty() source: string;
  @ApiProperty() codes: number;
  @ApiProperty() billable: number;
}

export class CodeSetSearchDto {
  @ApiProperty({ type: CodeSetInfoDto }) codeSet: CodeSetInfoDto;
  @ApiProperty({ type: [CodeSetCodeDto] }) items: CodeSetCodeDto[];
}

export class ClinicalListQuery {
  @ApiProperty({ required: false, default: false, description: 'Also list entries marked entered-in-error' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeEnteredInError?: 'true' | 'false';
}

export class CodeSetSearchQuery {
  @ApiProperty({ required: false, example: 'E11', description: 'Code prefix, dot optional' }) @IsOptional() @IsString() @MaxLength(8) prefix?: string;
  @ApiProperty({ required: false, example: 'diabetes', description: 'Words that must all be in the description' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
  @ApiProperty({ required: false, default: false, description: 'Only billable codes (what a problem list takes)' }) @IsOptional() @IsIn(['true', 'false']) billable?: 'true' | 'false';
  @ApiProperty({ required: false, default: 20, minimum: 1, maximum: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}
