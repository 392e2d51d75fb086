import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Matches, MaxLength, Min, MinLength, ValidateNested,
} from 'class-validator';
import { SUBSCRIBER_RELATIONSHIPS } from './coverage.dto';

/*
 * The claim scrubber's API (billing, issue 12). The claim it checks is the scrubber's own view of a
 * claim about to be sent (services/billing/src/scrubber/scrub-claim.ts documents each field). The
 * request is deliberately lenient about what is MISSING (a missing NPI or diagnosis is a finding the
 * scrubber explains, not a 400); it refuses only what is MALFORMED (wrong types, dates that are not
 * YYYY-MM-DD, money that is not integer cents), which no rule could explain.
 */

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'must be a date YYYY-MM-DD';

export const CLAIM_FREQUENCIES = ['1', '7', '8'] as const;
export type ClaimFrequency = (typeof CLAIM_FREQUENCIES)[number];
export const ADMINISTRATIVE_SEXES = ['F', 'M', 'U'] as const;

export class ScrubPatientDto {
  @ApiProperty({ required: false, example: '1980-04-02' }) @IsOptional() @Matches(DATE, { message: `dateOfBirth ${DATE_MESSAGE}` }) dateOfBirth?: string;
  @ApiProperty({ required: false, enum: ADMINISTRATIVE_SEXES }) @IsOptional() @IsIn(ADMINISTRATIVE_SEXES) sex?: 'F' | 'M' | 'U';
}

export class ScrubSubscriberDto {
  @ApiProperty({ required: false, example: 'PPO11122333' }) @IsOptional() @IsString() @MaxLength(80) memberId?: string;
  @ApiProperty({ required: false, enum: SUBSCRIBER_RELATIONSHIPS }) @IsOptional() @IsIn(SUBSCRIBER_RELATIONSHIPS) relationship?: (typeof SUBSCRIBER_RELATIONSHIPS)[number];
}

export class ScrubPayerDto {
  @ApiProperty({ required: false, example: 'payer-acme' }) @IsOptional() @IsString() @MaxLength(80) payerId?: string;
  @ApiProperty({ required: false, example: 90, description: "The payer's timely-filing limit in days after the date of service" })
  @IsOptional() @IsInt() @Min(0) timelyFilingDays?: number;
  @ApiProperty({ required: false, type: [String], example: ['70551'], description: 'Procedure codes this payer (and plan) needs a prior authorization for' })
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsString({ each: true }) priorAuthorizationCodes?: string[];
  @ApiProperty({ required: false, example: '^PPO\\d{8}$', description: "The payer's member id pattern, when it publishes one" })
  @IsOptional() @IsString() @MaxLength(200) memberIdPattern?: string;
}

export class ScrubBillingProviderDto {
  @ApiProperty({ required: false, example: '1234567893' }) @IsOptional() @IsString() @MaxLength(20) npi?: string;
  @ApiProperty({ required: false, example: '123456789', description: 'Tax id (EIN), digits' }) @IsOptional() @IsString() @MaxLength(20) taxId?: string;
}

