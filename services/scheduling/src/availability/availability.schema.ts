import { Schema } from 'mongoose';
import { AvailabilityExceptionKind, EXCEPTION_KINDS } from '@clinic-flow/contracts';

/** A weekly session on one ISO weekday (1 = Monday), `HH:mm` in the site's time zone (`24:00` ends at midnight). */
export interface SessionRow {
  weekday: number;
  start: string;
  end: string;
  /** Only these appointment types may be booked in the session; absent = any type. */
  appointmentTypeIds?: string[];
}

export interface TemplateRecord {
  siteId: string;
  sessions: SessionRow[];
  updatedAt: Date;
  updatedBy: string;
}


/**
 * A one-off change to a provider's availability: time off and blocked time remove an interval at
 * every site; an extra session adds one at a site.
 */
export interface ExceptionRecord {
  id: string;
  kind: AvailabilityExceptionKind;
  start: Date;
  end: Date;
  /** Required for `extra`. */
  siteId?: string;
  appointmentTypeIds?: string[];
  reason: string;
  createdBy: string;
  createdAt: Date;
}

/**
 * Everything that decides when one provider can be booked, in one document (`_id` = provider id):
 * slot search and the booking check read it with one look-up by _id.
 */
export interface ProviderScheduleRecord {
  _id: string;
  templates: TemplateRecord[];
  exceptions: ExceptionRecord[];
  updatedAt: Date;
}

const SessionRowSchema = new Schema<SessionRow>(
  { weekday: Number, start: String, end: String, appointmentTypeIds: { type: [String], default: undefined } },
  { _id: false },
);

const TemplateSchema = new Schema<TemplateRecord>(
  { siteId: String, sessions: [SessionRowSchema], updatedAt: Date, updatedBy: String },
  { _id: false },
);

const ExceptionSchema = new Schema<ExceptionRecord>(
  {
    id: String,
    kind: { type: String, enum: EXCEPTION_KINDS },
    start: Date,
    end: Date,
    siteId: { type: String, default: undefined },
    appointmentTypeIds: { type: [String], default: undefined },
    reason: String,
    createdBy: String,
    createdAt: Date,
  },
  { _id: false },
);

export const ProviderScheduleSchema = new Schema<ProviderScheduleRecord>(
  { _id: String, templates: [TemplateSchema], exceptions: [ExceptionSchema], updatedAt: { type: Date, required: true } },
  { versionKey: false },
);
