import { Schema } from 'mongoose';
import { Channel, CHANNELS, CONSENT_KINDS, ConsentKind, ConsentStatus, CONSENT_STATUSES, SIGNER_TYPES, SignerType } from '@clinic-flow/contracts';

export interface ConsentSignature {
  formVersion: string;
  signerType: SignerType;
  representativeName?: string;
  relationship?: string;
  typedName: string;
  signedAt: Date;
  ip?: string;
  userAgent?: string;
  witnessedBy: string;
  documentId?: string;
}

export interface ConsentRevocation {
  revokedAt: Date;
  revokedBy: string;
  reason: string;
}

export type ConsentHistoryEntry = ({ action: 'signed' } & ConsentSignature) | ({ action: 'revoked' } & ConsentRevocation);

/**
 * A patient's consent of one kind (and, for communication, one channel): one document per
 * subject, `_id` = `<patientId>:<kind>[:<channel>]`, so signing again or revoking is one update
 * of one document and the whole story stays in `history`.
 */
export interface ConsentRecord {
  _id: string;
  version: number;
  patientId: string;
  siteId: string;
  kind: ConsentKind;
  channel?: Channel;
  status: ConsentStatus;
  signature: ConsentSignature;
  revocation?: ConsentRevocation;
  history: ConsentHistoryEntry[];
  createdAt: Date;
  updatedAt: Date;
}

/** A signature or a revocation, as it happened (one shape for both; `action` says which). */
const HistorySchema = new Schema(
  {
    action: { type: String, enum: ['signed', 'revoked'], required: true },
    formVersion: String,
    signerType: { type: String, enum: SIGNER_TYPES },
    representativeName: String,
    relationship: String,
    typedName: String,
    signedAt: Date,
    ip: String,
    userAgent: String,
    witnessedBy: String,
    documentId: String,
    revokedAt: Date,
    revokedBy: String,
    reason: String,
  },
  { _id: false, versionKey: false },
);

export const ConsentSchema = new Schema<ConsentRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    kind: { type: String, enum: CONSENT_KINDS, required: true },
    channel: { type: String, enum: CHANNELS },
    status: { type: String, enum: CONSENT_STATUSES, required: true },
    signature: {
      formVersion: { type: String, required: true },
      signerType: { type: String, enum: SIGNER_TYPES, required: true },
      representativeName: String,
      relationship: String,
      typedName: { type: String, required: true },
      signedAt: { type: Date, required: true },
      ip: String,
      userAgent: String,
      witnessedBy: { type: String, required: true },
      documentId: String,
    },
    revocation: { type: { revokedAt: Date, revokedBy: String, reason: String }, default: undefined, _id: false },
    history: { type: [HistorySchema], required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
