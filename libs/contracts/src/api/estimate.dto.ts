import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf, ValidateNested,
} from 'class-validator';
import { ISO_DATE } from '../common';
import { SLUG } from './directory.dto';
import { PROCEDURE_CODE } from './payer.dto';

/** HCPCS Level II (public) or CPT (licensed: demo data carries placeholders, marked as such). */
export const SERVICE_CODE_SYSTEMS = ['HCPCS', 'CPT'] as const;
export type ServiceCodeSystem = (typeof SERVICE_CODE_SYSTEMS)[number];

/** An ICD-10-CM code as written on a claim (letter, two digits or digit+letter, optional dot and up to 4 more). */
export const ICD10CM_CODE = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;

const MAX_CENTS = 10_000_000; // $100,000.00

/** The price of one appointment type at a site (until billing's fee schedule, issue 12, replaces it). */
export class PutPriceListItemRequest {
  @ApiProperty({ example: 'X9213', description: 'Five characters: a real HCPCS Level II code, or a CPT-shaped code (placeholder: true unless the clinic holds a CPT licence)' })
  @Matches(PROCEDURE_CODE, { message: 'serviceCode must be a 5-character procedure code' })
  serviceCode: string;

  @ApiProperty({ enum: SERVICE_CODE_SYSTEMS, example: 'CPT' }) @IsIn(SERVICE_CODE_SYSTEMS) codeSystem: ServiceCodeSystem;

  @ApiProperty({ example: true, description: 'The code is a stand-in (CPT is licensed), not one to bill with' }) @IsBoolean() placeholder: boolean;

  @ApiProperty({ example: 'Office visit, established patient, low complexity' }) @IsString() @MinLength(3) @MaxLength(200) description: string;

  @ApiProperty({ example: 15000, description: 'Our standard (gross) charge, in cents' }) @IsInt() @Min(0) @Max(MAX_CENTS) standardChargeCents: number;

  @ApiProperty({ example: 9500, description: 'The self-pay (cash) price, in cents; not above the standard charge' }) @IsInt() @Min(0) @Max(MAX_CENTS) selfPayCents: number;
}

export class PriceListItemDto extends PutPriceListItemRequest {
  @ApiProperty({ example: 'follow-up' }) appointmentTypeId: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}

export class PriceListDto {
  @ApiProperty({ example: 'site-downtown' }) siteId: string;
  @ApiProperty({ type: [PriceListItemDto], description: 'By appointment type' }) items: PriceListItemDto[];
  @ApiProperty({ description: 'Writes so far (0: the site has no price list yet)' }) version: number;
}

export const ESTIMATE_BASES = ['insurance', 'self-pay'] as const;
export const ESTIMATE_LINE_KINDS = ['copay', 'deductible', 'coinsurance', 'self-pay'] as const;

export class EstimateLineDto {
  @ApiProperty({ enum: ESTIMATE_LINE_KINDS }) kind: (typeof ESTIMATE_LINE_KINDS)[number];
  @ApiProperty({ description: "The patient's part, in cents" }) amountCents: number;
  @ApiProperty({ example: 'Your Acme Gold PPO copay for an office visit is $25.00, collected today.' }) explanation: string;
}

export class EstimateWarningDto {
  @ApiProperty({ example: 'NO_ELIGIBILITY_CHECK', description: 'NO_COVERAGE, NO_ELIGIBILITY_CHECK, ELIGIBILITY_CHECK_OLD, ELIGIBILITY_CHECK_OTHER_DATE, COVERAGE_INACTIVE, COVERAGE_NEEDS_ATTENTION, BENEFITS_INCOMPLETE, NO_PRICE, SECONDARY_NOT_ESTIMATED' })
  code: string;
  @ApiProperty() message: string;
}

export class EstimateCoverageDto {
  @ApiProperty() coverageId: string;
  @ApiProperty() payerId: string;
  @ApiProperty() payerName: string;
  @ApiProperty() planId: string;
  @ApiProperty({ required: false }) planName?: string;
}

