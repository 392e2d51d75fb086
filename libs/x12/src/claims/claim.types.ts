/*
 * The typed shape of a professional claim (837P, 005010X222A1) and of what a payer says about it
 * (277CA 005010X214, 835 005010X221A1). Dates are ISO (YYYY-MM-DD), money is integer cents,
 * diagnoses are ICD-10-CM (with or without the dot; the dot is dropped on the wire).
 */

export const X222 = '005010X222A1';
export const X214 = '005010X214';
export const X221 = '005010X221A1';

/**
 * Placeholder procedure codes: 'X' and four digits (X9213, X7055). CPT is licensed, so demo data and
 * tests bill CPT-shaped stand-ins; HCPCS Level II uses no 'X' codes, so these can never be a real
 * code (the fee schedule, the simulator and the demo data share this convention).
 */
export const PLACEHOLDER_PROCEDURE_CODE = /^X\d{4}$/;

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  /** Two-letter state code. */
  state: string;
  /** 5 or 9 digits (the billing provider's must be 9). */
  postalCode: string;
}

/** An adjustment (CAS): group CO contractual obligation, PR patient responsibility, OA other, PI payer initiated (5010 has no CR: a reversal is CLP02 22 with negated amounts). */
export type AdjustmentGroup = 'CO' | 'PR' | 'OA' | 'PI';
export interface Adjustment {
  group: AdjustmentGroup;
  /** CARC (claim adjustment reason code): 1 deductible, 2 coinsurance, 3 copay, 45 over fee schedule... */
  reason: string;
  amountCents: number;
  quantity?: number;
}

/** SBR02/PAT01 individual relationship codes: 18 self, 01 spouse, 19 child, 20 employee, 21 unknown, 39 organ donor, 40 cadaver donor, 53 life partner, G8 other. */
export type Relationship = '18' | '01' | '19' | '20' | '21' | '39' | '40' | '53' | 'G8';

export interface ClaimSubscriber {
  /** SBR01: the payer of this claim is the primary (P), secondary (S) or tertiary (T). */
  payerResponsibility: 'P' | 'S' | 'T';
  /** SBR02: the patient's relationship to the subscriber; '18' when the subscriber is the patient. */
  relationship: Relationship;
  memberId: string;
  groupNumber?: string;
  /** SBR09: CI commercial, MB Medicare Part B, HM HMO, MC Medicaid, BL Blue Cross, 12 PPO... */
  claimFilingIndicator: string;
  lastName: string;
  firstName?: string;
  middleName?: string;
  /** DMG of 2010BA: required when the subscriber is the patient, not sent otherwise. */
  birthDate?: string;
  sex?: 'M' | 'F' | 'U';
  address: Address;
}

/** The patient when not the subscriber (2000C/2010CA); `relationship` is PAT01. */
export interface ClaimPatient {
  relationship: Exclude<Relationship, '18'>;
  lastName: string;
  firstName?: string;
  middleName?: string;
  birthDate: string;
  sex: 'M' | 'F' | 'U';
  address: Address;
}

export interface BillingProvider {
  organizationName: string;
  npi: string;
  /** Employer identification number (REF*EI), 9 digits. */
  taxId: string;
  address: Address;
  /** Provider taxonomy code (PRV*BI). */
  taxonomy?: string;
}

export interface RenderingProvider {
  npi: string;
  lastName: string;
  firstName?: string;
  taxonomy?: string;
}

/** A prior payer's adjudication of one line (2430). */
export interface LineAdjudication {
  /** SVD01: the prior payer's id, as in its 2330B NM109. */
  payerId: string;
  paidCents: number;
  procedureCode: string;
  modifiers?: string[];
  units: number;
  adjustments: Adjustment[];
  /** DTP*573: the date the prior payer adjudicated the line. */
  adjudicatedDate: string;
}

export interface ServiceLine {
  /** REF*6R line item control number: OUR line id, echoed in the 835 (remittances match on it). At most 50 characters. */
  lineId: string;
  procedureCode: string;
  modifiers?: string[];
  chargeCents: number;
  units: number;
  /** SV105, only when it differs from the claim's. */
  placeOfService?: string;
  /** 1-based pointers into the claim's diagnoses, 1 to 4 of them. */
  diagnosisPointers: number[];
  serviceDate: string;
  /** The prior payers' adjudication of this line (secondary claims). */
  adjudications?: LineAdjudication[];
}

/** Another payer of the claim (2320/2330A/2330B): on a secondary claim, the primary with its adjudication. */
export interface OtherPayer {
  /** SBR01 of the other payer. */
  payerResponsibility: 'P' | 'S' | 'T';
  /** SBR02: the patient's relationship to that payer's subscriber. */
  relationship: Relationship;
  claimFilingIndicator: string;
  groupNumber?: string;
  subscriber: { memberId: string; lastName: string; firstName?: string };
  payer: { name: string; id: string };
  /** AMT*D: what that payer paid on the claim (when it adjudicated it). */
  paidCents?: number;
  /** Claim-level CAS of that payer. */
  adjustments: Adjustment[];
  /** DTP*573 in 2330B: the date that payer adjudicated the claim. */
  adjudicatedDate?: string;
}

export interface ProfessionalClaim {
  /** CLM01: our claim id (patient control number), at most 20 characters (the guide's receivers keep 20). */
  claimId: string;
  billingProvider: BillingProvider;
  /** Pay-to address (2010AB) when payments go elsewhere. */
  payToAddress?: Address;
  subscriber: ClaimSubscriber;
  patient?: ClaimPatient;
  payer: { name: string; id: string; address?: Address };
  totalChargeCents: number;
  /** CLM05-1: two-digit place of service (11 office, 02 telehealth...). */
  placeOfService: string;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  frequency: '1' | '7' | '8';
  /** REF*F8: the payer's claim control number of the claim replaced or voided (required for 7 and 8). */
  payerClaimControlNumber?: string;
  /** REF*G1: prior authorization number. */
  priorAuthorization?: string;
  /** ICD-10-CM, the first one principal (HI ABK), the others HI ABF; at most 12. */
  diagnoses: string[];
  renderingProvider?: RenderingProvider;
  lines: ServiceLine[];
  /** 2320 loops: the other payers (on a secondary claim, the primary and its adjudication). */
  otherPayers?: OtherPayer[];
}

/** Who sends and receives the 837 (1000A submitter, 1000B receiver). */
export interface ClaimSubmission {
  submitter: { name: string; id: string; contactName: string; phone: string };
  receiver: { name: string; id: string };
  /** BHT03 reference (defaults to the first claim id); BHT04/05 from `at`. */
  referenceId?: string;
  at?: Date;
}
