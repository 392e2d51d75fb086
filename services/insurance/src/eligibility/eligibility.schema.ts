import { Schema } from 'mongoose';
import type { CoverageOrder, EligibilityStatus, EligibilityTrigger } from '@clinic-flow/contracts';
import type { AggregateRoot } from '@clinic-flow/messaging';

export interface EligibilityBenefitsRecord {
  planName?: string;
  insuranceType?: string;
  copayCents?: number;
  coinsurancePercent?: number;
  deductibleCents?: number;
  deductibleRemainingCents?: number;
  referralRequired: boolean;
  authorizationRequiredFor: string[];
  coverageEnds?: string;
}

/** One eligibility check of a coverage for a date of service (kept: the coverage's history). */
export interface EligibilityCheckRecord extends AggregateRoot {
  coverageId: string;
  patientId: string;
  payerId: string;
  dateOfService: string;
  status: EligibilityStatus;
  reason?: string;
  detail?: string;
  benefits?: EligibilityBenefitsRecord;
  traceNumber: string;
  interchangeControlNumber?: string;
  responseControlNumber?: string;
  trigger: EligibilityTrigger;
  /** The visit checked for (booking, nightly, retry, and on-demand checks given one) and its site. */
  appointmentId?: string;
  siteId?: string;
  /** The coverage's coordination-of-benefits order when checked. */
  order?: CoverageOrder;
  /** The nightly batch the check was part of. */
  batchId?: string;
  /** Retries: which one (1 = the first retry) after the payer was unavailable. */
  attempt?: number;
  /** The coverage's previous answered check this one was compared with, and what changed (eligibility.changed). */
  previousCheckId?: string;
  changes?: string[];
  requestedAt: Date;
  completedAt: Date;
  checkedBy: string;
}

export const EligibilityCheckSchema = new Schema<EligibilityCheckRecord>(
  {
    _id: String,
    coverageId: { type: String, required: true },
    patientId: { type: String, required: true },
    payerId: { type: String, required: true },
    dateOfService: { type: String, required: true },
    status: { type: String, required: true },
    reason: String,
    detail: String,
    benefits: { type: Schema.Types.Mixed, default: undefined },
    traceNumber: { type: String, required: true },
    interchangeControlNumber: String,
    responseControlNumber: String,
    trigger: { type: String, required: true },
    appointmentId: String,
    siteId: String,
    order: String,
    batchId: String,
    attempt: Number,
    previousCheckId: String,
    changes: { type: [String], default: undefined },
    requestedAt: { type: Date, required: true },
    completedAt: { type: Date, required: true },
    checkedBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
