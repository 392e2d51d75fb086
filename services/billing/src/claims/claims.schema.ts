import { Schema } from 'mongoose';
import type { ClaimLifecycleStatus, ClaimOrder, DenialOutcome } from '@clinic-flow/contracts';
import type { AggregateRoot } from '@clinic-flow/messaging';
import type { ClaimSubscriber, ProfessionalClaim } from '@clinic-flow/x12';

/** A line of the claim as billing tracks it (line id = REF*6R, what the 835 echoes). */
export interface ClaimLineRecord {
  lineId: string;
  procedureCode: string;
  modifiers: string[];
  units: number;
  chargeCents: number;
  serviceDate: string;
  /** What the payer paid on it (835 SVC03), once adjudicated. */
  paidCents?: number;
}

/** A denied line, in the denials work queue until a person works it. */
export interface DenialRecord {
  id: string;
  lineId: string;
  procedureCode: string;
  chargeCents: number;
  /** The adjustment group (CO, OA, PI) and CARC, explained. */
  group: string;
  reason: string;
  reasonText: string;
  amountCents: number;
  remarks: Array<{ code: string; text: string }>;
  remittanceId: string;
  deniedAt: Date;
  open: boolean;
  /** How a person worked it off the queue (closed), with their note. */
  outcome?: DenialOutcome;
  note?: string;
  workedBy?: string;
  workedAt?: Date;
  /** A write-off's ledger posting. */
  postingId?: string;
}

/** One 835 posting on the claim. */
export interface ClaimAdjudication {
  remittanceId: string;
  /** CLP02: 1 primary, 2 secondary, 3 tertiary, 4 denied, 22 reversal... */
  clpStatus: string;
  paidCents: number;
  patientResponsibilityCents: number;
  contractualCents: number;
  deniedCents: number;
  postingId?: string;
  postedAt: Date;
}

/** The secondary coverage known when the primary was made: a job makes the secondary claim from it (there is no service identity to ask insurance). */
export interface SecondaryTargetRecord {
  coverageId: string;
  payerId: string;
  payerName: string;
  ediPayerId: string;
  subscriber: ClaimSubscriber;
}

/**
 * A claim (one per encounter and payer order; _id = CLM01, the patient control number the 277CA
 * and 835 echo). The 837 content (names, diagnoses, lines) is sealed; ids, status, payer and amounts
 * stay clear for the work lists.
 */
export interface ClaimRecord extends AggregateRoot {
  patientId: string;
  siteId: string;
  encounterId: string;
  accountId: string;
  coverageId: string;
  payerId: string;
  payerName: string;
  order: ClaimOrder;
  frequency: '1' | '7' | '8';
  primaryClaimId?: string;
  secondaryClaimId?: string;
  /** A void (8) or replacement (7): the claim it corrects (whose REF*F8 it carries). */
  originalClaimId?: string;
  /** The void or replacement made of this claim. */
  correctedByClaimId?: string;
  status: ClaimLifecycleStatus;
  dateOfService: string;
  totalChargeCents: number;
  /** A secondary claim: what the primary left to the patient, billed to the secondary payer (cents). */
  billedCents?: number;
  /** Sealed: what the 837P says. */
  claim: ProfessionalClaim;
  /** Sealed: procedure codes are clinical. */
  lines: ClaimLineRecord[];
  /** Sealed: names the secondary subscriber. */
  secondary?: SecondaryTargetRecord;
  scrub: { ruleSetVersion: string; status: string; findingCount: number; checkedAt: Date };
  interchangeControlNumber?: string;
  transactionControlNumber?: string;
  submitAttempts: number;
  submittedAt?: Date;
  lastSubmitError?: string;
  payerClaimControlNumber?: string;
  /** Why the 999 or 277CA rejected it (explained). */
  rejection?: { source: '999' | '277CA'; reasons: string[]; at: Date };
  adjudications: ClaimAdjudication[];
  /** Sealed: lines and codes. */
  denials: DenialRecord[];
  openDenials: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export const ClaimSchema = new Schema<ClaimRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    encounterId: { type: String, required: true },
    accountId: { type: String, required: true },
    coverageId: { type: String, required: true },
    payerId: { type: String, required: true },
    payerName: { type: String, required: true },
    order: { type: String, required: true },
    frequency: { type: String, required: true },
    primaryClaimId: String,
    secondaryClaimId: String,
    originalClaimId: String,
    correctedByClaimId: String,
    status: { type: String, required: true },
    dateOfService: { type: String, required: true },
    totalChargeCents: { type: Number, required: true },
    billedCents: Number,
    claim: Schema.Types.Mixed,
    lines: { type: Schema.Types.Mixed, default: [] },
    secondary: Schema.Types.Mixed,
    scrub: Schema.Types.Mixed,
    interchangeControlNumber: String,
    transactionControlNumber: String,
    submitAttempts: { type: Number, default: 0 },
    submittedAt: Date,
    lastSubmitError: String,
    payerClaimControlNumber: String,
    rejection: Schema.Types.Mixed,
    adjudications: { type: Schema.Types.Mixed, default: [] },
    denials: { type: Schema.Types.Mixed, default: [] },
    openDenials: { type: Number, default: 0 },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/** An 835 as billing received it: posted once per payer and trace number, or refused whole. */
export interface RemittanceRecord extends AggregateRoot {
  payerId: string;
  payerName: string;
  traceNumber: string;
  source: 'clearinghouse' | 'upload';
  status: 'posted' | 'refused';
  reason: string;
  problems: Array<{ level: string; claimId?: string; lineId?: string; message: string; differenceCents: number }>;
  paymentCents: number;
  method: string;
  paymentDate: string;
  claims: Array<{ claimId: string; clpStatus: string; paidCents: number; matched: boolean; note?: string }>;
  /** PLB: provider-level adjustments (interest, recoveries), on the remittance, never on a patient's ledger. */
  providerAdjustments: Array<{ reason: string; reference?: string; amountCents: number }>;
  interchangeControlNumber?: string;
  receivedBy: string;
  receivedAt: Date;
}

export const RemittanceSchema = new Schema<RemittanceRecord>(
  {
    _id: String,
    payerId: { type: String, required: true },
    payerName: String,
    traceNumber: { type: String, required: true },
    source: { type: String, required: true },
    status: { type: String, required: true },
    reason: String,
    problems: { type: Schema.Types.Mixed, default: [] },
    paymentCents: Number,
    method: String,
    paymentDate: String,
    claims: { type: Schema.Types.Mixed, default: [] },
    providerAdjustments: { type: Schema.Types.Mixed, default: [] },
    interchangeControlNumber: String,
    receivedBy: String,
    receivedAt: Date,
  },
  { versionKey: false },
);

/** Where billing is in the clearinghouse's report queue. */
export interface ReportCursorRecord {
  _id: string;
  cursor: number;
  updatedAt: Date;
}
export const ReportCursorSchema = new Schema<ReportCursorRecord>({ _id: String, cursor: Number, updatedAt: Date }, { versionKey: false });
