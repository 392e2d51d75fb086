import { Schema } from 'mongoose';
import { Channel, CHANNELS } from '@clinic-flow/contracts';

/** Notification's own view of how to reach a patient, fed by patient-records events. */
export interface ContactRecord {
  _id: string;
  firstName: string;
  email?: string;
  phone?: string;
  preferredChannel: Channel;
  updatedAt: Date;
}

export const ContactSchema = new Schema<ContactRecord>(
  { _id: String, firstName: String, email: String, phone: String, preferredChannel: { type: String, enum: CHANNELS }, updatedAt: Date },
  { versionKey: false },
);
