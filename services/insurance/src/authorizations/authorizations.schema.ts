import { Schema } from 'mongoose';
import type { AuthorizationStatus, VisitAuthorizationState, VisitRequirement } from '@clinic-flow/contracts';
import type { AggregateRoot } from '@clinic-flow/messaging';

/** Units a visit used of an authorization (one per visit; removed when the visit is cancelled). */
export interface AuthorizationUsageRecord {
  appointmentId: string;
  units: number;
  at: Date;
}

export interface AuthorizationHistoryRecord {
  at: Date;
  status: AuthorizationStatus;
  action?: string;
  reason?: string;
  by: string;
}

/**
 * A prior authorization of a patient's coverage: requested from the payer (X12 278) or recorded as
 * obtained outside. Network-wide as a document like coverages (who may see it is the patient's care
 * relationship); the diagnoses and the payer's words are patient data, stored sealed.
 */
export interface AuthorizationRecord extends AggregateRoot {
  patientId: string;
  coverageId: string;
  payerId: string;
  planId: string;
  /** The site that asked (events carry it). */
  siteId: string;
  status: AuthorizationStatus;
  /** 'x12-278', or how it was obtained outside: phone, portal, fax. */
  source: string;
  appointmentTypeIds: string[];
  serviceCodes: string[];
  diagnosisCodes: string[];
  requestedUnits: number;
  requestedFrom: string;
  requestedTo: string;
  providerId?: string;
  authorizationNumber?: string;
  approvedUnits?: number;
  usedUnits: number;
  validFrom?: string;
  validTo?: string;
  action?: string;
  reason?: string;
  detail?: string;
  traceNumber?: string;
  interchangeControlNumber?: string;
  usages: AuthorizationUsageRecord[];
  history: AuthorizationHistoryRecord[];
  requestedBy: string;
  requestedAt: Date;
  decidedAt?: Date;
}

export const AuthorizationSchema = new Schema<AuthorizationRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    coverageId: { type: String, required: true },
    payerId: { type: String, required: true },
    planId: { type: String, required: true },
    siteId: { type: String, required: true },
    status: { type: String, required: true },
    source: { type: String, required: true },
    appointmentTypeIds: { type: [String], default: [] },
    serviceCodes: { type: [String], default: [] },
    diagnosisCodes: { type: Schema.Types.Mixed },
    requestedUnits: { type: Number, required: true },
    requestedFrom: { type: String, required: true },
    requestedTo: { type: String, required: true },
    providerId: String,
    authorizationNumber: String,
    approvedUnits: Number,
    usedUnits: { type: Number, default: 0 },
    validFrom: String,
    validTo: String,
    action: String,
    reason: String,
    detail: { type: Schema.Types.Mixed },
    traceNumber: String,
    interchangeControlNumber: String,
    usages: { type: [new Schema<AuthorizationUsageRecord>({ appointmentId: String, units: Number, at: Date }, { _id: false })], default: [] },
    history: { type: [new Schema<AuthorizationHistoryRecord>({ at: Date, status: String, action: String, reason: String, by: String }, { _id: false })], default: [] },
    requestedBy: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    decidedAt: Date,
  },
  { versionKey: false, minimize: false },
);

/** The last assessment of a visit (one per appointment): what it needs and whether it has it. */
export interface VisitAssessmentRecord extends AggregateRoot {
  patientId: string;
  siteId: string;
  dateOfService: string;
  requirement: VisitRequirement;
  state: VisitAuthorizationState;
  authorizationId?: string;
  blocking: boolean;
  assessedAt: Date;
}

export const VisitAssessmentSchema = new Schema<VisitAssessmentRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    dateOfService: { type: String, required: true },
    requirement: { type: String, required: true },
    state: { type: String, required: true },
    authorizationId: String,
    blocking: { type: Boolean, required: true },
    assessedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
