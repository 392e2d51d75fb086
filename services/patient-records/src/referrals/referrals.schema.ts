import { Schema } from 'mongoose';
import { REFERRAL_STATUSES, ReferralStatus } from '@clinic-flow/contracts';

export interface ReferralStep {
  status: ReferralStatus;
  at: Date;
  by: string;
  note?: string;
}

/** A referral to a specialist, tracked from its creation to its end (closed or cancelled). */
export interface ReferralRecord {
  _id: string;
  version: number;
  patientId: string;
  siteId: string;
  specialty: string;
  specialistName: string;
  practice?: string;
  /** ICD-10-CM reason code as entered (its shape is checked; the code set is the clinical record's). */
  reasonCode?: string;
  reason?: string;
  status: ReferralStatus;
  /** When the current status was reached: the chase counts from here. */
  stepAt: Date;
  steps: ReferralStep[];
  /** The specialist appointment, once known (the date as entered, and as an instant for the chase). */
  appointmentOn?: string;
  appointmentAt?: Date;
  appointmentWith?: string;
  reportDocumentId?: string;
  letterId?: string;
  /** The chases already made (`chaseKey`): a timer that runs again chases nothing twice. */
  chasedKeys: string[];
  /** Desk tasks opened by its chases; closed by themselves when the referral moves on. */
  taskIds: string[];
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

const StepSchema = new Schema<ReferralStep>({ status: { type: String, enum: REFERRAL_STATUSES }, at: Date, by: String, note: String }, { _id: false });

export const ReferralSchema = new Schema<ReferralRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    specialty: { type: String, required: true },
    specialistName: { type: String, required: true },
    practice: String,
    reasonCode: String,
    reason: String,
    status: { type: String, enum: REFERRAL_STATUSES, required: true },
    stepAt: { type: Date, required: true },
    steps: { type: [StepSchema], default: [] },
    appointmentOn: String,
    appointmentAt: Date,
    appointmentWith: String,
    reportDocumentId: String,
    letterId: String,
    chasedKeys: { type: [String], default: [] },
    taskIds: { type: [String], default: [] },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
