import { Schema } from 'mongoose';
import type { AppointmentStatus } from '@clinic-flow/contracts';

/**
 * A booked visit as scheduling announced it: what eligibility and authorizations need (who, where,
 * which type, which day in the site's time zone). Ids, type and times only: no names.
 */
export interface VisitRecord {
  /** The appointment id. */
  _id: string;
  patientId: string;
  siteId: string;
  providerId: string;
  appointmentTypeId?: string;
  /** Start and end instants (ISO). */
  start: string;
  end?: string;
  /** The date of service: the start's calendar day at the site (yyyy-MM-dd). */
  dateOfService: string;
  siteTimeZone: string;
  status: AppointmentStatus;
  /** The source event's time: an older event never overwrites a newer one. */
  asOf: Date;
}

export const VisitSchema = new Schema<VisitRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    providerId: { type: String, required: true },
    appointmentTypeId: String,
    start: { type: String, required: true },
    end: String,
    dateOfService: { type: String, required: true },
    siteTimeZone: { type: String, required: true },
    status: { type: String, required: true },
    asOf: { type: Date, required: true },
  },
  { versionKey: false },
);
