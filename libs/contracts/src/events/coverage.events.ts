import { IsIn, IsOptional, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Patients' insurance coverages and their eligibility checks, owned by the insurance service.
 * Subject (Kafka key) = the patient id, so one patient's coverage events stay in order. Minimal:
 * ids, payer, plan, order and dates; never names, dates of birth, member or group numbers, and no
 * benefit amounts (a consumer that needs them reads the check through the API, audited).
 */

/** Coordination of benefits: which coverage pays first, second, third. */
export const COVERAGE_ORDERS = ['primary', 'secondary', 'tertiary'] as const;
export type CoverageOrder = (typeof COVERAGE_ORDERS)[number];

/** The result of an eligibility check, as the desk sees it. */
export const ELIGIBILITY_STATUSES = ['active', 'inactive', 'needs-attention', 'payer-unavailable'] as const;
export type EligibilityStatus = (typeof ELIGIBILITY_STATUSES)[number];

export class CoverageData {
  @IsString() coverageId: string;
  @IsString() patientId: string;
  @IsString() payerId: string;
  @IsString() planId: string;
  @IsIn(COVERAGE_ORDERS) order: CoverageOrder;
  @IsString() effectiveDate: string;
  @IsOptional() @IsString() terminationDate?: string;
  /** Who made the change (a user id, or service:<reason>). */
  @IsString() changedBy: string;
}

export class CoverageChangedData extends CoverageData {
  /** Names of the fields that changed (sealed ones by name only). */
  @IsString({ each: true }) changedFields: string[];
}

export const CoverageAddedV1 = defineEvent({
  type: 'coverage.added',
  version: 1,
  topic: Topics.coverages,
  producer: 'insurance',
  description: "A coverage (payer, plan, coordination-of-benefits order, dates) was added to a patient's insurance.",
  data: CoverageData,
});

export const CoverageChangedV1 = defineEvent({
  type: 'coverage.changed',
  version: 1,
  topic: Topics.coverages,
  producer: 'insurance',
  description: "A patient's coverage changed (plan, order, dates, subscriber, member or group number, card images).",
  data: CoverageChangedData,
});

export const CoverageTerminatedV1 = defineEvent({
  type: 'coverage.terminated',
  version: 1,
  topic: Topics.coverages,
  producer: 'insurance',
  description: "A patient's coverage was given a termination date (it ends then).",
  data: CoverageChangedData,
});

export class EligibilityCheckedData {
  @IsString() checkId: string;
  @IsString() coverageId: string;
  @IsString() patientId: string;
  @IsString() payerId: string;
  @IsString() dateOfService: string;
  @IsIn(ELIGIBILITY_STATUSES) status: EligibilityStatus;
  /** Why, for needs-attention and payer-unavailable (a code, never payer text). */
  @IsOptional() @IsString() reason?: string;
  /** on-demand (later: booking, nightly). */
  @IsString() trigger: string;
}

export const EligibilityCheckedV1 = defineEvent({
  type: 'eligibility.checked',
  version: 1,
  topic: Topics.coverages,
  producer: 'insurance',
  description: "A coverage's eligibility was checked with the payer (X12 270/271) for a date of service: active, inactive, needs attention or payer unavailable.",
  data: EligibilityCheckedData,
});
