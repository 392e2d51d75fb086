import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { ISO_DATE } from '../common';
import { COVERAGE_ORDERS, CoverageOrder, ELIGIBILITY_STATUSES, ELIGIBILITY_TRIGGERS, EligibilityStatus, EligibilityTrigger } from '../events/coverage.events';


/** The patient's relationship to the subscriber (the policy holder). */
export const SUBSCRIBER_RELATIONSHIPS = ['self', 'spouse', 'child', 'other'] as const;
export type SubscriberRelationship = (typeof SUBSCRIBER_RELATIONSHIPS)[number];

/** The policy holder when it is not the patient: their own name and date of birth. */
export class CoverageSubscriberDto {
  @ApiProperty({ example: 'Maria' }) @IsString() @MinLength(1) @MaxLength(60) firstName: string;
  @ApiProperty({ example: 'Lopez' }) @IsString() @MinLength(1) @MaxLength(60) lastName: string;
  @ApiProperty({ example: '1970-04-02', description: 'YYYY-MM-DD' })
  @Matches(ISO_DATE, { message: 'subscriber dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth: string;
}

export class CreateCoverageRequest {
  @ApiProperty({ example: 'payer-acme' }) @IsString() @MinLength(1) payerId: string;
  @ApiProperty({ example: 'acme-gold-ppo' }) @IsString() @MinLength(1) planId: string;
  @ApiProperty({ enum: COVERAGE_ORDERS, example: 'primary' }) @IsIn(COVERAGE_ORDERS) order: CoverageOrder;
  @ApiProperty({ enum: SUBSCRIBER_RELATIONSHIPS, example: 'self', description: "The patient's relationship to the subscriber" })
  @IsIn(SUBSCRIBER_RELATIONSHIPS)
  relationship: SubscriberRelationship;

  @ApiProperty({ required: false, type: CoverageSubscriberDto, description: 'Required unless the relationship is self' })
  @ValidateIf((o: CreateCoverageRequest) => o.relationship !== 'self' || o.subscriber !== undefined)
  @ValidateNested()
  @Type(() => CoverageSubscriberDto)
  subscriber?: CoverageSubscriberDto;

  @ApiProperty({ example: 'PPO11122333', description: "Validated against the payer's member id format when it has one" })
  @IsString() @MinLength(1) @MaxLength(80)
  memberId: string;

  @ApiProperty({ required: false, example: 'GRP-100' }) @IsOptional() @IsString() @MaxLength(50) groupNumber?: string;

  @ApiProperty({ example: '2026-01-01', description: 'YYYY-MM-DD' })
  @Matches(ISO_DATE, { message: 'effectiveDate must be a date as YYYY-MM-DD' })
  effectiveDate: string;

  @ApiProperty({ required: false, example: '2026-12-31', description: 'YYYY-MM-DD; none: open-ended' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'terminationDate must be a date as YYYY-MM-DD' })
  terminationDate?: string;

  @ApiProperty({ required: false, description: 'Document id (patient-records) of the card front' }) @IsOptional() @IsString() @MaxLength(100) cardFrontDocumentId?: string;
  @ApiProperty({ required: false, description: 'Document id (patient-records) of the card back' }) @IsOptional() @IsString() @MaxLength(100) cardBackDocumentId?: string;
}

/** A change: the fields given replace the current ones; a terminationDate terminates the coverage. */
export class UpdateCoverageRequest {
  @ApiProperty({ required: false, example: 'acme-silver-ppo' }) @IsOptional() @IsString() @MinLength(1) planId?: string;
  @ApiProperty({ required: false, enum: COVERAGE_ORDERS }) @IsOptional() @IsIn(COVERAGE_ORDERS) order?: CoverageOrder;
  @ApiProperty({ required: false, enum: SUBSCRIBER_RELATIONSHIPS }) @IsOptional() @IsIn(SUBSCRIBER_RELATIONSHIPS) relationship?: SubscriberRelationship;
  @ApiProperty({ required: false, type: CoverageSubscriberDto }) @IsOptional() @ValidateNested() @Type(() => CoverageSubscriberDto) subscriber?: CoverageSubscriberDto;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(80) memberId?: string;
  @ApiProperty({ required: false, description: 'Empty string: no group number' }) @IsOptional() @IsString() @MaxLength(50) groupNumber?: string;
  @ApiProperty({ required: false, description: 'YYYY-MM-DD' }) @IsOptional() @Matches(ISO_DATE, { message: 'effectiveDate must be a date as YYYY-MM-DD' }) effectiveDate?: string;
  @ApiProperty({ required: false, example: '2026-06-30', description: 'YYYY-MM-DD: terminates the coverage on that date' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'terminationDate must be a date as YYYY-MM-DD' })
  terminationDate?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) cardFrontDocumentId?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) cardBackDocumentId?: string;
}

