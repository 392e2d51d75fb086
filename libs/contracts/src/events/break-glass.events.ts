import { ArrayMinSize, IsArray, IsDateString, IsString } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Break the glass: a member of staff opened a patient record outside their care relationship, with
 * a stated reason, for a limited time. Subject = the patient id (the patients topic), so it stays in
 * order with the patient's other events. It carries what the notification to the office managers
 * needs and nothing of the patient but ids (and the MRN): the patient's name never travels. The reason travels because the managers must read
 * it; staff are asked to write a reason, not clinical detail.
 */
export class PatientBreakGlassData {
  @IsString() breakGlassId: string;
  @IsString() patientId: string;
  /** The medical record number, for the managers to find the chart; no name, no date of birth. */
  @IsString() mrn: string;
  /** The patient's sites when the glass was broken (registering site first, then care sites): whose office managers are told. */
  @IsArray() @ArrayMinSize(1) @IsString({ each: true }) patientSiteIds: string[];
  @IsString() userId: string;
  /** The user's name as their token carried it (staff data, not the patient's): the managers read who it was. */
  @IsString() userName: string;
  @IsArray() @IsString({ each: true }) roles: string[];
  @IsArray() @IsString({ each: true }) userSiteIds: string[];
  @IsString() reason: string;
  @IsDateString({ strict: true }) at: string;
  /** The access ends then. */
  @IsDateString({ strict: true }) until: string;
}

export const PatientBreakGlassV1 = defineEvent({
  type: 'patient.break-glass',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A user opened a patient record outside their care relationship, with a reason, until `until`; the office managers of the patient\'s sites are told.',
  data: PatientBreakGlassData,
});

/** A patient gained a care site (an appointment there was booked, moved or checked in); the relationship is never taken back. */
export class PatientCareSiteAddedData {
  @IsString() patientId: string;
  @IsString() siteId: string;
  /** The appointment that made the relationship. */
  @IsString() appointmentId: string;
}

export const PatientCareSiteAddedV1 = defineEvent({
  type: 'patient.care-site-added',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: "A patient is in a care relationship with one more site (from an appointment there): that site's staff see the patient from now on.",
  data: PatientCareSiteAddedData,
});