export class EstimateCheckDto {
  @ApiProperty() checkId: string;
  @ApiProperty() status: string;
  @ApiProperty({ description: 'The date of service the payer was asked about' }) dateOfService: string;
  @ApiProperty() completedAt: string;
  @ApiProperty() ageDays: number;
}

export class EstimateDto {
  @ApiProperty() appointmentId: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty() dateOfService: string;
  @ApiProperty({ required: false }) appointmentTypeId?: string;
  @ApiProperty({ enum: ESTIMATE_BASES, description: 'insurance: from the primary coverage\'s benefits; self-pay: at the self-pay price (no coverage usable)' }) basis: (typeof ESTIMATE_BASES)[number];
  @ApiProperty({ required: false, description: 'Collected at check-in: the copay, or the self-pay price (cents); absent when unknown' }) dueTodayCents?: number;
  @ApiProperty({ required: false, description: "The patient's expected total (the sum of lines); absent without a price" }) expectedTotalCents?: number;
  @ApiProperty({ required: false, description: 'The charge the estimate starts from (standard charge, or self-pay price)' }) chargeCents?: number;
  @ApiProperty({ required: false }) expectedPlanPaymentCents?: number;
  @ApiProperty({ type: [EstimateLineDto] }) lines: EstimateLineDto[];
  @ApiProperty() summary: string;
  @ApiProperty({ type: [EstimateWarningDto] }) warnings: EstimateWarningDto[];
  @ApiProperty({ required: false, type: EstimateCoverageDto, description: 'The primary coverage in effect on the date of service' }) coverage?: EstimateCoverageDto;
  @ApiProperty({ required: false, type: EstimateCoverageDto, description: 'A secondary in effect on the date (may pay part; not estimated)' }) secondaryCoverage?: EstimateCoverageDto;
  @ApiProperty({ required: false, type: EstimateCheckDto, description: 'The latest answered eligibility check the benefits come from' }) eligibilityCheck?: EstimateCheckDto;
  @ApiProperty({ required: false, type: PriceListItemDto, description: "The site's price of the visit's type" }) priceListItem?: PriceListItemDto;
  @ApiProperty() calculatedAt: string;
}

/** One item of a Good Faith Estimate: an appointment type from the site's price list, or a code, description and charge of its own. */
export class GoodFaithEstimateItemRequest {
  @ApiProperty({ required: false, example: 'follow-up', description: "Priced from the site's price list (self-pay price)" })
  @IsOptional() @Matches(SLUG, { message: 'appointmentTypeId must be an appointment type id' })
  appointmentTypeId?: string;

  @ApiProperty({ required: false, example: 'X2947', description: 'With description and expectedChargeCents, when no appointmentTypeId' })
  @ValidateIf((o: GoodFaithEstimateItemRequest) => !o.appointmentTypeId || o.serviceCode !== undefined)
  @Matches(PROCEDURE_CODE, { message: 'serviceCode must be a 5-character procedure code' })
  serviceCode?: string;

  @ApiProperty({ required: false, enum: SERVICE_CODE_SYSTEMS }) @IsOptional() @IsIn(SERVICE_CODE_SYSTEMS) codeSystem?: ServiceCodeSystem;
  @ApiProperty({ required: false, description: 'The code is a stand-in (CPT is licensed)' }) @IsOptional() @IsBoolean() placeholder?: boolean;

  @ApiProperty({ required: false, example: 'Glucose, blood, quantitative (placeholder code)' })
  @ValidateIf((o: GoodFaithEstimateItemRequest) => !o.appointmentTypeId || o.description !== undefined)
  @IsString() @MinLength(3) @MaxLength(200)
  description?: string;

  @ApiProperty({ required: false, example: 1800, description: 'Expected charge of one, in cents (self-pay)' })
  @ValidateIf((o: GoodFaithEstimateItemRequest) => !o.appointmentTypeId || o.expectedChargeCents !== undefined)
  @IsInt() @Min(0) @Max(MAX_CENTS)
  expectedChargeCents?: number;

  @ApiProperty({ required: false, example: 1, default: 1 }) @IsOptional() @IsInt() @Min(1) @Max(99) quantity?: number;
}

