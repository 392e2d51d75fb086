import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Prior authorizations and what each booked visit needs, owned by the insurance service.
 * Subject (Kafka key) = the patient id (one patient's authorizations and visits stay in order).
 * Minimal: ids, codes, counts and dates; never names or clinical notes.
 */

/** An authorization's life: pending with the payer, approved (number, units, dates), denied, expired (past its end date or units used up). */
export const AUTHORIZATION_STATUSES = ['pending', 'approved', 'denied', 'expired'] as const;
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];

/** What a visit needs from its primary payer's rules. */
export const VISIT_REQUIREMENTS = ['none', 'referral', 'authorization'] as const;
export type VisitRequirement = (typeof VISIT_REQUIREMENTS)[number];

/** Whether the visit has what it needs: not needed, covered by a valid authorization, pending with the payer, missing, or not known (no coverage data yet). */
export const VISIT_AUTHORIZATION_STATES = ['not-required', 'covered', 'pending', 'missing', 'unknown'] as const;
export type VisitAuthorizationState = (typeof VISIT_AUTHORIZATION_STATES)[number];

export class AuthorizationData {
  @IsString() authorizationId: string;
  @IsString() patientId: string;
  @IsString() coverageId: string;
  @IsString() payerId: string;
  @IsString() siteId: string;
  @IsIn(AUTHORIZATION_STATUSES) status: AuthorizationStatus;
  /** The payer's authorization number (HCR03 of a 278 response), once approved. */
  @IsOptional() @IsString() authorizationNumber?: string;
  @IsOptional() @IsInt() @Min(0) approvedUnits?: number;
  @IsOptional() @IsInt() @Min(0) usedUnits?: number;
  @IsOptional() @IsString() validFrom?: string;
  @IsOptional() @IsString() validTo?: string;
  /** Why (a code: the payer's HCR02 action / HCR03 reason, or EXPIRED / UNITS_USED), never payer text. */
  @IsOptional() @IsString() reason?: string;
  /** Who made the change (a user id, or service:<reason>). */
  @IsString() changedBy: string;
}

export const AuthorizationRequestedV1 = defineEvent({
  type: 'authorization.requested',
  version: 1,
  topic: Topics.authorizations,
  producer: 'insurance',
  description: 'A prior authorization was requested from the payer (X12 278); it is pending until the payer decides.',
  data: AuthorizationData,
});

export const AuthorizationDecidedV1 = defineEvent({
  type: 'authorization.decided',
  version: 1,
  topic: Topics.authorizations,
  producer: 'insurance',
  description: 'The payer approved (number, units, dates) or denied a prior authorization, or pended it again.',
  data: AuthorizationData,
});

export const AuthorizationExpiredV1 = defineEvent({
  type: 'authorization.expired',
  version: 1,
  topic: Topics.authorizations,
  producer: 'insurance',
  description: 'An approved authorization ended: past its last date, or every approved unit used.',
  data: AuthorizationData,
});

export class AuthorizationUnitsData extends AuthorizationData {
  /** The visit that used (or gave back, negative) units. */
  @IsString() appointmentId: string;
  @IsInt() units: number;
}

export const AuthorizationUnitsUsedV1 = defineEvent({
  type: 'authorization.units-used',
  version: 1,
  topic: Topics.authorizations,
  producer: 'insurance',
  description: "A visit used units of an approved authorization (negative units: a visit's units given back).",
  data: AuthorizationUnitsData,
});

export class VisitAuthorizationData {
  @IsString() appointmentId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsIn(VISIT_REQUIREMENTS) requirement: VisitRequirement;
  @IsIn(VISIT_AUTHORIZATION_STATES) state: VisitAuthorizationState;
  /** The authorization that covers the visit, when one does. */
  @IsOptional() @IsString() authorizationId?: string;
  /** Whether the payer blocks booking without it (per-payer setting); otherwise the desk is only warned. */
  @IsBoolean() blocking: boolean;
}

export const VisitAuthorizationAssessedV1 = defineEvent({
  type: 'visit-authorization.assessed',
  version: 1,
  topic: Topics.authorizations,
  producer: 'insurance',
  description: "What a booked visit needs from its primary payer (referral, authorization or nothing) and whether it has it; the day view flags it.",
  data: VisitAuthorizationData,
});