export class CoverageDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty() payerId: string;
  @ApiProperty() planId: string;
  @ApiProperty({ enum: COVERAGE_ORDERS }) order: CoverageOrder;
  @ApiProperty({ enum: SUBSCRIBER_RELATIONSHIPS }) relationship: SubscriberRelationship;
  @ApiProperty({ required: false, type: CoverageSubscriberDto }) subscriber?: CoverageSubscriberDto;
  @ApiProperty() memberId: string;
  @ApiProperty({ required: false }) groupNumber?: string;
  @ApiProperty() effectiveDate: string;
  @ApiProperty({ required: false }) terminationDate?: string;
  @ApiProperty({ required: false }) cardFrontDocumentId?: string;
  @ApiProperty({ required: false }) cardBackDocumentId?: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() version: number;
}


export class EligibilityCheckRequest {
  @ApiProperty({ required: false, example: '2026-12-01', description: 'YYYY-MM-DD; default: today at the patient-records home site (America/New_York)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'dateOfService must be a date as YYYY-MM-DD' })
  dateOfService?: string;

  @ApiProperty({ required: false, description: "A visit of the coverage's patient: the check is for it (its date of service, its site) and retried if the payer is down" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  appointmentId?: string;
}

/** What the front desk needs from the 271 (money in cents, coinsurance as a fraction: 0.2 = 20%). */
export class EligibilityBenefitsDto {
  @ApiProperty({ required: false }) planName?: string;
  @ApiProperty({ required: false }) insuranceType?: string;
  @ApiProperty({ required: false }) copayCents?: number;
  @ApiProperty({ required: false }) coinsurancePercent?: number;
  @ApiProperty({ required: false }) deductibleCents?: number;
  @ApiProperty({ required: false }) deductibleRemainingCents?: number;
  @ApiProperty() referralRequired: boolean;
  @ApiProperty({ type: [String], description: 'Service types for which the payer requires a prior authorization' }) authorizationRequiredFor: string[];
  @ApiProperty({ required: false }) coverageEnds?: string;
}

export class EligibilityCheckDto {
  @ApiProperty() id: string;
  @ApiProperty() coverageId: string;
  @ApiProperty() patientId: string;
  @ApiProperty() payerId: string;
  @ApiProperty() dateOfService: string;
  @ApiProperty({ enum: ELIGIBILITY_STATUSES }) status: EligibilityStatus;
  @ApiProperty({ description: 'Why, for needs-attention and payer-unavailable (e.g. SUBSCRIBER_NOT_FOUND, DOB_MISMATCH, REJECTED, INVALID_RESPONSE, TIMEOUT, HTTP_STATUS, AAA_42)', required: false })
  reason?: string;
  @ApiProperty({ required: false }) detail?: string;
  @ApiProperty({ required: false, type: EligibilityBenefitsDto }) benefits?: EligibilityBenefitsDto;
  @ApiProperty({ description: 'TRN02 of our 270, echoed by the 271' }) traceNumber: string;
  @ApiProperty({ required: false, description: 'ISA13 of our interchange' }) interchangeControlNumber?: string;
  @ApiProperty({ required: false, description: "ISA13 of the clearinghouse's answer" }) responseControlNumber?: string;
  @ApiProperty({ enum: ELIGIBILITY_TRIGGERS, description: 'What started it: a person, a booking, the nightly batch, a retry' }) trigger: EligibilityTrigger;
  @ApiProperty({ required: false, description: 'The visit checked for' }) appointmentId?: string;
  @ApiProperty({ required: false }) siteId?: string;
  @ApiProperty({ required: false, enum: COVERAGE_ORDERS }) order?: CoverageOrder;
  @ApiProperty({ required: false, description: 'The nightly batch it was part of' }) batchId?: string;
  @ApiProperty({ required: false, description: 'Retries: which one (1 = the first)' }) attempt?: number;
  @ApiProperty({ required: false, type: [String], description: "What differs from the coverage's previous answer (ELIGIBILITY_CHANGE_KINDS)" }) changes?: string[];
  @ApiProperty() requestedAt: string;
  @ApiProperty() completedAt: string;
  @ApiProperty() checkedBy: string;
}
