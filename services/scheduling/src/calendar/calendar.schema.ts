import { Schema } from 'mongoose';
import { AppointmentStatus } from '@clinic-flow/contracts';

/**
 * One stored entry of the busy-time projection. `moved` marks a tombstone: the appointment left
 * this calendar (rescheduled elsewhere) at `revision`, so an older event about it is ignored here.
 */
export interface StoredCalendarEntry {
  appointmentId: string;
  revision: number;
  patientId: string;
  providerId: string;
  siteId: string;
  appointmentTypeId?: string;
  roomId?: string;
  start: Date;
  end: Date;
  /** end + the type's buffer */
  blockedUntil: Date;
  /** cancelled/no-show entries no longer block time */
  status: AppointmentStatus;
  moved?: boolean;
}

/**
 * Busy time of one resource (a provider, or a room) in one UTC month: `_id` is
 * `${providerId}|${YYYY-MM}` for providers and `room:${roomId}|${YYYY-MM}` for rooms, so a month
 * of a whole site is read with a few look-ups by _id (FerretDB scans for anything else).
 * Entries are keyed by appointment id.
 */
export interface CalendarMonthRecord {
  _id: string;
  resource: string;
  month: string;
  entries: Record<string, StoredCalendarEntry>;
  updatedAt: Date;
}

export const CalendarMonthSchema = new Schema<CalendarMonthRecord>(
  {
    _id: String,
    resource: { type: String, required: true },
    month: { type: String, required: true },
    entries: { type: Schema.Types.Mixed, default: {} },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
