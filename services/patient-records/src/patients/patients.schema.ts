import { Schema } from 'mongoose';
import { Channel, CHANNELS, Language, LANGUAGES } from '@clinic-flow/contracts';

export interface PatientRecord {
  _id: string;
  version: number;
  mrn: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone?: string;
  email?: string;
  preferredChannel: Channel;
  /** Language of messages to the patient; absent on patients registered before it existed (= en). */
  language?: Language;
  /** Channels the patient said no to: notification never uses them. */
  optedOutChannels?: Channel[];
  registeredAtSiteId: string;
  registeredBy: string;
  createdAt: Date;
  updatedAt: Date;
  // Merges (src/merges): a merged record points at its survivor; the survivor lists what was merged into it.
  /** Set on a record merged into another: it no longer opens (409 PATIENT.MERGED); its entries belong to the survivor. */
  mergedIntoPatientId?: string;
  /** On a survivor: the records merged into it; their entries are the survivor's (PatientAccess recordIds). */
  mergedPatientIds?: string[];
  /** On a merged record: the merge that made it so (what an unmerge checks and the merge history is made from). */
  merge?: PatientMergeMark;
  /** On a record unmerged again: the last unmerge (the merge history is completed from it after a crash). */
  lastUnmerge?: { mergeId: string; reason: string; by: string; at: Date };
}

export interface PatientMergeMark {
  id: string;
  reason: string;
  by: string;
  at: Date;
  undoableUntil: Date;
}

export const PatientSchema = new Schema<PatientRecord>(
  {
    _id: String,
    mrn: { type: String, required: true, unique: true },
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    dateOfBirth: { type: String, required: true },
    phone: String,
    email: String,
    preferredChannel: { type: String, enum: CHANNELS, required: true },
    language: { type: String, enum: LANGUAGES },
    optedOutChannels: { type: [String], enum: CHANNELS, default: undefined },
    registeredAtSiteId: { type: String, required: true },
    registeredBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    mergedIntoPatientId: String,
    mergedPatientIds: { type: [String], default: undefined },
    merge: { type: { id: String, reason: String, by: String, at: Date, undoableUntil: Date }, _id: false, default: undefined },
    lastUnmerge: { type: { mergeId: String, reason: String, by: String, at: Date }, _id: false, default: undefined },
  },
  { versionKey: false },
);

export interface CounterRecord {
  _id: string;
  seq: number;
}

export const CounterSchema = new Schema<CounterRecord>({ _id: String, seq: Number }, { versionKey: false });
