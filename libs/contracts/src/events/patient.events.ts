import { IsArray, IsDateString, IsEmail, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Channel, CHANNELS, ISO_DATE, Language, LANGUAGES } from '../common';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

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
