import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateIf, ValidateNested } from 'class-validator';
import { Channel, CHANNELS, ISO_DATE, Language, LANGUAGES } from '../common';
import { IsPhone } from '../phone';
import { PageQuery } from './common.dto';

/** Sex assigned at birth (US Core birth sex: F, M, UNK). */
export const SEXES_AT_BIRTH = ['female', 'male', 'unknown'] as const;
export type SexAtBirth = (typeof SEXES_AT_BIRTH)[number];

/** Gender identity, coded after the US Core gender identity value set; optional, never inferred. */
export const GENDER_IDENTITIES = ['female', 'male', 'non-binary', 'transgender-female', 'transgender-male', 'other', 'asked-declined'] as const;
export type GenderIdentity = (typeof GENDER_IDENTITIES)[number];

/** How an emergency contact or a guarantor is related to the patient. */
export const RELATIONSHIPS = ['spouse', 'partner', 'parent', 'child', 'sibling', 'guardian', 'grandparent', 'friend', 'other'] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

export const GUARANTOR_KINDS = ['self', 'responsible-party'] as const;
export type GuarantorKind = (typeof GUARANTOR_KINDS)[number];

export class AddressDto {
  @ApiProperty({ example: '12 Main St' }) @IsString() @MinLength(1) @MaxLength(200) line1: string;
  @ApiProperty({ required: false, example: 'Apt 4B' }) @IsOptional() @IsString() @MaxLength(200) line2?: string;
  @ApiProperty({ example: 'New York' }) @IsString() @MinLength(1) @MaxLength(100) city: string;
  @ApiProperty({ example: 'NY', description: 'State or region; a US address uses the two-letter code' }) @IsString() @MinLength(1) @MaxLength(100) state: string;
  @ApiProperty({ example: '10001', description: 'A US address: 12345 or 12345-6789' }) @IsString() @MinLength(1) @MaxLength(20) postalCode: string;
  @ApiProperty({ required: false, default: 'US', example: 'US', description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code such as US' })
  country?: string;
}

export class EmergencyContactDto {
  @ApiProperty({ example: 'Jose Lopez' }) @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty({ enum: RELATIONSHIPS }) @IsIn(RELATIONSHIPS) relationship: Relationship;
  @ApiProperty({ example: '(555) 012-9999' }) @IsPhone() phone: string;
}

/** Who pays: the patient (self) or a responsible party with their own contact and address (billing needs them). */
export class GuarantorDto {
  @ApiProperty({ enum: GUARANTOR_KINDS }) @IsIn(GUARANTOR_KINDS) kind: GuarantorKind;

  @ApiProperty({ required: false, enum: RELATIONSHIPS, description: 'Required for a responsible party' })
  @ValidateIf((o: GuarantorDto) => o.kind === 'responsible-party' || o.relationship !== undefined)
  @IsIn(RELATIONSHIPS)
  relationship?: Relationship;

  @ApiProperty({ required: false, description: 'Required for a responsible party' })
  @ValidateIf((o: GuarantorDto) => o.kind === 'responsible-party' || o.firstName !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  firstName?: string;

  @ApiProperty({ required: false, description: 'Required for a responsible party' })
  @ValidateIf((o: GuarantorDto) => o.kind === 'responsible-party' || o.lastName !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  lastName?: string;

  @ApiProperty({ required: false, example: '1960-02-01', description: 'YYYY-MM-DD; required for a responsible party' })
  @ValidateIf((o: GuarantorDto) => o.kind === 'responsible-party' || o.dateOfBirth !== undefined)
  @Matches(ISO_DATE, { message: 'guarantor dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiProperty({ required: false, description: 'Required for a responsible party' })
  @ValidateIf((o: GuarantorDto) => o.kind === 'responsible-party' || o.phone !== undefined)
  @IsPhone()
  phone?: string;

  @ApiProperty({ required: false })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({ required: false, type: AddressDto, description: 'Required for a responsible party' })
  @ValidateIf((o: GuarantorDto) => o.kind === 'responsible-party' || o.address !== undefined)
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
}

/** The registrar saw the possible duplicates and registers anyway, saying why. */
export class DuplicateOverrideDto {
  @ApiProperty({ example: 'Twin of MRN-00000042; confirmed with the patient' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason: string;
}

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

  @ApiProperty({ required: false, example: '(555) 012-3456', description: 'Mobile phone, the SMS number; any common US format or +international, stored as E.164; required when preferredChannel is sms' })
  @ValidateIf((o: RegisterPatientRequest) => o.preferredChannel === 'sms' || o.phone !== undefined)
  @IsPhone()
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

  @ApiProperty({ required: false, example: 'Elena' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  middleName?: string;

  @ApiProperty({ required: false, example: 'Mari', description: 'What the patient likes to be called' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  preferredName?: string;

  @ApiProperty({ required: false, enum: SEXES_AT_BIRTH })
  @IsOptional()
  @IsIn(SEXES_AT_BIRTH)
  sexAtBirth?: SexAtBirth;

  @ApiProperty({ required: false, enum: GENDER_IDENTITIES })
  @IsOptional()
  @IsIn(GENDER_IDENTITIES)
  genderIdentity?: GenderIdentity;

  @ApiProperty({ required: false, type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiProperty({ required: false, example: '555.012.7777', description: 'Any common US format or +international; stored as E.164' })
  @IsOptional()
  @IsPhone()
  homePhone?: string;

  @ApiProperty({ required: false, type: EmergencyContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmergencyContactDto)
  emergencyContact?: EmergencyContactDto;

  @ApiProperty({ required: false, type: GuarantorDto, description: 'Defaults to self' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuarantorDto)
  guarantor?: GuarantorDto;

  @ApiProperty({
    required: false,
    type: DuplicateOverrideDto,
    description: 'Register although possible duplicates exist (409 PATIENT.POSSIBLE_DUPLICATE otherwise); the reason is kept on the record and in patient.registered',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DuplicateOverrideDto)
  duplicateOverride?: DuplicateOverrideDto;

  @ApiProperty({ required: false, description: "Site registering the patient; defaults to the caller's first site" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}

/** A change of contact details or communication preferences; absent fields keep their value, null clears phone or email (IsOptional lets null through). */
export class UpdatePatientContactRequest {
  @ApiProperty({ required: false, nullable: true, example: '+15550123456', description: 'Mobile phone in any common US format or +international (stored as E.164); null removes it' })
  @IsOptional()
  @IsPhone()
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

/**
 * A change of demographics: absent fields keep their value; null clears an optional one (names
 * and the date of birth cannot be cleared). Every change publishes patient.demographics-changed
 * with the names of the changed fields.
 */
export class UpdatePatientDemographicsRequest {
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) firstName?: string;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @IsString() @MaxLength(100) middleName?: string | null;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MinLength(1) @MaxLength(100) lastName?: string;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @IsString() @MaxLength(100) preferredName?: string | null;

  @ApiProperty({ required: false, example: '1984-03-12', description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(ISO_DATE, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth?: string;

  @ApiProperty({ required: false, nullable: true, enum: SEXES_AT_BIRTH }) @IsOptional() @IsIn(SEXES_AT_BIRTH) sexAtBirth?: SexAtBirth | null;
  @ApiProperty({ required: false, nullable: true, enum: GENDER_IDENTITIES }) @IsOptional() @IsIn(GENDER_IDENTITIES) genderIdentity?: GenderIdentity | null;

  @ApiProperty({ required: false, nullable: true, type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto | null;

  @ApiProperty({ required: false, nullable: true, example: '(555) 012-3456', description: 'Mobile phone, the SMS number' })
  @IsOptional()
  @IsPhone()
  phone?: string | null;

  @ApiProperty({ required: false, nullable: true }) @IsOptional() @IsPhone() homePhone?: string | null;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @IsEmail() @MaxLength(254) email?: string | null;
  @ApiProperty({ required: false, enum: CHANNELS }) @IsOptional() @IsIn(CHANNELS) preferredChannel?: Channel;
  @ApiProperty({ required: false, enum: LANGUAGES }) @IsOptional() @IsIn(LANGUAGES) language?: Language;

  @ApiProperty({ required: false, enum: CHANNELS, isArray: true, description: 'The full list of channels the patient opted out of' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsIn(CHANNELS, { each: true })
  optedOutChannels?: Channel[];

  @ApiProperty({ required: false, nullable: true, type: EmergencyContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EmergencyContactDto)
  emergencyContact?: EmergencyContactDto | null;

  @ApiProperty({ required: false, nullable: true, type: GuarantorDto, description: 'null: the patient is their own guarantor' })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuarantorDto)
  guarantor?: GuarantorDto | null;
}

export class PatientDuplicateOverrideDto {
  @ApiProperty() reason: string;
  @ApiProperty({ type: [String], description: 'The candidates shown when the registrar chose to register anyway' }) candidatePatientIds: string[];
  @ApiProperty() by: string;
  @ApiProperty() at: string;
}

export class PatientDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'MRN-00000042', description: 'Medical record number' }) mrn: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ required: false }) middleName?: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ required: false }) preferredName?: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty({ required: false, enum: SEXES_AT_BIRTH }) sexAtBirth?: SexAtBirth;
  @ApiProperty({ required: false, enum: GENDER_IDENTITIES }) genderIdentity?: GenderIdentity;
  @ApiProperty({ required: false, type: AddressDto }) address?: AddressDto;
  @ApiProperty({ required: false, description: 'Mobile, E.164' }) phone?: string;
  @ApiProperty({ required: false, description: 'E.164' }) homePhone?: string;
  @ApiProperty({ required: false }) email?: string;
  @ApiProperty({ enum: CHANNELS }) preferredChannel: Channel;
  @ApiProperty({ enum: LANGUAGES }) language: Language;
  @ApiProperty({ enum: CHANNELS, isArray: true }) optedOutChannels: Channel[];
  @ApiProperty({ required: false, type: EmergencyContactDto }) emergencyContact?: EmergencyContactDto;
  @ApiProperty({ type: GuarantorDto }) guarantor: GuarantorDto;
  @ApiProperty({ required: false, type: PatientDuplicateOverrideDto }) duplicateOverride?: PatientDuplicateOverrideDto;
  @ApiProperty({ required: false, description: 'Set when this record was merged into another (the survivor)' }) mergedIntoPatientId?: string;
  @ApiProperty() registeredAtSiteId: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ required: false }) updatedAt?: string;
}

/** GET /patients?q=: the front desk's search box. */
export class PatientSearchQuery extends PageQuery {
  @ApiProperty({
    example: 'garcia 1984-03-12',
    description: 'Words of a name (prefix, any order, accents and case ignored, one typo tolerated), a date of birth (1984-03-12, 03/12/1984, 3/12/84, 03121984) or birth year, a phone number in any format or its last digits, an MRN, an email; every word must match',
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q: string;

  @ApiProperty({ required: false, description: "Only patients registered at this site (one of the caller's); default: all of the caller's sites" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}

export class PatientMatchDto {
  @ApiProperty({ description: 'The word of the query' }) term: string;
  @ApiProperty({ example: 'lastName' }) field: string;
  @ApiProperty({ example: 'exact', description: 'exact, prefix, typo (one edit), year (a birth year), suffix (last digits of a phone)' }) how: string;
}

export class PatientSearchHitDto {
  @ApiProperty() id: string;
  @ApiProperty() mrn: string;
  @ApiProperty() firstName: string;
  @ApiProperty({ required: false }) middleName?: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ required: false }) preferredName?: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty({ required: false }) phone?: string;
  @ApiProperty({ required: false }) email?: string;
  @ApiProperty() registeredAtSiteId: string;
  @ApiProperty({ description: 'Higher is better: the sum over the query words of exact 1, prefix 0.8, one typo 0.5' }) score: number;
  @ApiProperty({ type: [PatientMatchDto] }) matches: PatientMatchDto[];
}

/** What the registration screen knows so far; candidates come back while the registrar types. */
export class DuplicateCheckRequest {
  @ApiProperty({ example: 'Maria' }) @IsString() @MinLength(1) @MaxLength(100) firstName: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) middleName?: string;
  @ApiProperty({ example: 'Lopez' }) @IsString() @MinLength(1) @MaxLength(100) lastName: string;

  @ApiProperty({ example: '1984-03-12', description: 'YYYY-MM-DD' })
  @Matches(ISO_DATE, { message: 'dateOfBirth must be a date as YYYY-MM-DD' })
  dateOfBirth: string;

  @ApiProperty({ required: false }) @IsOptional() @IsPhone() phone?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsPhone() homePhone?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsEmail() @MaxLength(254) email?: string;

  @ApiProperty({ required: false, description: "The site registering; defaults to the caller's first site" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  siteId?: string;
}

export class DuplicateReasonDto {
  @ApiProperty({ example: 'lastName' }) field: string;
  @ApiProperty({ example: 'one-typo', description: 'exact, one-typo, name-part (one part of a two-part name), swapped (first and last name exchanged), preferred-name, month-day-swapped, one-digit, same' }) how: string;
}

export class DuplicateCandidateDto {
  @ApiProperty() id: string;
  @ApiProperty() mrn: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty() dateOfBirth: string;
  @ApiProperty() registeredAtSiteId: string;
  @ApiProperty({ minimum: 0, maximum: 1, example: 0.93 }) score: number;
  @ApiProperty({ type: [DuplicateReasonDto] }) reasons: DuplicateReasonDto[];
  @ApiProperty({ example: 'last name exact, first name one typo, date of birth exact, phone same' }) summary: string;
}

export class DuplicateCheckResponse {
  @ApiProperty({ type: [DuplicateCandidateDto], description: 'Likely duplicates, best first (empty: none)' }) candidates: DuplicateCandidateDto[];
  @ApiProperty({
    description:
      "Likely matches outside the caller's care relationship: counted, never named. A possible match exists elsewhere in the network; open it by breaking the glass (POST /patients/{id}/break-glass) with the id the patient or the other site gives, or register with duplicateOverride.reason.",
    example: 0,
  })
  matchesElsewhere: number;
}
