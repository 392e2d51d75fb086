/*
 * The scrubber's own view of a claim about to be sent: plain data, no database ids beyond what the
 * rules compare, no behaviour. The claim flow maps its encounter, coverage and payer into this
 * shape and calls ScrubberService.scrub() before building the 837P; POST /scrubber/check takes it
 * as its body (ScrubClaimRequest in libs/contracts validates the JSON shape).
 *
 * Fields the 837P needs are optional HERE on purpose: a missing one is a finding of CF-REQ-001 /
 * CF-REQ-002 that says where to fill it in, not a type error or a 400.
 */
import type { ScrubClaimRequest } from '@clinic-flow/contracts';

/** CLM05-3: 1 original, 7 replacement of an earlier claim, 8 void of an earlier claim. */
export type ClaimFrequency = '1' | '7' | '8';

export interface ScrubClaim {
  /** Our claim id (CLM01); overrides are recorded against it. */
  claimId: string;
  frequency: ClaimFrequency;
  /** For frequency 7 / 8: the claim replaced or voided. */
  originalClaimId?: string;
  /** The billing site. */
  siteId?: string;
  /** Clinic Flow's patient id: the duplicate rule compares it; the audit trail names it. */
  patientId?: string;
  patient: {
    /** YYYY-MM-DD. */
    dateOfBirth?: string;
    sex?: 'F' | 'M' | 'U';
  };
  subscriber: {
    /** The member id on the insurance card (NM109 of loop 2010BA). */
    memberId?: string;
    relationship?: 'self' | 'spouse' | 'child' | 'other';
  };
  payer: {
    payerId?: string;
    /** Days after the date of service within which the payer accepts a claim. */
    timelyFilingDays?: number;
    /** Procedure codes this payer (and plan) needs a prior authorization for. */
    priorAuthorizationCodes?: string[];
    /** The payer's member id pattern (a regular expression), when it publishes one. */
    memberIdPattern?: string;
  };
  billingProvider: {
    /** Type 2 (organisation) NPI of the billing provider, loop 2010AA. */
    npi?: string;
    /** EIN, 9 digits (REF*EI). */
    taxId?: string;
  };
  /** Type 1 NPI of the rendering provider, loop 2310B. */
  renderingProviderNpi?: string;
  /** YYYY-MM-DD; the lines' own dates fall back to it. */
  serviceDateFrom?: string;
  serviceDateTo?: string;
  /** CMS place of service code, two digits (11 office, 02 telehealth...). */
  placeOfService?: string;
  /** REF*G1 when the payer authorized the service. */
  priorAuthorizationNumber?: string;
  /** ICD-10-CM codes in order: the first is the principal diagnosis (HI*ABK), pointers 1..n refer to them. */
  diagnoses: string[];
  lines: ScrubLine[];
  /** CLM02, integer cents. */
  totalChargeCents: number;
  /** The day the claim is (to be) sent, YYYY-MM-DD: timely filing counts to it. */
  submissionDate: string;
  /**
   * The duplicate rule's context: keys of earlier claims of this patient (and payer) the caller
   * knows of, given as data so the rules stay pure.
   */
  earlierClaims?: EarlierClaimKey[];
}

export interface ScrubLine {
  /** The line id sent in REF*6R so a remittance line matches exactly. */
  lineId?: string;
  /** HCPCS Level II or CPT code (SV101-2). */
  procedureCode?: string;
  /** Two-character modifiers, in order (SV101-3..6). */
  modifiers?: string[];
  /** Units of service (SV104): a positive integer. */
  units?: number;
  /** SV102, integer cents, above zero. */
  chargeCents?: number;
  /** 1-based pointers into `diagnoses` (SV107), at most 4, the first the line's primary. */
  diagnosisPointers?: number[];
  /** YYYY-MM-DD (DTP*472); the claim's serviceDateFrom when absent. */
  serviceDate?: string;
}

/** One service line of an earlier claim, as the duplicate rule compares it. */
export interface EarlierClaimKey {
  claimId: string;
  patientId?: string;
  serviceDate: string;
  procedureCode: string;
  modifiers?: string[];
  payerId?: string;
  frequency: ClaimFrequency;
  /** A void (frequency 8) was sent for it: it no longer counts. */
  voided?: boolean;
}

/** The date of service of a line: its own, else the claim's. */
export const lineServiceDate = (claim: ScrubClaim, line: ScrubLine): string | undefined => line.serviceDate ?? claim.serviceDateFrom;

// The HTTP body (contracts) must stay assignable to this type: a field added to one and not the other fails the typecheck.
type Assignable<T extends ScrubClaim> = T;
export type ScrubClaimFromRequest = Assignable<ScrubClaimRequest>;
