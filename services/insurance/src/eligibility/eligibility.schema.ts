import { Schema } from 'mongoose';
import type { EligibilityStatus } from '@clinic-flow/contracts';
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
  trigger: string;
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
    requestedAt: { type: Date, required: true },
    completedAt: { type: Date, required: true },
    checkedBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
