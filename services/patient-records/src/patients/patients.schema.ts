import { Schema } from 'mongoose';
import {
  Channel,
  CHANNELS,
  GenderIdentity,
  GENDER_IDENTITIES,
  GuarantorKind,
  Language,
  LANGUAGES,
  Relationship,
  SexAtBirth,
  SEXES_AT_BIRTH,
} from '@clinic-flow/contracts';

export interface Address {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export interface EmergencyContact {
  name: string;
  relationship: Relationship;
  /** E.164 */
  phone: string;
}

/** Who pays: the patient, or a responsible party with their own contact and address. */
export interface Guarantor {
  kind: GuarantorKind;
  relationship?: Relationship;
  firstName?: string;
  lastName?: string;
  dateOfBirth?: string;
  phone?: string;
  email?: string;
  address?: Address;
}

/** The registrar registered the patient although these candidates looked like the same person. */
export interface DuplicateOverride {
  reason: string;
  candidatePatientIds: string[];
  by: string;
  at: Date;
}

export interface PatientRecord {
  _id: string;
  version: number;
  mrn: string;
  firstName: string;
  middleName?: string;
  lastName: string;
  preferredName?: string;
  dateOfBirth: string;
  sexAtBirth?: SexAtBirth;
  genderIdentity?: GenderIdentity;
  address?: Address;
  /** Mobile, E.164: the SMS number. */
  phone?: string;
  /** E.164 */
  homePhone?: string;
  email?: string;
  preferredChannel: Channel;
  /** Language of messages to the patient; absent on patients registered before it existed (= en). */
  language?: Language;
  /** Channels the patient said no to: notification never uses them. */
  optedOutChannels?: Channel[];
  emergencyContact?: EmergencyContact;
  /** Absent: the patient is their own guarantor. */
  guarantor?: Guarantor;
  duplicateOverride?: DuplicateOverride;
  registeredAtSiteId: string;
  /**
   * Care relationship (issue 10): the other sites where the patient has had an appointment or visit
   * (and those of records merged into it). Added from scheduling's appointment events, never taken
   * away: a past visit keeps the relationship. See care-relationship.rules.ts.
   */
  careSiteIds?: string[];
  registeredBy: string;
  createdAt: Date;
  updatedAt: Date;
  // Merges (src/merges): a merged record points at its survivor; the survivor lists what was merged into it.
  /** Set on a record merged into another: it no longer opens (409 PATIENT.MERGED), search leaves it out; its entries belong to the survivor. */
  mergedIntoPatientId?: string;
  /** On a survivor: the records merged into it; their entries are the survivor's (PatientAccess recordIds). */
  mergedPatientIds?: string[];
  /** On a merged record: the merge that made it so (what an unmerge checks and the merge history is made from). */
  merge?: PatientMergeMark;
  /** On a record unmerged again: the last unmerge (the merge history is completed from it after a crash). */
  lastUnmerge?: { mergeId: string; reason: string; by: string; at: Date };
}

export interface PatientMergeMark {
  id: string;
  reason: string;
  by: string;
  at: Date;
  undoableUntil: Date;
}

const AddressSchema = new Schema<Address>({ line1: String, line2: String, city: String, state: String, postalCode: String, country: String }, { _id: false });

export const PatientSchema = new Schema<PatientRecord>(
  {
    _id: String,
    mrn: { type: String, required: true, unique: true },
    firstName: { type: String, required: true },
    middleName: String,
    lastName: { type: String, required: true },
    preferredName: String,
    dateOfBirth: { type: String, required: true },
    sexAtBirth: { type: String, enum: SEXES_AT_BIRTH },
    genderIdentity: { type: String, enum: GENDER_IDENTITIES },
    address: { type: AddressSchema, default: undefined },
    phone: String,
    homePhone: String,
    email: String,
    preferredChannel: { type: String, enum: CHANNELS, required: true },
    language: { type: String, enum: LANGUAGES },
    optedOutChannels: { type: [String], enum: CHANNELS, default: undefined },
    emergencyContact: { type: new Schema({ name: String, relationship: String, phone: String }, { _id: false }), default: undefined },
    guarantor: {
      type: new Schema(
        { kind: String, relationship: String, firstName: String, lastName: String, dateOfBirth: String, phone: String, email: String, address: { type: AddressSchema, default: undefined } },
        { _id: false },
      ),
      default: undefined,
    },
    duplicateOverride: { type: new Schema({ reason: String, candidatePatientIds: [String], by: String, at: Date }, { _id: false }), default: undefined },
    registeredAtSiteId: { type: String, required: true },
    careSiteIds: { type: [String], default: undefined },
    registeredBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
    mergedIntoPatientId: String,
    mergedPatientIds: { type: [String], default: undefined },
    merge: { type: { id: String, reason: String, by: String, at: Date, undoableUntil: Date }, _id: false, default: undefined },
    lastUnmerge: { type: { mergeId: String, reason: String, by: String, at: Date }, _id: false, default: undefined },
  },
  { versionKey: false },
);

/** What of a patient is stored sealed (encrypted at rest): the person, their contacts, and staff's free text about them. */
export const PATIENT_SEALED_FIELDS = [
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
  'emergencyContact',
  'guarantor',
  'duplicateOverride',
  'merge',
  'lastUnmerge',
] as const satisfies ReadonlyArray<keyof PatientRecord>;

export interface CounterRecord {
  _id: string;
  seq: number;
}

export const CounterSchema = new Schema<CounterRecord>({ _id: String, seq: Number }, { versionKey: false });
