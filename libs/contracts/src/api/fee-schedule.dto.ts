import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { ISO_DATE } from '../common';
import { SLUG } from './directory.dto';

/** A procedure code as typed: five letters or digits (HCPCS Level II, CPT, or an X#### placeholder). */
export const PROCEDURE_CODE_5 = /^[A-Za-z0-9]{5}$/;
/** A modifier as typed: two letters or digits. */
export const MODIFIER_2 = /^[A-Za-z0-9]{2}$/;
/** The most a single price may be: $100,000.00. */
export const MAX_PRICE_CENTS = 10_000_000;

/** One code of billing's network-wide procedure-code store. */
export class ProcedureCodeDto {
  @ApiProperty({ example: 'G0439' }) code: string;
  @ApiProperty({ enum: ['HCPCS', 'CPT'] }) system: 'HCPCS' | 'CPT';
  @ApiProperty({ example: 'Annual wellness visit, subsequent, with a personalized prevention plan' }) description: string;
  @ApiProperty({ description: 'A stand-in for a licensed CPT code (X and four digits): never billed to a payer' }) placeholder: boolean;
  @ApiProperty({ required: false, example: '2011-01-01' }) effectiveFrom?: string;
  @ApiProperty({ required: false, example: '2017-12-31' }) effectiveTo?: string;
  @ApiProperty({ description: 'Where the code comes from: the shipped HCPCS subset, or an import (its source)' }) source: string;
}

export class ProcedureModifierDto {
  @ApiProperty({ example: '25' }) modifier: string;
  @ApiProperty() description: string;
}

/** What a CPT import loaded. */
export class CptImportResultDto {
  @ApiProperty() importId: string;
  @ApiProperty() added: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ description: 'How many of the codes are placeholders (X####), flagged placeholder: true' }) placeholders: number;
  @ApiProperty() source: string;
}

/** A site's price of a procedure code (optionally for one modifier) from a date. */
export class PutFeeRequest {
  @ApiProperty({ example: 'S9083' }) @Matches(PROCEDURE_CODE_5, { message: 'code must be a 5-character procedure code' }) code: string;
  @ApiProperty({ required: false, example: '25', description: 'A price that applies only when the line carries this modifier (e.g. 26, TC); absent: the base price' })
  @IsOptional()
  @Matches(MODIFIER_2, { message: 'modifier must be two letters or digits' })
  modifier?: string;
  @ApiProperty({ example: 17500, description: 'Our charge for one unit, in cents' }) @IsInt() @Min(0) @Max(MAX_PRICE_CENTS) chargeCents: number;
  @ApiProperty({ example: '2026-01-01', description: 'First day of service the price applies to' }) @Matches(ISO_DATE, { message: 'effectiveFrom must be YYYY-MM-DD' }) effectiveFrom: string;
  @ApiProperty({ required: false, example: '2026-12-31', description: 'Last day of service it applies to; absent: until a later price' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'effectiveTo must be YYYY-MM-DD' })
  effectiveTo?: string;
}

export class FeeDto extends PutFeeRequest {
  @ApiProperty({ enum: ['HCPCS', 'CPT'] }) system: 'HCPCS' | 'CPT';
  @ApiProperty() placeholder: boolean;
  @ApiProperty() description: string;
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}

/** A payer's contracted allowed amount for a code at a site, from a date. */
export class PutAllowedAmountRequest {
  @ApiProperty({ example: 'payer-acme', description: "An insurance payer id (GET /payers)" }) @Matches(SLUG, { message: 'payerId must be a payer id (lower-case letters, digits and dashes)' }) payerId: string;
  @ApiProperty({ example: 'S9083' }) @Matches(PROCEDURE_CODE_5, { message: 'code must be a 5-character procedure code' }) code: string;
  @ApiProperty({ required: false, example: '25' }) @IsOptional() @Matches(MODIFIER_2, { message: 'modifier must be two letters or digits' }) modifier?: string;
  @ApiProperty({ example: 12000, description: 'What the payer allows for one unit, in cents' }) @IsInt() @Min(0) @Max(MAX_PRICE_CENTS) allowedCents: number;
  @ApiProperty({ example: '2026-01-01' }) @Matches(ISO_DATE, { message: 'effectiveFrom must be YYYY-MM-DD' }) effectiveFrom: string;
  @ApiProperty({ required: false, example: '2026-12-31' }) @IsOptional() @Matches(ISO_DATE, { message: 'effectiveTo must be YYYY-MM-DD' }) effectiveTo?: string;
}

