import { Schema } from 'mongoose';
import { Channel, CHANNELS, Language, LANGUAGES } from '@clinic-flow/contracts';

/** Notification's own view of how to reach a patient and what they agreed to, fed by patient-records events. */
export interface ContactRecord {
  _id: string;
  firstName: string;
  email?: string;
  phone?: string;
  preferredChannel: Channel;
  language: Language;
  optedOutChannels: Channel[];
  /** When patient-records made this state (event time or changedAt): an older event never overwrites it. */
  asOf: Date;
  updatedAt: Date;
}

export const ContactSchema = new Schema<ContactRecord>(
  {
    _id: String,
    firstName: String,
    email: String,
    phone: String,
    preferredChannel: { type: String, enum: CHANNELS },
    language: { type: String, enum: LANGUAGES },
    optedOutChannels: { type: [String], enum: CHANNELS, default: [] },
    asOf: Date,
    updatedAt: Date,
  },
  { versionKey: false },
);
