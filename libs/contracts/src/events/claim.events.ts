import { IsIn, IsInt, IsOptional, IsString } from 'class-validator';
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
