import { IsDateString, IsIn, IsOptional, IsString } from 'class-validator';
import { Channel, CHANNELS } from '../common';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/** The consents and acknowledgements a patient signs at the front desk. */
export const CONSENT_KINDS = ['privacy-notice', 'consent-to-treat', 'communication', 'financial-responsibility'] as const;
export type ConsentKind = (typeof CONSENT_KINDS)[number];

export const SIGNER_TYPES = ['patient', 'representative'] as const;
export type SignerType = (typeof SIGNER_TYPES)[number];

/** Ids, kind, form version and when: no signer names or revocation reasons (they may identify people). */
class ConsentEventData {
  @IsString() consentId: string;
  @IsString() patientId: string;
  @IsIn(CONSENT_KINDS) kind: ConsentKind;
  /** The channel a communication consent covers (absent for the other kinds). */
  @IsOptional() @IsIn(CHANNELS) channel?: Channel;
  @IsString() formVersion: string;
}

export class ConsentSignedData extends ConsentEventData {
  @IsIn(SIGNER_TYPES) signerType: SignerType;
  @IsDateString({ strict: true }) signedAt: string;
  /** Staff user who witnessed the signature. */
  @IsString() witnessedBy: string;
  /** The scanned signed form, when one was linked. */
  @IsOptional() @IsString() documentId?: string;
}

export class ConsentRevokedData extends ConsentEventData {
  @IsDateString({ strict: true }) revokedAt: string;
  @IsString() revokedBy: string;
}

export const ConsentSignedV1 = defineEvent({
  type: 'consent.signed',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A patient (or representative) signed a consent form version; a communication consent makes its channel usable again.',
  data: ConsentSignedData,
});

export const ConsentRevokedV1 = defineEvent({
  type: 'consent.revoked',
  version: 1,
  topic: Topics.patients,
  producer: 'patient-records',
  description: 'A consent was revoked; a revoked communication consent stops every message on its channel.',
  data: ConsentRevokedData,
});
