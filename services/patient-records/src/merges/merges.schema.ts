import { Schema } from 'mongoose';

/**
 * One merge in the merge history: who merged which record into which, when and why, and who undid
 * it. Written once at the merge and completed once at its unmerge, never otherwise changed; the
 * patients' documents hold the state, this holds the record (issue 10's audit trail can chain it).
 */
export interface PatientMergeRecord {
  _id: string;
  version: number;
  survivorId: string;
  mergedPatientId: string;
  mergedMrn: string;
  /** The survivor's site: the history is scoped like the survivor. */
  siteId: string;
  reason: string;
  mergedBy: string;
  mergedAt: Date;
  undoableUntil: Date;
  offered: Array<{ field: string; value: string }>;
  unmerge?: { by: string; at: Date; reason: string };
}

export const PatientMergeSchema = new Schema<PatientMergeRecord>(
  {
    _id: String,
    survivorId: { type: String, required: true },
    mergedPatientId: { type: String, required: true },
    mergedMrn: String,
    siteId: { type: String, required: true },
    reason: { type: String, required: true },
    mergedBy: { type: String, required: true },
    mergedAt: { type: Date, required: true },
    undoableUntil: { type: Date, required: true },
    offered: { type: [{ field: String, value: String }], _id: false, default: [] },
    unmerge: { type: { by: String, at: Date, reason: String }, _id: false, default: undefined },
  },
  { versionKey: false },
);
