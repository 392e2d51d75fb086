import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { ISO_DATE } from '../common';
import { DUNNING_LEVELS, DunningLevel, LEDGER_ENTRY_TYPES, LEDGER_PAYMENT_METHODS, LedgerEntryType, LedgerPaymentMethod, PAYMENT_METHODS, PaymentMethod } from '../events/account.events';

/*
 * Guarantors' accounts (issue 12): the ledger in integer cents, payments, refunds, payment plans,
 * statements. Amounts are validated as integers here; their sign and size against the balance are
 * the ledger's rules (a negative charge is 400 LEDGER.NEGATIVE_AMOUNT, not a validation message).
 */

const MAX_CENTS = 100_000_000; // $1,000,000.00

export const OVERPAYMENT_CHOICES = ['refuse', 'credit'] as const;
export type OverpaymentChoice = (typeof OVERPAYMENT_CHOICES)[number];

export const ADJUSTMENT_REASONS = ['contractual', 'courtesy', 'bad-debt', 'small-balance', 'correction', 'denial'] as const;
export type AdjustmentReason = (typeof ADJUSTMENT_REASONS)[number];

export class AccountBalancesDto {
  @ApiProperty({ description: 'Everything owed on the account: patient share plus insurance pending (cents); negative with a credit' }) totalCents: number;
  @ApiProperty({ description: "The patient's share still owed (cents, never below 0)" }) patientCents: number;
  @ApiProperty({ description: 'Billed to insurance, not paid or transferred yet (cents)' }) insuranceCents: number;
  @ApiProperty({ description: 'Paid beyond what is owed: refundable (cents)' }) creditCents: number;
}

export class GuarantorSnapshotDto {
  @ApiProperty({ enum: ['self', 'responsible-party'] }) kind: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiProperty({ required: false }) relationship?: string;
  @ApiProperty({ required: false, description: 'Statement mailing address, one line' }) address?: string;
}

export class LedgerEntryDto {
  @ApiProperty() id: string;
  @ApiProperty() postingId: string;
  @ApiProperty({ enum: LEDGER_ENTRY_TYPES }) type: LedgerEntryType;
  @ApiProperty({ description: 'Always positive; its effect follows from type and bucket' }) amountCents: number;
  @ApiProperty({ enum: ['patient', 'insurance'] }) bucket: 'patient' | 'insurance';
  @ApiProperty({ required: false, enum: LEDGER_PAYMENT_METHODS, description: 'A payment: cash, check or card from the patient; check or eft (ACH) from a payer' }) method?: LedgerPaymentMethod;
  @ApiProperty({ required: false, enum: ADJUSTMENT_REASONS }) reason?: AdjustmentReason;
  @ApiProperty({ required: false }) reversesEntryId?: string;
  @ApiProperty({ required: false }) visitId?: string;
  @ApiProperty({ required: false }) encounterId?: string;
  @ApiProperty({ required: false }) claimId?: string;
  @ApiProperty({ required: false }) siteId?: string;
  @ApiProperty({ required: false }) paymentId?: string;
  @ApiProperty({ description: 'Who or what posted it: a user id, or service:<flow>' }) source: string;
  @ApiProperty() idempotencyKey: string;
  @ApiProperty({ description: 'Account total after this entry (cents)' }) balanceAfterCents: number;
  @ApiProperty({ description: "The patient's net after this entry (cents; negative is a credit)" }) patientBalanceAfterCents: number;
  @ApiProperty() postedAt: string;
}

export class AccountDto {
  @ApiProperty() id: string;
  @ApiProperty() patientId: string;
  @ApiProperty({ type: GuarantorSnapshotDto }) guarantor: GuarantorSnapshotDto;
  @ApiProperty({ type: AccountBalancesDto }) balances: AccountBalancesDto;
  @ApiProperty({ type: LedgerEntryDto, isArray: true }) entries: LedgerEntryDto[];
  @ApiProperty({ required: false, enum: DUNNING_LEVELS }) dunningLevel?: DunningLevel;
  @ApiProperty({ required: false }) collectionsReview?: boolean;
  @ApiProperty() version: number;
}

