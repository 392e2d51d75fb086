import { Schema } from 'mongoose';
import { PatientCategory, PATIENT_CATEGORIES, ProviderRole, PROVIDER_ROLES } from '@clinic-flow/contracts';

/** What can be booked: how long it takes, who may see it, and how far ahead. */
export interface AppointmentTypeRecord {
  _id: string;
  name: string;
  /** A multiple of SCHEDULING_GRID_MINUTES. */
  durationMinutes: number;
  /** Time the provider (and room) stays blocked after the appointment, e.g. for notes or cleaning. */
  bufferAfterMinutes: number;
  providerRoles: ProviderRole[];
  /** Telehealth appointments need no room and ignore the site's opening hours and closures. */
  telehealth: boolean;
  patientCategory: PatientCategory;
  /** Room kind the appointment needs at the site (in-person only). */
  roomKind?: string;
  /** Earliest booking: this many minutes from now. */
  minLeadMinutes: number;
  /** Latest booking: this many days from now. */
  maxHorizonDays: number;
  /** Periodic visit: a recall is due this many months after completion. */
  recallIntervalMonths?: number;
  active: boolean;
}

export const AppointmentTypeSchema = new Schema<AppointmentTypeRecord>(
  {
    _id: String,
    name: { type: String, required: true },
    durationMinutes: { type: Number, required: true },
    bufferAfterMinutes: { type: Number, default: 0 },
    providerRoles: { type: [String], enum: PROVIDER_ROLES, required: true },
    telehealth: { type: Boolean, default: false },
    patientCategory: { type: String, enum: PATIENT_CATEGORIES, default: 'any' },
    roomKind: { type: String, default: undefined },
    minLeadMinutes: { type: Number, default: 0 },
    maxHorizonDays: { type: Number, default: 365 },
    recallIntervalMonths: { type: Number, default: undefined },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: true },
);
