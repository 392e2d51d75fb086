import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { SLUG } from './directory.dto';

/** X12 claim filing indicator codes (SBR09 of the 837P, 005010X222A1). */
export const CLAIM_FILING_INDICATORS = [
  '11', '12', '13', '14', '15', '16', '17', 'AM', 'BL', 'CH', 'CI', 'DS', 'FI', 'HM', 'LM', 'MA', 'MB', 'MC', 'OF', 'TV', 'VA', 'WC', 'ZZ',
] as const;
export type ClaimFilingIndicator = (typeof CLAIM_FILING_INDICATORS)[number];

export const PLAN_KINDS = ['ppo', 'hmo', 'epo', 'pos', 'indemnity', 'medicare', 'medicare-advantage', 'medicaid', 'other'] as const;
export type PlanKind = (typeof PLAN_KINDS)[number];

export const PAYER_REQUIREMENTS = ['referral', 'prior-authorization'] as const;
export type PayerRequirement = (typeof PAYER_REQUIREMENTS)[number];

/** HCPCS Level II or CPT-shaped procedure code: five characters (CPT is licensed; demo data uses placeholders). */
export const PROCEDURE_CODE = /^[A-Z0-9]{5}$/;

/**
 * A payer's or plan's rule: visits of these appointment types, or with any of these procedure codes,
 * need a referral or a prior authorization. A rule naming neither applies to every visit.
 */
export class PayerRuleDto {
  @ApiProperty({ enum: PAYER_REQUIREMENTS }) @IsIn(PAYER_REQUIREMENTS) requirement: PayerRequirement;

  @ApiProperty({ required: false, type: [String], example: ['new-patient'] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @Matches(SLUG, { each: true, message: 'appointmentTypeIds must be appointment type ids' })
  appointmentTypeIds?: string[];

  @ApiProperty({ required: false, type: [String], example: ['70551'] })
  @IsOptional() @IsArray() @ArrayMaxSize(200) @Matches(PROCEDURE_CODE, { each: true, message: 'procedureCodes must be 5-character procedure codes' })
  procedureCodes?: string[];

  @ApiProperty({ required: false, example: 'MRI needs an authorization number on the claim' })
  @IsOptional() @IsString() @MaxLength(500) note?: string;
}

export class PlanDto {
  @ApiProperty({ example: 'acme-gold-ppo' }) @Matches(SLUG, { message: 'plan id must be 3-64 lower-case letters, digits and dashes' }) id: string;
  @ApiProperty({ example: 'Acme Gold PPO' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: PLAN_KINDS }) @IsIn(PLAN_KINDS) kind: PlanKind;
  @ApiProperty({ type: [PayerRuleDto], description: "Rules of this plan, on top of the payer's" })
  @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PayerRuleDto)
  rules: PayerRuleDto[];
}

export class PayerDto {
  @ApiProperty({ example: 'payer-acme' }) id: string;
  @ApiProperty({ example: 'Acme Health' }) name: string;
  @ApiProperty({ example: '87726', description: "The payer's EDI id (NM1*PR ... PI)" }) ediPayerId: string;
  @ApiProperty({ example: 'CLEARHOUSE', description: 'Who receives our interchanges for this payer (ISA08 / GS03)' }) receiverId: string;
  @ApiProperty({ enum: CLAIM_FILING_INDICATORS, description: 'X12 claim filing indicator (SBR09)' }) claimFilingIndicator: ClaimFilingIndicator;
  @ApiProperty({ example: 90, description: 'Days after the date of service a claim may be filed' }) timelyFilingDays: number;
  @ApiProperty({ required: false, example: '^PPO[0-9]{6,9}$', description: 'Member ids this payer issues (a regular expression)' }) memberIdPattern?: string;
  @ApiProperty({ description: 'Booking a visit that needs an authorization without one is blocked (else flagged to the desk)' }) blockWithoutAuthorization: boolean;
  @ApiProperty({ type: [PayerRuleDto] }) rules: PayerRuleDto[];
  @ApiProperty({ type: [PlanDto] }) plans: PlanDto[];
  @ApiProperty() active: boolean;
  @ApiProperty({ example: 3 }) version: number;
}

export class CreatePayerRequest {
  @ApiProperty({ required: false, example: 'payer-acme', description: 'Chosen id (slug); generated when absent' })
  @IsOptional() @Matches(SLUG, { message: 'id must be 3-64 lower-case letters, digits and dashes' })
  id?: string;

