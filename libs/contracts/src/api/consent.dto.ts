import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { Channel, CHANNELS } from '../common';
import { CONSENT_KINDS, ConsentKind, SIGNER_TYPES, SignerType } from '../events/consent.events';

export const CONSENT_STATUSES = ['active', 'revoked'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** A version of a consent form in the catalogue. */
export class ConsentFormDto {
  @ApiProperty({ enum: CONSENT_KINDS }) kind: ConsentKind;
  @ApiProperty({ example: '2026-01' }) version: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'What the signer agrees to, as shown at signing' }) text: string;
  @ApiProperty({ example: '2026-01-01' }) effectiveFrom: string;
  @ApiProperty({ description: 'The version new signatures must be of' }) current: boolean;
}

export class SignConsentRequest {
  @ApiProperty({ enum: CONSENT_KINDS })
  @IsIn(CONSENT_KINDS)
  kind: ConsentKind;

  @ApiProperty({ required: false, enum: CHANNELS, description: 'Required for (and only for) a communication consent' })
  @ValidateIf((o: SignConsentRequest) => o.kind === 'communication' || o.channel !== undefined)
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiProperty({ example: '2026-01', description: "The form version shown to the signer; must be the kind's current version" })
  @IsString()
  @MaxLength(40)
  formVersion: string;

  @ApiProperty({ enum: SIGNER_TYPES })
  @IsIn(SIGNER_TYPES)
  signerType: SignerType;

  @ApiProperty({ required: false, example: 'Ana Lopez', description: 'Required when a representative signs' })
  @ValidateIf((o: SignConsentRequest) => o.signerType === 'representative' || o.representativeName !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  representativeName?: string;

  @ApiProperty({ required: false, example: 'parent', description: 'Required when a representative signs (parent, guardian, spouse, power of attorney...)' })
  @ValidateIf((o: SignConsentRequest) => o.signerType === 'representative' || o.relationship !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  relationship?: string;

  @ApiProperty({ example: 'Maria Lopez', description: 'The e-signature: the name as the signer typed it' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  typedName: string;

  @ApiProperty({ required: false, description: "A scanned signed form (a document of this patient's, kind signed-form)" })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  documentId?: string;
}

export class RevokeConsentRequest {
  @ApiProperty({ example: 'Patient asked by phone to stop text messages' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  reason: string;
}

export class ConsentSignatureDto {
  @ApiProperty({ example: '2026-01' }) formVersion: string;
  @ApiProperty({ enum: SIGNER_TYPES }) signerType: SignerType;
  @ApiProperty({ required: false }) representativeName?: string;
  @ApiProperty({ required: false }) relationship?: string;
  @ApiProperty() typedName: string;
  @ApiProperty() signedAt: string;
  @ApiProperty({ required: false, description: 'Address the signature came from' }) ip?: string;
  @ApiProperty({ required: false }) userAgent?: string;
  @ApiProperty({ description: 'Staff user who witnessed it' }) witnessedBy: string;
  @ApiProperty({ required: false }) documentId?: string;
}

export class ConsentRevocationDto {
  @ApiProperty() revokedAt: string;
  @ApiProperty() revokedBy: string;
  @ApiProperty() reason: string;
}

/** A patient's consent of one kind (and channel): its current state and every signature and revocation. */
export class ConsentDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ enum: CONSENT_KINDS }) kind: ConsentKind;
  @ApiProperty({ required: false, enum: CHANNELS }) channel?: Channel;
  @ApiProperty({ enum: CONSENT_STATUSES }) status: ConsentStatus;
  @ApiProperty({ type: ConsentSignatureDto, description: 'The latest signature' }) signature: ConsentSignatureDto;
  @ApiProperty({ required: false, type: ConsentRevocationDto }) revocation?: ConsentRevocationDto;
  @ApiProperty({ type: [Object], description: 'Every signature and revocation, oldest first' })
  history: Array<({ action: 'signed' } & ConsentSignatureDto) | ({ action: 'revoked' } & ConsentRevocationDto)>;
  @ApiProperty({ description: 'Whether the signed version is the current one of its form' }) currentVersionSigned: boolean;
}
