import { Schema, SchemaDefinition } from 'mongoose';
import { ALLERGY_SEVERITIES, ALLERGY_STATUSES, AllergySeverity, AllergyStatus, MEDICATION_STATUSES, MedicationStatus, PROBLEM_STATUSES, ProblemStatus, VITALS_STATUSES, VitalsStatus } from '@clinic-flow/contracts';
import type { Vitals } from './vitals.rules';

/** What every entry of the clinical-administrative record keeps: whose, where, who, when. */
export interface ClinicalEntryRecord {
  _id: string;
  version: number;
  /** The patient record it was written under (a merged record's entries stay under its id). */
  patientId: string;
  /** The site of the patient when it was written: the entry's site scope. */
  siteId: string;
  recordedBy: string;
  recordedAt: Date;
  updatedBy: string;
  updatedAt: Date;
  enteredInErrorReason?: string;
}

export interface AllergyRecord extends ClinicalEntryRecord {
  substance: string;
  reaction: string;
  severity: AllergySeverity;
  status: AllergyStatus;
  notedOn: string;
}

export interface ProblemRecord extends ClinicalEntryRecord {
  /** ICD-10-CM, with its dot. */
  code: string;
  /** The code's description in the code set when it was recorded. */
  description: string;
  /** The code set release it was validated against, e.g. 2026 (2026-04-01). */
  codeSetVersion: string;
  status: ProblemStatus;
  onsetDate?: string;
  resolvedDate?: string;
}

export interface MedicationRecord extends ClinicalEntryRecord {
  name: string;
  dose?: string;
  frequency?: string;
  note?: string;
  status: MedicationStatus;
}

export interface VitalsRecord extends ClinicalEntryRecord, Vitals {
  status: VitalsStatus;
  takenAt: Date;
  appointmentId?: string;
}

const entry: SchemaDefinition = {
  _id: String,
  patientId: { type: String, required: true },
  siteId: { type: String, required: true },
  recordedBy: { type: String, required: true },
  recordedAt: { type: Date, required: true },
  updatedBy: { type: String, required: true },
  updatedAt: { type: Date, required: true },
  enteredInErrorReason: String,
};
const options = { versionKey: false } as const;
const measure = new Schema({ value: { type: Number, required: true }, unit: { type: String, required: true } }, { _id: false });

export const AllergySchema = new Schema<AllergyRecord>(
  {
    ...entry,
    substance: { type: String, required: true },
    reaction: { type: String, required: true },
    severity: { type: String, enum: ALLERGY_SEVERITIES, required: true },
    status: { type: String, enum: ALLERGY_STATUSES, required: true },
    notedOn: { type: String, required: true },
  },
  options,
);

export const ProblemSchema = new Schema<ProblemRecord>(
  {
    ...entry,
    code: { type: String, required: true },
    description: { type: String, required: true },
    codeSetVersion: { type: String, required: true },
    status: { type: String, enum: PROBLEM_STATUSES, required: true },
    onsetDate: String,
    resolvedDate: String,
  },
  options,
);

export const MedicationSchema = new Schema<MedicationRecord>(
  {
    ...entry,
    name: { type: String, required: true },
    dose: String,
    frequency: String,
    note: String,
    status: { type: String, enum: MEDICATION_STATUSES, required: true },
  },
  options,
);

export const VitalsSchema = new Schema<VitalsRecord>(
  {
    ...entry,
    status: { type: String, enum: VITALS_STATUSES, required: true },
    takenAt: { type: Date, required: true },
    appointmentId: String,
    bloodPressure: new Schema({ systolic: Number, diastolic: Number }, { _id: false }),
    pulse: Number,
    temperature: measure,
    respiratoryRate: Number,
    spo2: Number,
    height: measure,
    weight: measure,
    bmi: Number,
  },
  options,
);
