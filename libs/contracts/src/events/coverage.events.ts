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

/** What started a check: a person asking, a booking (visits within 30 days), the nightly batch, or a retry of one of these. */
export const ELIGIBILITY_TRIGGERS = ['on-demand', 'booking', 'nightly', 'retry'] as const;
export type EligibilityTrigger = (typeof ELIGIBILITY_TRIGGERS)[number];

/** What a 271 can say differently from the coverage's previous answer (the event never carries amounts). */
export const ELIGIBILITY_CHANGE_KINDS = ['status', 'plan', 'terminated', 'deductible-met', 'deductible-remaining', 'copay', 'coinsurance', 'authorization-required'] as const;
export type EligibilityChangeKind = (typeof ELIGIBILITY_CHANGE_KINDS)[number];

export class EligibilityCheckedData {
  @IsString() checkId: string;
  @IsString() coverageId: string;
  @IsString() patientId: string;
  @IsString() payerId: string;
  @IsString() dateOfService: string;
  @IsIn(ELIGIBILITY_STATUSES) status: EligibilityStatus;
  /** Why, for needs-attention and payer-unavailable (a code, never payer text). */
  @IsOptional() @IsString() reason?: string;
  /** One of ELIGIBILITY_TRIGGERS (a string, so a later trigger does not break older consumers). */
  @IsString() trigger: string;
  /** The visit the check was for (booking, nightly and visit-bound on-demand checks): the day view shows its status. */
  @IsOptional() @IsString() appointmentId?: string;
  /** The visit's site, when the check was for a visit. */
  @IsOptional() @IsString() siteId?: string;
  /** The coverage's coordination-of-benefits order when checked (the day view shows the primary's). */
  @IsOptional() @IsIn(COVERAGE_ORDERS) order?: CoverageOrder;
}

export const EligibilityCheckedV1 = defineEvent({
  type: 'eligibility.checked',
  version: 1,
  topic: Topics.coverages,
  producer: 'insurance',
  description: "A coverage's eligibility was checked with the payer (X12 270/271) for a date of service: active, inactive, needs attention or payer unavailable.",
  data: EligibilityCheckedData,
});

export class EligibilityChangedData {
  /** The check that saw the change, and the coverage's previous completed check it was compared with. */
  @IsString() checkId: string;
  @IsString() previousCheckId: string;
  @IsString() coverageId: string;
  @IsString() patientId: string;
  @IsString() payerId: string;
  @IsString() dateOfService: string;
  @IsIn(ELIGIBILITY_STATUSES) status: EligibilityStatus;
  @IsIn(ELIGIBILITY_STATUSES) previousStatus: EligibilityStatus;
  /** Kinds of change (ELIGIBILITY_CHANGE_KINDS); amounts are read from the check through the API. */
  @IsString({ each: true }) changes: string[];
  @IsOptional() @IsString() appointmentId?: string;
  @IsOptional() @IsString() siteId?: string;
}

export const EligibilityChangedV1 = defineEvent({
  type: 'eligibility.changed',
  version: 1,
  topic: Topics.coverages,
  producer: 'insurance',
  description: "A 271 answered differently from the coverage's previous one (terminated, inactive, plan changed, deductible met...): the front desk gets a task.",
  data: EligibilityChangedData,
});
