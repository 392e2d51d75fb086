import { Schema } from 'mongoose';

/**
 * What scheduling moved for one patient merge (`_id` = merge id): exactly these go back on its
 * undo, so an appointment booked for the survivor after the merge stays with the survivor.
 */
export interface MergeMovesRecord {
  _id: string;
  version: number;
  survivorId: string;
  mergedPatientId: string;
  appointmentIds: string[];
  /** Waitlist entries by site (a site's waitlist is one document). */
  waitlistEntries: Array<{ siteId: string; entryIds: string[] }>;
  movedAt: Date;
  /** Set when the merge was undone and the items moved back: a redelivered merge moves nothing again. */
  undoneAt?: Date;
}

export const MergeMovesSchema = new Schema<MergeMovesRecord>(
  {
    _id: String,
    survivorId: { type: String, required: true },
    mergedPatientId: { type: String, required: true },
    appointmentIds: { type: [String], default: [] },
    waitlistEntries: { type: [{ siteId: String, entryIds: [String] }], _id: false, default: [] },
    movedAt: { type: Date, required: true },
    undoneAt: Date,
  },
  { versionKey: false },
);
