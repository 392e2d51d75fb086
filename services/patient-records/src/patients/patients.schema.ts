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
  },
  { versionKey: false },
);

export interface CounterRecord {
  _id: string;
  seq: number;
}

export const CounterSchema = new Schema<CounterRecord>({ _id: String, seq: Number }, { versionKey: false });
