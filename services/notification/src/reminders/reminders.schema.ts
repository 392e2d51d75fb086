import { Schema } from 'mongoose';
import { AppointmentStatus, Channel, CHANNELS, MESSAGE_STATUSES, MessageKind, MessageStatus } from '@clinic-flow/contracts';
import { OutboxDocumentFields, outboxFields, withOutboxIndexes } from '@clinic-flow/messaging';

/** Notification's own view of an appointment: what a reminder re-reads before it is sent. */
export interface AppointmentViewRecord {
  _id: string;
  patientId: string;
  providerName: string;
  siteId: string;
  siteName: string;
  siteTimeZone: string;
  start: Date;
  status: AppointmentStatus;
  /** Its reminders, so they are read by _id. */
  reminderIds?: string[];
  updatedAt: Date;
}

export const AppointmentViewSchema = new Schema<AppointmentViewRecord>(
  {
    _id: String,
    patientId: String,
    providerName: String,
    siteId: String,
    siteName: String,
    siteTimeZone: String,
    start: Date,
    status: String,
    reminderIds: { type: [String], default: undefined },
    updatedAt: Date,
  },
  { versionKey: false },
);

/** One message to send, its schedule and its delivery record. */
export interface ReminderRecord extends OutboxDocumentFields {
  _id: string;
  kind: MessageKind;
  appointmentId: string;
  patientId: string;
  siteId: string;
  offset: string;
  /** The appointment start this reminder was planned for; a moved appointment makes it stale. */
  appointmentStart: Date;
  scheduledFor: Date;
  status: MessageStatus;
  channel?: Channel;
  sentAt?: Date;
  providerMessageId?: string;
  failureReason?: string;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

export const ReminderSchema = withOutboxIndexes(
  new Schema<ReminderRecord>(
    {
      _id: String,
      kind: { type: String, required: true },
      appointmentId: { type: String, required: true, index: true },
      patientId: { type: String, required: true },
      siteId: { type: String, required: true },
      offset: { type: String, required: true },
      appointmentStart: { type: Date, required: true },
      scheduledFor: { type: Date, required: true },
      status: { type: String, enum: MESSAGE_STATUSES, required: true },
      channel: { type: String, enum: CHANNELS },
      sentAt: Date,
      providerMessageId: String,
      failureReason: String,
      attempts: { type: Number, default: 0 },
      createdAt: { type: Date, required: true },
      updatedAt: { type: Date, required: true },
      ...outboxFields,
    },
    { versionKey: false },
  ),
);
