import { IsEmail, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { Channel, CHANNELS, ISO_DATE } from '../common';
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
}

export const PatientRegisteredV1 = defineEvent({
  type: 'patient.registered',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A patient was registered; carries demographics and the contact channel they chose.',
  data: PatientRegisteredData,
});
