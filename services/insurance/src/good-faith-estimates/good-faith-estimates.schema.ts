import { Schema } from 'mongoose';
import type { AggregateRoot } from '@clinic-flow/messaging';
import type { GfeItem } from './good-faith-estimates.rules';

export interface GfePartyRecord {
  name: string;
  npi: string;
  tin: string;
  siteId?: string;
}

/**
 * A Good Faith Estimate as issued (45 CFR 149.610): kept as it was given to the patient, their name
 * and date of birth included as they were then. Network-wide as a document: who may see it is the
 * patient's care relationship, asked of patient-records. What it says of the patient (name, date
 * of birth, services, diagnoses) is stored sealed.
 */
export interface GoodFaithEstimateRecord extends AggregateRoot {
  patientId: string;
  patient: { firstName: string; lastName: string; dateOfBirth: string };
  appointmentId?: string;
  siteId: string;
  primaryService: string;
  scheduledDate?: string;
  items: GfeItem[];
  totalCents: number;
  diagnosisCodes: string[];
  provider: GfePartyRecord;
  facility: GfePartyRecord;
  /** The patient has coverage on the date and asked to be treated as self-pay. */
  selfPayRequested: boolean;
  /** The coverages in effect on the date when the patient asked to be treated as self-pay. */
  coverageIdsSetAside: string[];
  disclaimers: string[];
  issuedAt: Date;
  issuedBy: string;
}

const PartySchema = new Schema<GfePartyRecord>({ name: String, npi: String, tin: String, siteId: String }, { _id: false });

export const GoodFaithEstimateSchema = new Schema<GoodFaithEstimateRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    patient: { type: Schema.Types.Mixed },
    appointmentId: String,
    siteId: { type: String, required: true },
    primaryService: { type: String },
    scheduledDate: String,
    items: { type: Schema.Types.Mixed },
    totalCents: { type: Number, required: true },
    diagnosisCodes: { type: Schema.Types.Mixed },
    provider: { type: PartySchema, required: true },
    facility: { type: PartySchema, required: true },
    selfPayRequested: { type: Boolean, required: true },
    coverageIdsSetAside: { type: [String], default: [] },
    disclaimers: { type: [String], default: [] },
    issuedAt: { type: Date, required: true },
    issuedBy: { type: String, required: true },
  },
  { versionKey: false, minimize: false },
);