export class AllowedAmountDto extends PutAllowedAmountRequest {
  @ApiProperty() placeholder: boolean;
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}

/** One default line of an appointment type (what a draft encounter starts with). */
export class ChargeLineTemplateDto {
  @ApiProperty({ example: 'X9213' }) @Matches(PROCEDURE_CODE_5, { message: 'code must be a 5-character procedure code' }) code: string;
  @ApiProperty({ type: [String], example: [], required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(4)
  @Matches(MODIFIER_2, { each: true, message: 'modifiers must be two letters or digits each' })
  modifiers?: string[];
  @ApiProperty({ example: 1, minimum: 1 }) @IsInt() @Min(1) @Max(999) units: number;
}

export class PutChargeLinesRequest {
  @ApiProperty({ type: [ChargeLineTemplateDto] }) @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ChargeLineTemplateDto) lines: ChargeLineTemplateDto[];
}

export class AppointmentTypeChargeLinesDto {
  @ApiProperty({ example: 'follow-up' }) appointmentTypeId: string;
  @ApiProperty({ type: [ChargeLineTemplateDto] }) lines: ChargeLineTemplateDto[];
  @ApiProperty({ description: 'Some line is a placeholder code' }) placeholder: boolean;
  @ApiProperty() updatedBy: string;
  @ApiProperty() updatedAt: string;
}

export class FeeScheduleDto {
  @ApiProperty() siteId: string;
  @ApiProperty({ type: [FeeDto] }) fees: FeeDto[];
  @ApiProperty({ type: [AllowedAmountDto] }) allowedAmounts: AllowedAmountDto[];
  @ApiProperty({ type: [AppointmentTypeChargeLinesDto] }) chargeLines: AppointmentTypeChargeLinesDto[];
  @ApiProperty() version: number;
}

/** GET /fee-schedule/sites/{siteId}/quote: a code's price (and a payer's allowed amount) on a date. */
export class FeeQuoteDto {
  @ApiProperty() code: string;
  @ApiProperty({ required: false }) modifier?: string;
  @ApiProperty() date: string;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Charge for one unit in cents; null: no price on that date' }) chargeCents: number | null;
  @ApiProperty({ type: 'integer', nullable: true, required: false, description: "The payer's allowed amount for one unit; null: no contract for it on that date" }) allowedCents?: number | null;
  @ApiProperty() placeholder: boolean;
}

export class ProcedureCodeQuery {
  @ApiProperty({ required: false, description: 'Code prefix or words of the description' }) @IsOptional() @IsString() @MaxLength(100) q?: string;
}

/** A licensed CPT file (or placeholders): one code a line, code and short descriptor separated by a tab or a comma. */
export class CptImportRequest {
  @ApiProperty({ example: 'AMA CPT 2026 short descriptors, licence 12345', description: 'The licensed file the codes come from (kept with every code)' })
  @IsString()
  @MinLength(3)
  @MaxLength(200)
  source: string;

  @ApiProperty({
    example: 'code\tdescriptor\nX9213\tOffice visit, established, low (placeholder)\n',
    description: 'The file\'s text: a line per code, "code<TAB>descriptor" or "code,descriptor" (a descriptor with commas in quotes), optional 3rd and 4th columns effective from / to (YYYY-MM-DD); a header line is skipped. Up to 20,000 lines.',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(900_000)
  content: string;
}

export class FeeQuoteQuery {
  @ApiProperty({ example: 'S9083' }) @Matches(PROCEDURE_CODE_5, { message: 'procedureCode must be a 5-character procedure code' }) procedureCode: string;
  @ApiProperty({ example: '2026-12-02', description: 'The date of service' }) @Matches(ISO_DATE, { message: 'date must be YYYY-MM-DD' }) date: string;
  @ApiProperty({ required: false }) @IsOptional() @Matches(MODIFIER_2, { message: 'modifier must be two letters or digits' }) modifier?: string;
  @ApiProperty({ required: false, example: 'payer-acme' }) @IsOptional() @Matches(SLUG, { message: 'payerId must be a payer id' }) payerId?: string;
}