export class ScrubLineDto {
  @ApiProperty({ required: false, example: 'L1', description: 'The line id sent in REF*6R so a remittance line matches exactly' })
  @IsOptional() @IsString() @MaxLength(50) lineId?: string;
  @ApiProperty({ required: false, example: 'G0439' }) @IsOptional() @IsString() @MaxLength(20) procedureCode?: string;
  @ApiProperty({ required: false, type: [String], example: ['25'] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) modifiers?: string[];
  @ApiProperty({ required: false, example: 1 }) @IsOptional() @IsNumber() units?: number;
  @ApiProperty({ required: false, example: 15000, description: 'Integer cents' }) @IsOptional() @IsInt() chargeCents?: number;
  @ApiProperty({ required: false, type: [Number], example: [1], description: 'Pointers 1..n into the claim diagnoses, the first the primary' })
  @IsOptional() @IsArray() @ArrayMaxSize(12) @IsInt({ each: true }) diagnosisPointers?: number[];
  @ApiProperty({ required: false, example: '2026-11-20', description: "The line's date of service (the claim's when absent)" })
  @IsOptional() @Matches(DATE, { message: `serviceDate ${DATE_MESSAGE}` }) serviceDate?: string;
}

export class EarlierClaimKeyDto {
  @ApiProperty({ example: 'claim-0001' }) @IsString() @MinLength(1) @MaxLength(100) claimId: string;
  @ApiProperty({ required: false, example: 'patient-1' }) @IsOptional() @IsString() @MaxLength(100) patientId?: string;
  @ApiProperty({ example: '2026-11-20' }) @Matches(DATE, { message: `serviceDate ${DATE_MESSAGE}` }) serviceDate: string;
  @ApiProperty({ example: 'G0439' }) @IsString() @MaxLength(20) procedureCode: string;
  @ApiProperty({ required: false, type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) modifiers?: string[];
  @ApiProperty({ required: false, example: 'payer-acme' }) @IsOptional() @IsString() @MaxLength(80) payerId?: string;
  @ApiProperty({ enum: CLAIM_FREQUENCIES, example: '1' }) @IsIn(CLAIM_FREQUENCIES) frequency: ClaimFrequency;
  @ApiProperty({ required: false, example: false, description: 'The claim was voided (frequency 8 sent for it)' }) @IsOptional() @IsBoolean() voided?: boolean;
}

/** A claim about to be sent, as the scrubber sees it (services/billing/src/scrubber/scrub-claim.ts). */
export class ScrubClaimRequest {
  @ApiProperty({ example: 'claim-2026-0001' }) @IsString() @MinLength(1) @MaxLength(100) claimId: string;
  @ApiProperty({ enum: CLAIM_FREQUENCIES, example: '1', description: 'CLM05-3: 1 original, 7 replacement, 8 void' }) @IsIn(CLAIM_FREQUENCIES) frequency: ClaimFrequency;
  @ApiProperty({ required: false, description: 'For 7/8: the claim replaced or voided' }) @IsOptional() @IsString() @MaxLength(100) originalClaimId?: string;
  @ApiProperty({ required: false, example: 'site-downtown' }) @IsOptional() @IsString() @MaxLength(80) siteId?: string;
  @ApiProperty({ required: false, description: "Clinic Flow's patient id (the audit trail names it; the duplicate rule compares it)" })
  @IsOptional() @IsString() @MaxLength(100) patientId?: string;
  @ApiProperty({ type: ScrubPatientDto }) @IsObject() @ValidateNested() @Type(() => ScrubPatientDto) patient: ScrubPatientDto;
  @ApiProperty({ type: ScrubSubscriberDto }) @IsObject() @ValidateNested() @Type(() => ScrubSubscriberDto) subscriber: ScrubSubscriberDto;
  @ApiProperty({ type: ScrubPayerDto }) @IsObject() @ValidateNested() @Type(() => ScrubPayerDto) payer: ScrubPayerDto;
  @ApiProperty({ type: ScrubBillingProviderDto }) @IsObject() @ValidateNested() @Type(() => ScrubBillingProviderDto) billingProvider: ScrubBillingProviderDto;
  @ApiProperty({ required: false, example: '1234567893' }) @IsOptional() @IsString() @MaxLength(20) renderingProviderNpi?: string;
  @ApiProperty({ required: false, example: '2026-11-20' }) @IsOptional() @Matches(DATE, { message: `serviceDateFrom ${DATE_MESSAGE}` }) serviceDateFrom?: string;
  @ApiProperty({ required: false, example: '2026-11-20' }) @IsOptional() @Matches(DATE, { message: `serviceDateTo ${DATE_MESSAGE}` }) serviceDateTo?: string;
  @ApiProperty({ required: false, example: '11', description: 'CMS place of service code (11 office)' }) @IsOptional() @IsString() @MaxLength(2) placeOfService?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(50) priorAuthorizationNumber?: string;
  @ApiProperty({ type: [String], example: ['E11.9'], description: 'ICD-10-CM codes in order (the first is the principal diagnosis)' })
  @IsArray() @ArrayMaxSize(12) @IsString({ each: true }) diagnoses: string[];
  @ApiProperty({ type: [ScrubLineDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ScrubLineDto) lines: ScrubLineDto[];
  @ApiProperty({ example: 15000, description: 'Integer cents' }) @IsInt() totalChargeCents: number;
  @ApiProperty({ example: '2026-11-21' }) @Matches(DATE, { message: `submissionDate ${DATE_MESSAGE}` }) submissionDate: string;
  @ApiProperty({ required: false, type: [EarlierClaimKeyDto], description: "Earlier claims' keys for the duplicate rule, given by the caller (the rules stay pure)" })
  @IsOptional() @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => EarlierClaimKeyDto) earlierClaims?: EarlierClaimKeyDto[];
}

export const FINDING_SEVERITIES = ['error', 'warning'] as const;

export class ScrubOverrideNoteDto {
  @ApiProperty() overrideId: string;
  @ApiProperty() by: string;
  @ApiProperty() at: string;
  @ApiProperty() note: string;
}

export class ScrubFindingDto {
  @ApiProperty({ example: 'CF-DXPTR-001' }) ruleId: string;
  @ApiProperty({ example: 1 }) ruleVersion: number;
  @ApiProperty({ enum: FINDING_SEVERITIES }) severity: 'error' | 'warning';
  @ApiProperty({ example: 'lines[2].diagnosisPointers[0]' }) path: string;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'What to do about it' }) fix: string;
  @ApiProperty({ description: 'Which screen and field to fix it in' }) where: string;
  @ApiProperty() overridable: boolean;
  @ApiProperty({ required: false, type: ScrubOverrideNoteDto, description: 'Present when an active override for this claim and rule lets the finding pass' })
  override?: ScrubOverrideNoteDto;
}

export class ScrubResultDto {
  @ApiProperty() claimId: string;
  @ApiProperty({ example: '2026.12.1' }) ruleSetVersion: string;
  @ApiProperty({ description: "Each rule's version as run: { 'CF-NPI-001': 1, ... }", type: 'object', additionalProperties: { type: 'integer' } })
  ruleVersions: Record<string, number>;
  @ApiProperty() checkedAt: string;
  @ApiProperty({ enum: ['clean', 'warnings', 'blocked'], description: 'blocked: at least one error not overridden; the claim must not be sent' })
  status: 'clean' | 'warnings' | 'blocked';
  @ApiProperty({ type: [ScrubFindingDto], description: 'Findings still in force' }) findings: ScrubFindingDto[];
  @ApiProperty({ type: [ScrubFindingDto], description: 'Findings let pass by an active override (each with its note)' }) overridden: ScrubFindingDto[];
}

export class ScrubRuleFixtureDto {
  @ApiProperty({ type: ScrubClaimRequest }) passes: ScrubClaimRequest;
  @ApiProperty({ type: ScrubClaimRequest }) fails: ScrubClaimRequest;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'What the failing claim is expected to raise (ruleId, path, severity: parts of a finding)' }) expected: Partial<ScrubFindingDto>[];
}

