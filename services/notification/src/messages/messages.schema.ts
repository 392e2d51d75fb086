import { Schema } from 'mongoose';
import { AppointmentStatus, Channel, CHANNELS, Language, LANGUAGES, MESSAGE_KINDS, MESSAGE_STATUSES, MessageKind, MessageStatus } from '@clinic-flow/contracts';

/** Notification's own view of an appointment: what a reminder re-reads before it is sent. */
export interface AppointmentViewRecord {
  _id: string;
  patientId: string;
  providerId?: string;
  providerName: string;
  siteId: string;
  siteName: string;
  siteTimeZone: string;
  appointmentTypeId?: string;
  appointmentTypeName?: string;
  start: Date;
  status: AppointmentStatus;
  /** Revision of the last applied event (scheduling counts an appointment's changes). */
  revision?: number;
  /** Time of the last applied event, the order when revisions are missing. */
  asOf?: Date;
  /** Its messages, so they are read by _id (the stored name from when every message was a reminder). */
  reminderIds?: string[];
  updatedAt: Date;
}

export const AppointmentViewSchema = new Schema<AppointmentViewRecord>(
  {
    _id: String,
    patientId: String,
    providerId: String,
    providerName: String,
    siteId: String,
    siteName: String,
    siteTimeZone: String,
    appointmentTypeId: String,
    appointmentTypeName: String,
    start: Date,
    status: String,
    revision: Number,
    asOf: Date,
    reminderIds: { type: [String], default: undefined },
    updatedAt: Date,
  },
  { versionKey: false },
);

/** What a message that is not re-read from the appointment view talks about (follow-ups, offers). */
export interface MessageSnapshot {
  providerName: string;
  siteName: string;
  siteTimeZone: string;
  start: Date;
  appointmentTypeName?: string;
  /** Waitlist offers: the end of the hold; with `holdMinutes`, set when the message first goes out. */
  expiresAt?: Date;
  /** Waitlist offers: the hold starts when the patient is told and lasts this long (never past the slot's start). */
  holdMinutes?: number;
  recallDueOn?: string;
  noShow?: boolean;
  /** Waitlist offers: the offer the message's accept link takes. */
  offerId?: string;
  /** Letters: the secure download link the message carries (never the letter). */
  documentUrl?: string;
  /** Referral reminders: what the referral waits for (`appointment` or `report`). */
  awaiting?: string;
  /** Break-the-glass notices (to staff): the office managers' addresses, who broke the glass, the record's MRN, the reason and the end of the access. */
  staffTo?: string[];
  staffName?: string;
  mrn?: string;
  reason?: string;
  until?: Date;
  /** Statements: the due date (YYYY-MM-DD) and the dunning level; never the amount. */
  dueOn?: string;
  dunningLevel?: string;
}

const SnapshotSchema = new Schema<MessageSnapshot>(
  { providerName: String, siteName: String, siteTimeZone: String, start: Date, appointmentTypeName: String, expiresAt: Date, holdMinutes: Number, recallDueOn: String, noShow: Boolean, offerId: String, documentUrl: String, awaiting: String, staffTo: { type: [String], default: undefined }, staffName: String, mrn: String, reason: String, until: Date, dueOn: String, dunningLevel: String },
  { _id: false },
);

/** One message to send (any kind), its schedule and its delivery record. */
export interface MessageRecord {
  _id: string;
  /** Counts writes; the aggregate store's compare-and-set. */
  version: number;
  kind: MessageKind;
  appointmentId?: string;
  waitlistEntryId?: string;
  patientId: string;
  siteId: string;
  /** Reminders: the policy step's offset before the start. */
  offset?: string;
  /** The appointment start this reminder was planned for; a moved appointment makes it stale. */
  appointmentStart?: Date;
  /** When it was due by its rule, before quiet hours moved it. */
  dueAt?: Date;
  scheduledFor: Date;
  status: MessageStatus;
  /** A policy step's channel; absent = the patient's preferred channel. */
  requestedChannel?: Channel;
  channel?: Channel;
  snapshot?: MessageSnapshot;
  /** Waitlist offers: closed by scheduling (taken or lapsed); its accept link answers no more. */
  offerClosed?: 'accepted' | 'expired';
  sentAt?: Date;
  providerMessageId?: string;
  /** Why it failed, was skipped or cancelled, or why its time moved. */
  failureReason?: string;
  attempts: number;
  createdAt: Date;
  updatedAt: Date;
}

export const MessageSchema = new Schema<MessageRecord>(
  {
    _id: String,
    kind: { type: String, enum: MESSAGE_KINDS, required: true },
    appointmentId: { type: String, index: true },
    waitlistEntryId: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    offset: String,
    appointmentStart: Date,
    dueAt: Date,
    scheduledFor: { type: Date, required: true },
    status: { type: String, enum: MESSAGE_STATUSES, required: true },
    requestedChannel: { type: String, enum: CHANNELS },
    channel: { type: String, enum: CHANNELS },
    snapshot: SnapshotSchema,
    offerClosed: { type: String, enum: ['accepted', 'expired'] },
    sentAt: Date,
    providerMessageId: String,
    failureReason: String,
    attempts: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * The latest appointment reminder sent by SMS to a phone number: what a reply answers. Written by
 * delivery before the SMS goes out; read by responses when a reply comes in.
 */
export interface SmsThreadRecord {
  _id: string;
  messageId: string;
  appointmentId: string;
  patientId: string;
  siteId: string;
  language: Language;
  sentAt: Date;
}

export const SmsThreadSchema = new Schema<SmsThreadRecord>(
  { _id: String, messageId: String, appointmentId: String, patientId: String, siteId: String, language: { type: String, enum: LANGUAGES }, sentAt: Date },
  { versionKey: false },
);
