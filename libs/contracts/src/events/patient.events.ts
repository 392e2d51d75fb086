import { ArrayUnique, IsArray, IsDateString, IsEmail, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Channel, CHANNELS, ISO_DATE, Language, LANGUAGES } from '../common';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/**
 * What other services keep of a new patient: notification the first name and contact points with the
 * channel, language and opt-outs; scheduling the names and date of birth for day views; the timeline
 * the MRN and site. Nothing else leaves patient-records: not the middle or preferred name, address,
 * sex, gender identity, emergency contact, guarantor, nor a duplicate override's reason and candidates
 * (fields an earlier build sent, all optional, so dropping them broke no consumer and needed no v2;
 * the override stays on the record, `GET /patients/{id}`).
 */
export class PatientRegisteredData {
  @IsString() patientId: string;
  @IsString() mrn: string;
  @IsString() firstName: string;
  @IsString() lastName: string;
  @Matches(ISO_DATE) dateOfBirth: string;
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsEmail() email?: string;
  @IsIn(CHANNELS) preferredChannel: Channel;
  @IsString() registeredAtSiteId: string;
  /** Language of messages to the patient (default en). */
  @IsOptional() @IsIn(LANGUAGES) language?: Language;
  /** Channels the patient said no to; nothing is ever sent on them. */
  @IsOptional() @IsArray() @IsIn(CHANNELS, { each: true }) optedOutChannels?: Channel[];
}

export const PatientRegisteredV1 = defineEvent({
  type: 'patient.registered',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A patient was registered; carries demographics and the contact channel they chose.',
  data: PatientRegisteredData,
});

/** The full current contact details and communication preferences after a change. */
export class PatientContactUpdatedData {
  @IsString() patientId: string;
  @IsString() firstName: string;
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsEmail() email?: string;
  @IsIn(CHANNELS) preferredChannel: Channel;
  @IsIn(LANGUAGES) language: Language;
  @IsArray() @IsIn(CHANNELS, { each: true }) optedOutChannels: Channel[];
  @IsString() changedBy: string;
  @IsDateString({ strict: true }) changedAt: string;
}

export const PatientContactUpdatedV1 = defineEvent({
  type: 'patient.contact-updated',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: "A patient's contact details or communication preferences (channel, language, opt-outs) changed; carries the full new state.",
  data: PatientContactUpdatedData,
});

/**
 * Fields of a patient's record that changed, named as in the patient API (`firstName`, `address`,
 * `guarantor`, `phone`, ...). Only names: the values of fields no other service keeps a copy of
 * (address, guarantor, emergency contact, sex, gender identity) stay in patient-records.
 */
export const PATIENT_FIELDS = [
  'firstName',
  'middleName',
  'lastName',
  'preferredName',
  'dateOfBirth',
  'sexAtBirth',
  'genderIdentity',
  'address',
  'phone',
  'homePhone',
  'email',
  'preferredChannel',
  'language',
  'optedOutChannels',
  'emergencyContact',
  'guarantor',
] as const;
export type PatientField = (typeof PATIENT_FIELDS)[number];

/**
 * Any change of a patient's demographics or contact. `changedFields` says what changed; the rest is
 * the full current state of what other services keep copies of (scheduling: first and last name and
 * date of birth for day views; notification: first name and contact points for messages), so a consumer
 * replaces its copy, and keeps the newer one by `changedAt` when events come late or twice.
 * A change of contact details also publishes `patient.contact-updated` v1 for consumers of that.
 */
export class PatientDemographicsChangedData {
  @IsString() patientId: string;
  @IsArray() @ArrayUnique() @IsIn(PATIENT_FIELDS, { each: true }) changedFields: PatientField[];
  @IsString() firstName: string;
  @IsString() lastName: string;
  @Matches(ISO_DATE) dateOfBirth: string;
  /** Mobile, E.164: the SMS number. */
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsEmail() email?: string;
  @IsIn(CHANNELS) preferredChannel: Channel;
  @IsIn(LANGUAGES) language: Language;
  @IsArray() @IsIn(CHANNELS, { each: true }) optedOutChannels: Channel[];
  @IsString() changedBy: string;
  @IsDateString({ strict: true }) changedAt: string;
}

export const PatientDemographicsChangedV1 = defineEvent({
  type: 'patient.demographics-changed',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description:
    "A patient's demographics or contact changed: the names of the changed fields, and the current names, date of birth and contact points other services keep copies of.",
  data: PatientDemographicsChangedData,
});