export class CreateGoodFaithEstimateRequest {
  @ApiProperty({ required: false, description: 'The scheduled visit: its type (from the price list) is the primary service, its date and site are the GFE\'s' })
  @IsOptional() @IsString() @MinLength(1) @MaxLength(100)
  appointmentId?: string;

  @ApiProperty({ required: false, example: 'site-downtown', description: 'The facility; required without appointmentId' })
  @ValidateIf((o: CreateGoodFaithEstimateRequest) => !o.appointmentId || o.siteId !== undefined)
  @Matches(SLUG, { message: 'siteId is required without appointmentId' })
  siteId?: string;

  @ApiProperty({ required: false, example: '2026-12-15', description: 'Without appointmentId: the date the service is scheduled for, if it is' })
  @IsOptional() @Matches(ISO_DATE, { message: 'scheduledDate must be a date as YYYY-MM-DD' })
  scheduledDate?: string;

  @ApiProperty({ required: false, type: [GoodFaithEstimateItemRequest], description: 'Items (after the visit itself when appointmentId is given); at least one without appointmentId' })
  @ValidateIf((o: CreateGoodFaithEstimateRequest) => !o.appointmentId || o.items !== undefined)
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => GoodFaithEstimateItemRequest)
  items?: GoodFaithEstimateItemRequest[];

  @ApiProperty({ required: false, type: [String], example: ['E11.9'], description: 'ICD-10-CM codes, if known' })
  @IsOptional() @IsArray() @ArrayMaxSize(12) @Matches(ICD10CM_CODE, { each: true, message: 'diagnosisCodes must be ICD-10-CM codes (e.g. E11.9)' })
  diagnosisCodes?: string[];

  @ApiProperty({ required: false, default: false, description: 'The patient has coverage but asks to be treated as self-pay (recorded on the estimate)' })
  @IsOptional() @IsBoolean()
  selfPay?: boolean;
}

export class GoodFaithEstimateItemDto {
  @ApiProperty() serviceCode: string;
  @ApiProperty({ enum: SERVICE_CODE_SYSTEMS }) codeSystem: ServiceCodeSystem;
  @ApiProperty() placeholder: boolean;
  @ApiProperty() description: string;
  @ApiProperty({ required: false }) appointmentTypeId?: string;
  @ApiProperty() quantity: number;
  @ApiProperty() unitChargeCents: number;
  @ApiProperty() expectedChargeCents: number;
}

export class GoodFaithEstimatePartyDto {
  @ApiProperty() name: string;
  @ApiProperty() npi: string;
  @ApiProperty() tin: string;
  @ApiProperty({ required: false }) siteId?: string;
}

export class GoodFaithEstimatePatientDto {
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() dateOfBirth: string;
}

export class GoodFaithEstimateDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ type: GoodFaithEstimatePatientDto, description: 'As the patient was named when it was issued' }) patient: GoodFaithEstimatePatientDto;
  @ApiProperty({ required: false }) appointmentId?: string;
  @ApiProperty() siteId: string;
  @ApiProperty({ description: 'The primary item or service' }) primaryService: string;
  @ApiProperty({ required: false, description: 'The date it is scheduled for' }) scheduledDate?: string;
  @ApiProperty({ type: [GoodFaithEstimateItemDto] }) items: GoodFaithEstimateItemDto[];
  @ApiProperty() totalCents: number;
  @ApiProperty({ type: [String] }) diagnosisCodes: string[];
  @ApiProperty({ type: GoodFaithEstimatePartyDto }) provider: GoodFaithEstimatePartyDto;
  @ApiProperty({ type: GoodFaithEstimatePartyDto }) facility: GoodFaithEstimatePartyDto;
  @ApiProperty({ description: 'The patient has coverage on the date and asked to be treated as self-pay' }) selfPayRequested: boolean;
  @ApiProperty({ type: [String] }) disclaimers: string[];
  @ApiProperty() issuedAt: string;
  @ApiProperty() issuedBy: string;
}
