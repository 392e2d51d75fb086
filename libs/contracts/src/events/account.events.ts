import { IsIn, IsInt, IsOptional, IsString, Min } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';

/*
 * Guarantors' accounts, owned by the billing service: ledger postings, payments, refunds, payment
 * plans and statements. Subject (Kafka key) = the account id, so one account's events stay in
 * order. They carry ids, amounts in integer cents and dates: never names, addresses or card data
 * (a card appears only as the simulator's payment reference). A patient message built from them
 * says a statement is ready, never the amount (see notification's statement consumer).
 */

export const LEDGER_ENTRY_TYPES = [
  'charge',
  'payment',
  'adjustment',
  'refund',
  'transfer-to-patient',
  'transfer-from-insurance',
  'reversal',
] as const;
export type LedgerEntryType = (typeof LEDGER_ENTRY_TYPES)[number];

export const PAYMENT_METHODS = ['cash', 'check', 'card'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** How money reached the ledger: a patient's payment methods, and `eft` for a payer's ACH or wire transfer (835 BPR04 ACH/FWT). */
export const LEDGER_PAYMENT_METHODS = [...PAYMENT_METHODS, 'eft'] as const;
export type LedgerPaymentMethod = (typeof LEDGER_PAYMENT_METHODS)[number];

/** Where a statement stands in the dunning sequence: the statement, a reminder, a final notice, then collections review. */
export const DUNNING_LEVELS = ['statement', 'reminder', 'final-notice', 'collections-review'] as const;
export type DunningLevel = (typeof DUNNING_LEVELS)[number];

export class LedgerPostedData {
  @IsString() accountId: string;
  @IsString() patientId: string;
  @IsString() postingId: string;
  /** The entry types of the posting, in order. */
  @IsIn(LEDGER_ENTRY_TYPES, { each: true }) entryTypes: LedgerEntryType[];
  /** Balances after the posting (cents): total, the patient's share, insurance pending, credit. */
  @IsInt() totalCents: number;
  @IsInt() patientCents: number;
  @IsInt() insuranceCents: number;
  @IsInt() @Min(0) creditCents: number;
  /** Who or what posted it (a user id, or service:<flow>). */
  @IsString() source: string;
}

export class PaymentReceivedData {
  @IsString() accountId: string;
  @IsString() patientId: string;
  @IsString() paymentId: string;
  @IsIn(PAYMENT_METHODS) method: PaymentMethod;
  @IsInt() @Min(1) amountCents: number;
  @IsOptional() @IsString() siteId?: string;
  @IsOptional() @IsString() appointmentId?: string;
  /** The processor's reference of a card payment. */
  @IsOptional() @IsString() processorReference?: string;
  @IsString() receivedBy: string;
}

export class PaymentRefundedData {
  @IsString() accountId: string;
  @IsString() patientId: string;
  @IsString() refundId: string;
  @IsIn(PAYMENT_METHODS) method: PaymentMethod;
  @IsInt() @Min(1) amountCents: number;
  @IsOptional() @IsString() originalPaymentId?: string;
  @IsString() refundedBy: string;
}

export class PaymentPlanCreatedData {
  @IsString() accountId: string;
  @IsString() patientId: string;
  @IsString() planId: string;
  @IsInt() @Min(1) amountPerMonthCents: number;
  @IsInt() @Min(1) dayOfMonth: number;
  @IsIn(['card-on-file', 'manual']) mode: 'card-on-file' | 'manual';
  @IsString() createdBy: string;
}

export class StatementIssuedData {
  @IsString() accountId: string;
  @IsString() patientId: string;
  @IsString() statementId: string;
  @IsString() siteId: string;
  @IsString() siteName: string;
  @IsString() siteTimeZone: string;
  @IsInt() @Min(0) amountDueCents: number;
  /** YYYY-MM-DD */
  @IsString() dueDate: string;
  @IsIn(DUNNING_LEVELS) dunningLevel: DunningLevel;
  @IsString() issuedAt: string;
}

export const LedgerPostedV1 = defineEvent({
  type: 'ledger.posted',
  version: 1,
  topic: Topics.accounts,
  producer: 'billing',
  description: "A posting (one or more ledger entries, all or nothing) was written to a guarantor's account.",
  data: LedgerPostedData,
});

export const PaymentReceivedV1 = defineEvent({
  type: 'payment.received',
  version: 1,
  topic: Topics.accounts,
  producer: 'billing',
  description: 'A patient payment (cash, check, or a captured card) was recorded on an account.',
  data: PaymentReceivedData,
});

export const PaymentRefundedV1 = defineEvent({
  type: 'payment.refunded',
  version: 1,
  topic: Topics.accounts,
  producer: 'billing',
  description: "A credit balance was refunded to the guarantor (to the original card, or by check).",
  data: PaymentRefundedData,
});

export const PaymentPlanCreatedV1 = defineEvent({
  type: 'payment-plan.created',
  version: 1,
  topic: Topics.accounts,
  producer: 'billing',
  description: 'A payment plan (amount per month, day of month, card on file or manual) was agreed on an account.',
  data: PaymentPlanCreatedData,
});

export const StatementIssuedV1 = defineEvent({
  type: 'statement.issued',
  version: 1,
  topic: Topics.accounts,
  producer: 'billing',
  description: 'A statement (or a dunning reminder, final notice) was issued for an account with a patient balance; notification tells the patient it is ready.',
  data: StatementIssuedData,
});
