import { IsArray, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Billing's fee schedule: reference data, no patient data. Subject (Kafka key) = the procedure code
 * for code-set changes, the site id for a site's schedule. Consumers (estimates, the scrubber)
 * re-read the schedule over HTTP; the events say what changed and where.
 */

/** Codes were loaded into the network-wide procedure-code store (a licensed CPT file, or placeholders). */
export class ProcedureCodesImportedData {
  @IsString() importId: string;
  @IsIn(['CPT']) system: 'CPT';
  @IsInt() added: number;
  @IsInt() updated: number;
  @IsInt() unchanged: number;
  /** Codes that are placeholders (not real CPT codes), counted apart. */
  @IsInt() placeholders: number;
  /** The licence or file the codes came from, as the importer gave it. */
  @IsString() source: string;
  @IsString() changedBy: string;
}

/** What part of a site's fee schedule changed. */
export const FEE_SCHEDULE_PARTS = ['fee', 'allowed-amount', 'charge-lines'] as const;
export type FeeSchedulePart = (typeof FEE_SCHEDULE_PARTS)[number];

export class FeeScheduleChangedData {
  @IsString() siteId: string;
  @IsIn(FEE_SCHEDULE_PARTS) part: FeeSchedulePart;
  /** The procedure codes touched (fees and allowed amounts), or those of the appointment type's lines. */
  @IsArray() @IsString({ each: true }) codes: string[];
  @IsOptional() @IsString() payerId?: string;
  @IsOptional() @IsString() appointmentTypeId?: string;
  @IsOptional() @IsString() effectiveFrom?: string;
  @IsString() changedBy: string;
}

export const ProcedureCodesImportedV1 = defineEvent({
  type: 'procedure-codes.imported',
  version: 1,
  topic: Topics.feeSchedule,
  producer: 'billing',
  description: 'A file of procedure codes (CPT from a licensed file, or placeholders) was loaded into the network-wide procedure-code store.',
  data: ProcedureCodesImportedData,
});

export const FeeScheduleChangedV1 = defineEvent({
  type: 'fee-schedule.changed',
  version: 1,
  topic: Topics.feeSchedule,
  producer: 'billing',
  description: "A site's fee schedule changed: a price (with its effective dates), a payer's allowed amount, or an appointment type's default charge lines.",
  data: FeeScheduleChangedData,
});