export class ScrubRuleDto {
  @ApiProperty({ example: 'CF-NPI-001' }) id: string;
  @ApiProperty({ example: 1 }) version: number;
  @ApiProperty() title: string;
  @ApiProperty({ enum: FINDING_SEVERITIES }) severity: 'error' | 'warning';
  @ApiProperty() overridable: boolean;
  @ApiProperty({ example: 'providers' }) category: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: 'encounter lines → diagnosis pointers' }) where: string;
  @ApiProperty({ type: ScrubRuleFixtureDto }) fixtures: ScrubRuleFixtureDto;
}

export class ScrubRuleSetDto {
  @ApiProperty({ example: '2026.12.1' }) version: string;
  @ApiProperty({ type: [ScrubRuleDto] }) rules: ScrubRuleDto[];
}

export const CODE_TABLE_FORMATS = ['tab', 'csv'] as const;

/** A CMS table file's text (PTP: column 1, column 2, effective date, deletion date, modifier indicator; MUE: code, MUE value, adjudication indicator). */
export class ImportCodeTableRequest {
  @ApiProperty({ example: 'CMS NCCI PTP practitioner 2026 Q4', description: 'Where the file came from' }) @IsString() @MinLength(3) @MaxLength(200) source: string;
  @ApiProperty({ example: '2026Q4', description: "The table's version (quarter) as CMS labels it" }) @IsString() @MinLength(1) @MaxLength(50) version: string;
  @ApiProperty({ enum: CODE_TABLE_FORMATS, required: false, description: 'Delimiter; guessed from the text when absent' }) @IsOptional() @IsIn(CODE_TABLE_FORMATS) format?: 'tab' | 'csv';
  @ApiProperty({ example: 'Column 1\tColumn 2\t*\tEffective Date\tDeletion Date\tModifier\n99999\t99998\t\t20260101\t*\t0\n', description: "The file's text (header and notice lines are skipped)" })
  @IsString() @MinLength(1) content: string;
  @ApiProperty({ required: false, default: false, description: "Add these rows to the current import of the same source and version instead of replacing it: a CMS file larger than one request's 1 MB is sent in parts, the first without append" })
  @IsOptional() @IsBoolean() append?: boolean;
}

