import { IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, Matches } from 'class-validator';
import { ISO_DATE } from '../common';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Claims (837P) and what payers say about them, owned by billing. Subject (Kafka key) = the patient
 * id, like encounters and the scrubber's overrides, so one patient's claims stay in order. Ids,
 * status, payer and amounts only: never diagnoses, procedure codes or the patient's name.
 */

export const CLAIM_STATUSES = ['ready-to-submit', 'submitted', 'accepted', 'rejected', 'paid', 'partially-paid', 'denied', 'reversed'] as const;
export type ClaimLifecycleStatus = (typeof CLAIM_STATUSES)[number];
export const CLAIM_ORDERS = ['primary', 'secondary'] as const;
export type ClaimOrder = (typeof CLAIM_ORDERS)[number];

export class ClaimData {
  @IsString() claimId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsString() encounterId: string;
  @IsString() payerId: string;
  @IsIn(CLAIM_ORDERS) order: ClaimOrder;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  @IsIn(['1', '7', '8']) frequency: '1' | '7' | '8';
  @IsIn(CLAIM_STATUSES) status: ClaimLifecycleStatus;
  /** CLM02, integer cents. */
  @IsInt() totalChargeCents: number;
  /** The claim this one follows (a secondary's primary). */
  @IsOptional() @IsString() primaryClaimId?: string;
  /** A void (frequency 8) or replacement (7): the claim it corrects. Added without a version bump: optional. */
  @IsOptional() @IsString() originalClaimId?: string;
  /** ISA13 / ST02 of the 837 that carried it, once sent. */
  @IsOptional() @IsString() interchangeControlNumber?: string;
  @IsOptional() @IsString() transactionControlNumber?: string;
  /** The payer's claim control number (277CA REF*1K or 835 CLP07). */
  @IsOptional() @IsString() payerClaimControlNumber?: string;
  /** Why it was rejected (999 or 277CA statuses, explained). */
  @IsOptional() @IsString() reason?: string;
  /** What the payer paid (835), integer cents. */
  @IsOptional() @IsInt() paidCents?: number;
  /** Left to the patient by this payer (835 PR groups), integer cents. */
  @IsOptional() @IsInt() patientResponsibilityCents?: number;
  /** When the claim was last sent (the 837 the 999 answered), once sent. Added without a version bump: optional. */
  @IsOptional() @IsDateString({ strict: true }) submittedAt?: string;
  /** Adjudicated: the 835's payment date (BPR16, the check or EFT date). Added without a version bump: optional. */
  @IsOptional() @Matches(ISO_DATE) paymentDate?: string;
  /** Adjudicated: the denied amount (lines the payer refused), integer cents. Added without a version bump: optional. */
  @IsOptional() @IsInt() deniedCents?: number;
  /** Adjudicated: the 835's adjustment group and CARC of each adjustment, claim and lines (`CO-45`, `PR-1`), each once. Added without a version bump: optional. */
  @IsOptional() @IsArray() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,5}$/, { each: true }) adjustmentReasons?: string[];
  /** Adjudicated: the lines' remittance advice remark codes (RARC, LQ*HE, e.g. `N130`), each once. Added without a version bump: optional. */
  @IsOptional() @IsArray() @Matches(/^[A-Z0-9]{1,6}$/, { each: true }) remarkCodes?: string[];
  /** Who or what made the change (a user id, or service:<flow>). */
  @IsString() changedBy: string;
}

export const ClaimCreatedV1 = defineEvent({
  type: 'claim.created', version: 1, topic: Topics.claims, producer: 'billing',
  description: "A claim was made from a ready encounter (scrubbed, its charges posted to the guarantor's ledger, insurance's part): ready to submit.",
  data: ClaimData,
});

export const ClaimSubmittedV1 = defineEvent({
  type: 'claim.submitted', version: 1, topic: Topics.claims, producer: 'billing',
  description: 'The claim went to the clearinghouse in an 837P and its 999 accepted it (status submitted), or the 999 rejected it (status rejected, with the reason).',
  data: ClaimData,
});

export const ClaimAcknowledgedV1 = defineEvent({
  type: 'claim.acknowledged', version: 1, topic: Topics.claims, producer: 'billing',
  description: "The payer's 277CA: accepted into adjudication (with the payer's claim control number) or rejected (with the statuses explained).",
  data: ClaimData,
});

export const ClaimAdjudicatedV1 = defineEvent({
  type: 'claim.adjudicated', version: 1, topic: Topics.claims, producer: 'billing',
  description: 'An 835 adjudicated the claim and it was posted: paid, partially paid (patient responsibility or denied lines), denied, or reversed.',
  data: ClaimData,
});

/** How a person worked a denied line off the work queue. */
export const DENIAL_OUTCOMES = ['appealed', 'written-off', 'corrected'] as const;
export type DenialOutcome = (typeof DENIAL_OUTCOMES)[number];

export class ClaimDenialWorkedData {
  @IsString() claimId: string;
  @IsString() denialId: string;
  @IsString() patientId: string;
  @IsString() siteId: string;
  @IsString() payerId: string;
  /** appealed: still billed to the payer; written-off: a `denial` write-off posted; corrected: the claim's replacement or void answers it. */
  @IsIn(DENIAL_OUTCOMES) outcome: DenialOutcome;
  /** The adjustment group (CO, OA, PI) and CARC of the denial. */
  @IsString() group: string;
  @IsString() reason: string;
  /** The denied amount, integer cents. */
  @IsInt() amountCents: number;
  /** The ledger posting of a write-off. */
  @IsOptional() @IsString() postingId?: string;
  /** The void or replacement of a corrected claim. */
  @IsOptional() @IsString() correctedByClaimId?: string;
  @IsString() changedBy: string;
}

export const ClaimDenialWorkedV1 = defineEvent({
  type: 'claim.denial-worked', version: 1, topic: Topics.claims, producer: 'billing',
  description: "A denied line left the denials work queue: appealed, written off (a `denial` write-off on the guarantor's ledger) or corrected (the claim replaced or voided), with a note kept on the claim (not in the event).",
  data: ClaimDenialWorkedData,
});
