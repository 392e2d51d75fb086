import { Schema } from 'mongoose';
import type { EncounterStatus } from '@clinic-flow/contracts';
import type { AggregateRoot } from '@clinic-flow/messaging';

export interface EncounterDiagnosis {
  /** ICD-10-CM, with its dot (E11.9). */
  code: string;
  description: string;
}

export type ChargeSource = 'fee-schedule' | 'entered' | 'unpriced';

/** A procedure line: what an 837P service line (LX/SV1) is made of. */
export interface EncounterLine {
  code: string;
  system: 'HCPCS' | 'CPT';
  description: string;
  modifiers: string[];
  units: number;
  /** One unit's charge, cents. */
  unitChargeCents: number;
  /** The line's charge (SV102), cents. */
  chargeCents: number;
  chargeSource: ChargeSource;
  /** 1-based positions in `diagnoses` (SV107), one to four. */
  diagnosisPointers: number[];
  /** A placeholder code (X####), never billed to a payer. */
  placeholder: boolean;
}

/** The patient as the claim names them, copied from patient-records (as the person coding) when coded. */
export interface PatientSnapshot {
  firstName: string;
  middleName?: string;
  lastName: string;
  dateOfBirth: string;
  sexAtBirth?: string;
  address?: { line1: string; line2?: string; city: string; state: string; postalCode: string; country?: string };
  takenAt: Date;
}

/**
 * A visit's charges (one per appointment; _id `enc-<appointmentId>`), drafted at checkout and coded
 * by a provider or coder. Patient data: the diagnoses, lines and the patient snapshot are sealed at
 * rest; the ids, site, status and dates stay clear for the work list.
 */
export interface EncounterRecord extends AggregateRoot {
  appointmentId: string;
  patientId: string;
  siteId: string;
  providerId: string;
  appointmentTypeId?: string;
  dateOfService: string;
  status: EncounterStatus;
  diagnoses: EncounterDiagnosis[];
  lines: EncounterLine[];
  patient?: PatientSnapshot;
  /** The ICD-10-CM release the diagnoses were checked against (e.g. "2026 (2026-04-01)"). */
  codeSetRelease?: string;
  createdAt: Date;
  createdBy: string;
  codedBy?: string;
  codedAt?: Date;
  readyBy?: string;
  readyAt?: Date;
  /** Each re-opening of the signed-off encounter to correct it (who, when, why). */
  reopenings?: Array<{ by: string; at: Date; note: string }>;
}

export const EncounterSchema = new Schema<EncounterRecord>(
  {
    _id: String,
    appointmentId: { type: String, required: true },
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    providerId: { type: String, required: true },
    appointmentTypeId: String,
    dateOfService: { type: String, required: true },
    status: { type: String, required: true },
    diagnoses: { type: Schema.Types.Mixed, default: [] },
    lines: { type: Schema.Types.Mixed, default: [] },
    patient: Schema.Types.Mixed,
    codeSetRelease: String,
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    codedBy: String,
    codedAt: Date,
    readyBy: String,
    readyAt: Date,
    reopenings: { type: Schema.Types.Mixed, default: undefined },
  },
  { versionKey: false },
);
