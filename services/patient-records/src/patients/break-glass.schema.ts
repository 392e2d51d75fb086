import { Schema } from 'mongoose';

/** One break-the-glass access: a user opened a record outside their care relationship, with a reason, until `until`. */
export interface BreakGlassRecord {
  _id: string;
  version: number;
  patientId: string;
  mrn: string;
  /** The patient's registering site: the site the record belongs to (its site scope). */
  siteId: string;
  /** The patient's sites when the glass was broken: whose office managers are told and list it. */
  patientSiteIds: string[];
  userId: string;
  userName: string;
  roles: string[];
  userSiteIds: string[];
  reason: string;
  at: Date;
  until: Date;
}

export const BreakGlassSchema = new Schema<BreakGlassRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    mrn: { type: String, required: true },
    siteId: { type: String, required: true },
    patientSiteIds: { type: [String], required: true },
    userId: { type: String, required: true },
    userName: { type: String, required: true },
    roles: { type: [String], required: true },
    userSiteIds: { type: [String], required: true },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
    until: { type: Date, required: true },
  },
  { versionKey: false },
);
