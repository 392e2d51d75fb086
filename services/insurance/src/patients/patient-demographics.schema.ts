import { Schema } from 'mongoose';

/**
 * What a 270 names of a patient when no caller is there to ask patient-records (booking, nightly
 * and retry checks): name and date of birth, from patient-records' events. Sex is not in those
 * events, so system checks send gender U (unknown), which X12 270 allows. Sealed at rest.
 */
export interface PatientDemographicsRecord {
  _id: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  /** Time of the event this state comes from: an older event never overwrites a newer one. */
  asOf: Date;
}

export const PatientDemographicsSchema = new Schema<PatientDemographicsRecord>(
  {
    _id: String,
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    dateOfBirth: { type: String, required: true },
    asOf: { type: Date, required: true },
  },
  { versionKey: false },
);