export class PostChargeRequest {
  @ApiProperty({ example: 15000, description: 'Cents; never negative (a correction is an adjustment or a reversal)' }) @IsInt() @Max(MAX_CENTS) amountCents: number;
  @ApiProperty({ required: false, enum: ['patient', 'insurance'], default: 'patient', description: 'insurance: billed to a payer, pending' })
  @IsOptional() @IsIn(['patient', 'insurance']) bucket?: 'patient' | 'insurance';
  @ApiProperty({ required: false, description: 'The visit (appointment id) it belongs to' }) @IsOptional() @IsString() @MaxLength(100) visitId?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) encounterId?: string;
  @ApiProperty({ description: 'The site the charge belongs to (reports by site)' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ required: false, example: '2026-11-30', description: 'YYYY-MM-DD' }) @IsOptional() @Matches(ISO_DATE) dateOfService?: string;
}

export class PostAdjustmentRequest {
  @ApiProperty({ example: 2500 }) @IsInt() @Max(MAX_CENTS) amountCents: number;
  @ApiProperty({ enum: ADJUSTMENT_REASONS }) @IsIn(ADJUSTMENT_REASONS) reason: AdjustmentReason;
  @ApiProperty({ required: false, enum: ['patient', 'insurance'], default: 'patient' }) @IsOptional() @IsIn(['patient', 'insurance']) bucket?: 'patient' | 'insurance';
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) visitId?: string;
}

export class PostReversalRequest {
  @ApiProperty({ description: 'The entry to reverse (entries are never edited or deleted)' }) @IsString() @MinLength(1) entryId: string;
}

export class CreatePaymentRequest {
  @ApiProperty({ enum: PAYMENT_METHODS }) @IsIn(PAYMENT_METHODS) method: PaymentMethod;
  @ApiProperty({ example: 2500 }) @IsInt() @Max(MAX_CENTS) amountCents: number;
  @ApiProperty({ required: false, example: 'tok_approved', description: 'card: the processor token (never a card number)' }) @IsOptional() @IsString() @MaxLength(100) cardToken?: string;
  @ApiProperty({ required: false, example: '1042', description: 'check: the check number' }) @IsOptional() @IsString() @MaxLength(30) checkNumber?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) appointmentId?: string;
  @ApiProperty({ description: 'The site taking it' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
  @ApiProperty({ required: false, enum: OVERPAYMENT_CHOICES, default: 'refuse', description: 'More than the patient owes: refuse (409 PAYMENT.EXCEEDS_BALANCE) or keep it as credit' })
  @IsOptional() @IsIn(OVERPAYMENT_CHOICES) overpayment?: OverpaymentChoice;
}

export class CopayRequest {
  @ApiProperty({ enum: PAYMENT_METHODS }) @IsIn(PAYMENT_METHODS) method: PaymentMethod;
  @ApiProperty({ required: false, description: "Cents; defaults to insurance's check-in estimate (dueTodayCents)" }) @IsOptional() @IsInt() @Max(MAX_CENTS) amountCents?: number;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(100) cardToken?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(30) checkNumber?: string;
}

export class PaymentDto {
  @ApiProperty() id: string;
  @ApiProperty() accountId: string;
  @ApiProperty({ enum: PAYMENT_METHODS }) method: PaymentMethod;
  @ApiProperty() amountCents: number;
  @ApiProperty({ required: false }) processorReference?: string;
  @ApiProperty({ required: false }) checkNumber?: string;
  @ApiProperty({ required: false }) appointmentId?: string;
  @ApiProperty({ required: false, description: 'Copays: where the amount came from' }) amountSource?: string;
  @ApiProperty({ type: AccountBalancesDto }) balances: AccountBalancesDto;
  @ApiProperty({ description: 'false: the same Idempotency-Key answered again, nothing new recorded' }) created: boolean;
}

export class CreateRefundRequest {
  @ApiProperty({ example: 1000 }) @IsInt() @Min(1) @Max(MAX_CENTS) amountCents: number;
  @ApiProperty({ enum: ['card', 'check'], description: 'card: back to the original card payment; check: a refund check (number recorded)' }) @IsIn(['card', 'check']) method: 'card' | 'check';
  @ApiProperty({ required: false, description: 'card: the card payment to refund to (default: the latest card payment)' }) @IsOptional() @IsString() paymentId?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsString() @MaxLength(30) checkNumber?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) siteId: string;
}

