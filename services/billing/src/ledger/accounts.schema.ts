import { Schema } from 'mongoose';
import type { AggregateRoot } from '@clinic-flow/messaging';
import type { DunningLevel, PaymentMethod } from '@clinic-flow/contracts';
import type { LedgerEntry } from './ledger.rules';

/** The guarantor as patient-records showed them when someone last acted on the account (statements are mailed to them). */
export interface GuarantorSnapshot {
  kind: 'self' | 'responsible-party';
  firstName: string;
  lastName: string;
  relationship?: string;
  address?: { line1: string; line2?: string; city: string; state: string; postalCode: string; country?: string };
  email?: string;
  phone?: string;
  /** The patient (statements name whose care it was for). */
  patientFirstName: string;
  patientLastName: string;
}

/** One posting as written: the key it was asked with, its entries, what it looked like (a reused key must carry the same). */
export interface PostingRecord {
  postingId: string;
  idempotencyKey: string;
  entryIds: string[];
  postedAt: Date;
}

/** A patient payment as taken (the ledger holds its entry; this holds how it was paid). */
export interface PaymentRecord {
  id: string;
  method: PaymentMethod;
  amountCents: number;
  idempotencyKey: string;
  siteId: string;
  appointmentId?: string;
  checkNumber?: string;
  processorReference?: string;
  amountSource?: string;
  refundedCents: number;
  receivedBy: string;
  receivedAt: Date;
}

export interface RefundRecord {
  id: string;
  method: 'card' | 'check';
  amountCents: number;
  idempotencyKey: string;
  siteId: string;
  originalPaymentId?: string;
  processorReference?: string;
  checkNumber?: string;
  refundedBy: string;
  refundedAt: Date;
}

/** Where the account stands in the dunning sequence (from the last statement with a balance). */
export interface DunningState {
  statementId: string;
  level: DunningLevel;
  /** When the first statement of this sequence was issued: the levels count from it. */
  sequenceStartedAt: Date;
  lastIssuedAt: Date;
  siteId: string;
}

/**
 * A guarantor's account (one per patient's guarantor) and its append-only ledger. The whole
 * ledger lives in this one document: a posting of several entries, its payment or refund record,
 * the new balances and its events are ONE guarded write (FerretDB has no multi-document
 * transactions), so the ledger never changes halfway and an idempotency key posts exactly once.
 * A document holds 16 MiB; an entry is ~300 bytes sealed, so tens of thousands of entries per
 * guarantor before an archive (closed years) would be needed. Guarantor, entries, payments and
 * refunds are patient data: sealed.
 */
export interface AccountRecord extends AggregateRoot {
  patientId: string;
  guarantor: GuarantorSnapshot;
  entries: LedgerEntry[];
  postings: PostingRecord[];
  payments: PaymentRecord[];
  refunds: RefundRecord[];
  /** The balances after the last posting (cents; kept in step with the entries in the same write). */
  balances: { totalCents: number; patientCents: number; insuranceCents: number; creditCents: number };
  /** The site statements come from: the site of the first entry (the account's home). */
  homeSiteId?: string;
  /** Day of month the statement cycle runs (1..28): the day the account was opened. */
  cycleDay: number;
  dunning?: DunningState;
  collectionsReview?: boolean;
  lastStatementAt?: Date;
  createdBy: string;
  createdAt: Date;
}

export const AccountSchema = new Schema<AccountRecord>(
  {
    _id: String,
    patientId: { type: String, required: true },
    guarantor: { type: Schema.Types.Mixed },
    entries: { type: [Schema.Types.Mixed], default: [] } as never,
    postings: { type: [Schema.Types.Mixed], default: [] } as never,
    payments: { type: [Schema.Types.Mixed], default: [] } as never,
    refunds: { type: [Schema.Types.Mixed], default: [] } as never,
    balances: { type: Schema.Types.Mixed, required: true },
    homeSiteId: String,
    cycleDay: { type: Number, required: true },
    dunning: { type: Schema.Types.Mixed },
    collectionsReview: Boolean,
    lastStatementAt: Date,
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
