import { Schema } from 'mongoose';

/**
 * What notification moved for one patient merge (`_id` = merge id): exactly these messages (and
 * the appointment views they belong to) go back on its undo.
 */
export interface MergeMovesRecord {
  _id: string;
  version: number;
  survivorId: string;
  mergedPatientId: string;
  messageIds: string[];
  appointmentIds: string[];
  movedAt: Date;
  /** Set when the merge was undone and the messages moved back: a redelivered merge moves nothing again. */
  undoneAt?: Date;
}

export const MergeMovesSchema = new Schema<MergeMovesRecord>(
  {
    _id: String,
    survivorId: { type: String, required: true },
    mergedPatientId: { type: String, required: true },
    messageIds: { type: [String], default: [] },
    appointmentIds: { type: [String], default: [] },
    movedAt: { type: Date, required: true },
    undoneAt: Date,
  },
  { versionKey: false },
);
