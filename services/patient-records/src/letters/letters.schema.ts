import { Schema } from 'mongoose';
import { LANGUAGES, Language, LETTER_DELIVERIES, LETTER_KINDS, LETTER_STATUSES, LetterDelivery, LetterKind, LetterStatus } from '@clinic-flow/contracts';

/** A letter issued to a patient: which template (and version) wrote it, where its PDF is, how it goes out. */
export interface LetterRecord {
  _id: string;
  version: number;
  patientId: string;
  siteId: string;
  kind: LetterKind;
  language: Language;
  /** `kind@version` of the template. */
  template: string;
  delivery: LetterDelivery;
  status: LetterStatus;
  /** The stored PDF (a patient document). */
  documentId: string;
  referralId?: string;
  issuedBy: string;
  issuedAt: Date;
  printedAt?: Date;
  printedBy?: string;
}

export const LetterSchema = new Schema<LetterRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    kind: { type: String, enum: LETTER_KINDS, required: true },
    language: { type: String, enum: LANGUAGES, required: true },
    template: { type: String, required: true },
    delivery: { type: String, enum: LETTER_DELIVERIES, required: true },
    status: { type: String, enum: LETTER_STATUSES, required: true },
    documentId: { type: String, required: true },
    referralId: String,
    issuedBy: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    printedAt: Date,
    printedBy: String,
  },
  { versionKey: false },
);
