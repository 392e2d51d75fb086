import { Schema } from 'mongoose';

/**
 * Who a patient is on a schedule: name and date of birth (how a front desk tells two patients of
 * the same name apart). A projection of patient-records' events; patient-records stays the owner.
 */
export interface PatientNameRecord {
  _id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  /** Time of the event this state comes from: an older event never overwrites a newer one. */
  asOf: Date;
}

export const PatientNameSchema = new Schema<PatientNameRecord>(
  {
    _id: String,
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    dateOfBirth: { type: String, required: true },
    asOf: { type: Date, required: true },
  },
  { versionKey: false },
);