  @ApiProperty({ example: 'Acme Health' }) @IsString() @MinLength(1) @MaxLength(60) name: string;
  @ApiProperty({ example: '87726' }) @Matches(/^[A-Za-z0-9]{2,80}$/, { message: 'ediPayerId must be 2-80 letters and digits' }) ediPayerId: string;
  @ApiProperty({ example: 'CLEARHOUSE' }) @Matches(/^[A-Za-z0-9]{1,15}$/, { message: 'receiverId must be 1-15 letters and digits (ISA08)' }) receiverId: string;
  @ApiProperty({ enum: CLAIM_FILING_INDICATORS }) @IsIn(CLAIM_FILING_INDICATORS) claimFilingIndicator: ClaimFilingIndicator;
  @ApiProperty({ example: 90 }) @IsInt() @Min(1) @Max(1095) timelyFilingDays: number;
  @ApiProperty({ required: false, example: '^PPO[0-9]{6,9}$' }) @IsOptional() @IsString() @MaxLength(200) memberIdPattern?: string;
  @ApiProperty({ required: false, default: false }) @IsOptional() @IsBoolean() blockWithoutAuthorization?: boolean;

  @ApiProperty({ required: false, type: [PayerRuleDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PayerRuleDto)
  rules?: PayerRuleDto[];

  @ApiProperty({ required: false, type: [PlanDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PlanDto)
  plans?: PlanDto[];
}

/** Fields given replace the current ones (plans and rules as whole lists). */
export class UpdatePayerRequest {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(60) name?: string;
  @ApiProperty({ required: false }) @IsOptional() @Matches(/^[A-Za-z0-9]{2,80}$/, { message: 'ediPayerId must be 2-80 letters and digits' }) ediPayerId?: string;
  @ApiProperty({ required: false }) @IsOptional() @Matches(/^[A-Za-z0-9]{1,15}$/, { message: 'receiverId must be 1-15 letters and digits (ISA08)' }) receiverId?: string;
  @ApiProperty({ required: false, enum: CLAIM_FILING_INDICATORS }) @IsOptional() @IsIn(CLAIM_FILING_INDICATORS) claimFilingIndicator?: ClaimFilingIndicator;
  @ApiProperty({ required: false }) @IsOptional() @IsInt() @Min(1) @Max(1095) timelyFilingDays?: number;
  @ApiProperty({ required: false, description: "A regular expression; '' removes it" }) @IsOptional() @IsString() @MaxLength(200) memberIdPattern?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() blockWithoutAuthorization?: boolean;
  @ApiProperty({ required: false, type: [PayerRuleDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PayerRuleDto)
  rules?: PayerRuleDto[];
  @ApiProperty({ required: false, type: [PlanDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PlanDto)
  plans?: PlanDto[];
  @ApiProperty({ required: false }) @IsOptional() @IsBoolean() active?: boolean;
}

export class MatchedRuleDto extends PayerRuleDto {
  @ApiProperty({ enum: ['payer', 'plan'] }) source: 'payer' | 'plan';
}

/** What a visit needs before it is seen, by the payer's and plan's rules. */
export class PayerRequirementsDto {
  @ApiProperty() referralRequired: boolean;
  @ApiProperty() priorAuthorizationRequired: boolean;
  @ApiProperty({ description: 'Without an authorization the booking is blocked (a payer setting), else flagged to the desk' }) blockWithoutAuthorization: boolean;
  @ApiProperty({ type: [MatchedRuleDto] }) matched: MatchedRuleDto[];
}

export class PayerRequirementsQuery {
  @ApiProperty({ required: false, example: 'acme-gold-ppo' }) @IsOptional() @Matches(SLUG, { message: 'planId must be a plan id' }) planId?: string;
  @ApiProperty({ required: false, example: 'new-patient' }) @IsOptional() @Matches(SLUG, { message: 'appointmentTypeId must be an appointment type id' }) appointmentTypeId?: string;
  @ApiProperty({ required: false, example: 'X7055,E0260', description: 'Procedure codes of the visit, comma-separated' })
  @IsOptional() @Matches(/^[A-Z0-9]{5}(,[A-Z0-9]{5}){0,49}$/, { message: 'procedureCodes must be 5-character procedure codes separated by commas' })
  procedureCodes?: string;
}
