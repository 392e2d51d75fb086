import { ApiProperty } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Channel, CHANNELS, ISO_DATE, Language, LANGUAGES } from '../common';
import { E164 } from './common.dto';

export class RegisterPatientRequest {
  @ApiProperty({ example: 'Maria' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName: string;

  @ApiProperty({ example: 'Lopez' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName: string;

  @ApiProperty({ example: '1984-03-12', description: 'YYYY-MM-DD' })
  @Matches(ISO_DATE, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth: string;

  @ApiProperty({ required: false, example: '+15550123456', description: 'E.164; required when preferredChannel is sms' })
  @ValidateIf((o: RegisterPatientRequest) => o.preferredChannel === 'sms' || o.phone !== undefined)
  @Matches(E164, { message: 'phone must be an E.164 number such as +15550123456' })
  phone?: string;

  @ApiProperty({ required: false, example: 'maria.lopez@example.com', description: 'Required when preferredChannel is email' })
  @ValidateIf((o: RegisterPatientRequest) => o.preferredChannel === 'email' || o.email !== undefined)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: CHANNELS, example: 'email' })
  @IsIn(CHANNELS)
  preferredChannel: Channel;

  @ApiProperty({ required: false, enum: LANGUAGES, default: 'en', description: 'Language of messages to the patient' })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiProperty({ required: false, enum: CHANNELS, isArray: true, default: [], description: 'Channels the patient does not want messages on' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  optedOutChannels?: Channel[];

  @ApiProperty({ required: false, description: "Site registering the patient; defaults to the caller's first site" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}

/** A change of contact details or communication preferences; absent fields keep their value, null clears phone or email (IsOptional lets null through). */
export class UpdatePatientContactRequest {
  @ApiProperty({ required: false, nullable: true, example: '+15550123456', description: 'E.164; null removes it' })
  @IsOptional()
  @Matches(E164, { message: 'phone must be an E.164 number such as +15550123456' })
  phone?: string | null;

  @ApiProperty({ required: false, nullable: true, example: 'maria.lopez@example.com', description: 'null removes it' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiProperty({ required: false, enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  preferredChannel?: Channel;

  @ApiProperty({ required: false, enum: LANGUAGES })
  @IsOptional()
  @IsIn(LANGUAGES)
  language?: Language;

  @ApiProperty({ required: false, enum: CHANNELS, isArray: true, description: 'The full list of channels the patient opted out of' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  optedOutChannels?: Channel[];
}

export class PatientDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'MRN-00000042', description: 'Medical record number' }) mrn: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty({ required: false }) phone?: string;
  @ApiProperty({ required: false }) email?: string;
  @ApiProperty({ enum: CHANNELS }) preferredChannel: Channel;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ enum: CHANNELS, isArray: true }) optedOutChannels: Channel[];
  @ApiProperty() registeredAtSiteId: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ required: false }) updatedAt?: string;
}