export class CodeTableImportDto {
  @ApiProperty({ enum: ['code-pairs', 'mue'] }) table: 'code-pairs' | 'mue';
  @ApiProperty() importId: string;
  @ApiProperty() source: string;
  @ApiProperty() version: string;
  @ApiProperty({ description: 'Rows imported' }) rows: number;
  @ApiProperty({ description: 'Header and notice lines skipped (blank lines are not counted)' }) skipped: number;
  @ApiProperty() importedBy: string;
  @ApiProperty() importedAt: string;
}

export class CodeTableSummaryDto {
  @ApiProperty() rows: number;
  @ApiProperty({ type: [String], description: 'Where the rows come from (the synthetic table shipped with the code, imports)' }) sources: string[];
  @ApiProperty({ type: [String] }) versions: string[];
}

export class ScrubTablesDto {
  @ApiProperty({ example: '2026.12.1' }) ruleSetVersion: string;
  @ApiProperty({ type: CodeTableSummaryDto }) codePairs: CodeTableSummaryDto;
  @ApiProperty({ type: CodeTableSummaryDto }) mue: CodeTableSummaryDto;
  @ApiProperty({ type: CodeTableSummaryDto, description: 'Excludes1 pairs read from the provisioned ICD-10-CM tabular list' }) excludes1: CodeTableSummaryDto;
  @ApiProperty({ description: 'The ICD-10-CM release loaded (version and date)' }) icd10cm: string;
}

export class CreateScrubOverrideRequest {
  @ApiProperty({ example: 'claim-2026-0001' }) @IsString() @MinLength(1) @MaxLength(100) claimId: string;
  @ApiProperty({ example: 'CF-TFL-001' }) @Matches(/^CF-[A-Z0-9]+-\d{3}$/, { message: 'ruleId must be a scrubber rule id such as CF-TFL-001' }) ruleId: string;
  @ApiProperty({ example: 'p-1', description: "The claim's patient: the event is keyed by it and the audit trail names it" }) @IsString() @MinLength(1) @MaxLength(100) patientId: string;
  @ApiProperty({ example: 'site-downtown', description: "The claim's billing site; the caller must work there" }) @IsString() @MinLength(1) @MaxLength(80) siteId: string;
  @ApiProperty({ example: 'Payer granted a timely-filing exception by phone, ref 55-1234', description: 'Why (at least 10 characters)' })
  @IsString() @MinLength(10, { message: 'note must say why in at least 10 characters' }) @MaxLength(2000) note: string;
}

export class ScrubOverrideDto {
  @ApiProperty() id: string;
  @ApiProperty() claimId: string;
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty() ruleSetVersion: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty() note: string;
  @ApiProperty() by: string;
  @ApiProperty() at: string;
}