export class RefundDto {
  @ApiProperty() id: string;
  @ApiProperty() accountId: string;
  @ApiProperty({ enum: ['card', 'check'] }) method: 'card' | 'check';
  @ApiProperty() amountCents: number;
  @ApiProperty({ required: false }) originalPaymentId?: string;
  @ApiProperty({ required: false }) processorReference?: string;
  @ApiProperty({ type: AccountBalancesDto }) balances: AccountBalancesDto;
  @ApiProperty() created: boolean;
}

export class CreatePaymentPlanRequest {
  @ApiProperty({ example: 5000 }) @IsInt() @Min(100) @Max(MAX_CENTS) amountPerMonthCents: number;
  @ApiProperty({ example: 15, description: '1..28, so every month has it' }) @IsInt() @Min(1) @Max(28) dayOfMonth: number;
  @ApiProperty({ required: false, description: 'A card token on file; without it the plan is manual (the patient pays each month)' }) @IsOptional() @IsString() @MaxLength(100) cardToken?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(100) siteId: string;
}

export class PaymentPlanInstallmentDto {
  @ApiProperty({ example: '2026-12-15' }) dueDate: string;
  @ApiProperty() amountCents: number;
  @ApiProperty({ enum: ['due', 'paid', 'missed'] }) status: 'due' | 'paid' | 'missed';
  @ApiProperty({ required: false }) paymentId?: string;
  @ApiProperty({ required: false }) failureReason?: string;
}

export class PaymentPlanDto {
  @ApiProperty() id: string;
  @ApiProperty() accountId: string;
  @ApiProperty() amountPerMonthCents: number;
  @ApiProperty() dayOfMonth: number;
  @ApiProperty({ enum: ['card-on-file', 'manual'] }) mode: 'card-on-file' | 'manual';
  @ApiProperty({ enum: ['active', 'completed', 'cancelled'] }) status: string;
  @ApiProperty({ type: PaymentPlanInstallmentDto, isArray: true }) installments: PaymentPlanInstallmentDto[];
}

export class RunStatementsRequest {
  @ApiProperty({ description: 'The site whose accounts get statements now' }) @IsString() @MinLength(1) @MaxLength(100) siteId: string;
}

export class StatementDto {
  @ApiProperty() id: string;
  @ApiProperty() accountId: string;
  @ApiProperty() patientId: string;
  @ApiProperty() siteId: string;
  @ApiProperty() periodStart: string;
  @ApiProperty() periodEnd: string;
  @ApiProperty() amountDueCents: number;
  @ApiProperty() insurancePendingCents: number;
  @ApiProperty() dueDate: string;
  @ApiProperty({ enum: DUNNING_LEVELS }) dunningLevel: DunningLevel;
  @ApiProperty() issuedAt: string;
}

export class RunStatementsResultDto {
  @ApiProperty({ type: StatementDto, isArray: true }) issued: StatementDto[];
}


/**
 * The Idempotency-Key header of a posting, as the ledger reads it (trimmed, 1..200 characters):
 * printable ASCII without leading or trailing spaces. Declared on each posting route (`@ApiHeader`).
 */
export const IDEMPOTENCY_KEY_SCHEMA = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[!-~]([ -~]*[!-~])?$' } as const;
