import { Schema } from 'mongoose';
import { AppointmentStatus, APPOINTMENT_STATUSES, CancellingParty, ResponseVia } from '@clinic-flow/contracts';

export type HistoryAction = AppointmentStatus | 'rescheduled';

/** One change of an appointment, kept on the appointment (audit trail; reschedules keep where it was). */
export interface HistoryEntry {
  action: HistoryAction;
  at: Date;
  by: string;
  revision: number;
  reason?: string;
  previous?: { providerId: string; start: Date; end: Date; roomId?: string };
}

/** A booking made with an Idempotency-Key (idempotency.rules.ts): what a retry must match, and until when. */
export interface BookingIdempotency {
  /** sha256 of the booking request's fields. */
  fingerprint: string;
  expiresAt: Date;
}

export interface AppointmentRecord {
  _id: string;
  /** Counts writes; the aggregate store's compare-and-set. */
  version: number;
  patientId: string;
  providerId: string;
  siteId: string;
  /** Absent on appointments booked before appointment types existed. */
  appointmentTypeId?: string;
  appointmentTypeName?: string;
  telehealth?: boolean;
  /** Snapshot of the type's recall interval, for the completed event. */
  recallIntervalMonths?: number;
  roomId?: string;
  start: Date;
  end: Date;
  /** end + the type's buffer: the provider's (and room's) time taken. */
  blockedUntil?: Date;
  durationMinutes: number;
  reason: string;
  status: AppointmentStatus;
  /** 1 at booking, +1 per change; carried by every event so projections keep the newest. */
  revision?: number;
  /** The slot_claims cells this appointment holds (released exactly, moved on reschedule). */
  claims?: string[];
  bookedBy: string;
  overbookReason?: string;
  waitlistEntryId?: string;
  confirmation?: { via: 'staff' | ResponseVia; confirmedBy: string; confirmedAt: Date };
  checkIn?: { by: string; at: Date };
  completion?: { by: string; at: Date };
  noShow?: { markedBy: string; markedAt: Date };
  cancellation?: { reason: string; cancelledBy: string; cancelledAt: Date; party?: CancellingParty };
  history?: HistoryEntry[];
  /** Booked with an Idempotency-Key: the id follows from (user, key), and a retry is answered from here. */
  idempotency?: BookingIdempotency;
  createdAt: Date;
  updatedAt: Date;
}

const by = { by: String, at: Date };

const HistoryEntrySchema = new Schema<HistoryEntry>(
  {
    action: { type: String, required: true },
    at: { type: Date, required: true },
    by: { type: String, required: true },
    revision: { type: Number, required: true },
    reason: String,
    previous: { type: { providerId: String, start: Date, end: Date, roomId: String }, _id: false, default: undefined },
  },
  { _id: false },
);

export const AppointmentSchema = new Schema<AppointmentRecord>(
  {
    _id: String,
    patientId: { type: String, required: true, index: true },
    providerId: { type: String, required: true },
    siteId: { type: String, required: true },
    appointmentTypeId: String,
    appointmentTypeName: String,
    telehealth: Boolean,
    recallIntervalMonths: Number,
    roomId: String,
    start: { type: Date, required: true },
    end: { type: Date, required: true },
    blockedUntil: Date,
    durationMinutes: { type: Number, required: true },
    reason: { type: String, required: true },
    status: { type: String, enum: APPOINTMENT_STATUSES, required: true },
    revision: { type: Number, default: 1 },
    claims: { type: [String], default: undefined },
    bookedBy: { type: String, required: true },
    overbookReason: String,
    waitlistEntryId: String,
    confirmation: { type: { via: String, confirmedBy: String, confirmedAt: Date }, _id: false, default: undefined },
    checkIn: { type: by, _id: false, default: undefined },
    completion: { type: by, _id: false, default: undefined },
    noShow: { type: { markedBy: String, markedAt: Date }, _id: false, default: undefined },
    cancellation: { type: { reason: String, cancelledBy: String, cancelledAt: Date, party: String }, _id: false, default: undefined },
    history: { type: [HistoryEntrySchema], default: undefined },
    idempotency: { type: { fingerprint: String, expiresAt: Date }, _id: false, default: undefined },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
).index({ providerId: 1, start: 1 });

/** One occupied grid cell of a resource; the unique _id is what makes double-booking impossible. */
export interface SlotClaimRecord {
  _id: string;
  appointmentId: string;
  createdAt: Date;
}

export const SlotClaimSchema = new Schema<SlotClaimRecord>(
  { _id: String, appointmentId: { type: String, required: true, index: true }, createdAt: { type: Date, required: true } },
  { versionKey: false },
);
