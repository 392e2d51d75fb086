import { Schema } from 'mongoose';

/** One entry of a patient's timeline, kept from an event (`_id` = event id and patient id: an event written twice is one entry). */
export interface TimelineEntryRecord {
  _id: string;
  version: number;
  /** The record it belongs to (a merged record's entries are read with its survivor's). */
  patientId: string;
  /** The site of the event (absent for events of no site). */
  siteId?: string;
  kind: string;
  /** The event type, e.g. appointment.booked. */
  type: string;
  occurredAt: Date;
  summary: string;
  refId?: string;
  eventId: string;
}

export const TimelineEntrySchema = new Schema<TimelineEntryRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    siteId: String,
    kind: { type: String, required: true },
    type: { type: String, required: true },
    occurredAt: { type: Date, required: true },
    summary: { type: String, required: true },
    refId: String,
    eventId: { type: String, required: true },
  },
  { versionKey: false },
);
