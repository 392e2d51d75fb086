import { Schema } from 'mongoose';
import type { DunningLevel } from '@clinic-flow/contracts';
import type { AggregateRoot } from '@clinic-flow/messaging';
import type { GuarantorSnapshot } from '../ledger/accounts.schema';
import type { StatementLine } from './statements.rules';

/**
 * One statement as issued: everything its PDF shows is kept here (sealed), so the PDF downloaded
 * later is the one the guarantor got, rendered again from the same snapshot.
 */
export interface StatementRecord extends AggregateRoot {
  accountId: string;
  patientId: string;
  siteId: string;
  siteName: string;
  siteTimeZone: string;
  guarantor: GuarantorSnapshot;
  lines: StatementLine[];
  periodStart: Date;
  periodEnd: Date;
  previousBalanceCents: number;
  amountDueCents: number;
  insurancePendingCents: number;
  creditCents: number;
  dueDate: string;
  dunningLevel: DunningLevel;
  issuedAt: Date;
  issuedBy: string;
}

export const StatementSchema = new Schema<StatementRecord>(
  {
    _id: String,
    accountId: { type: String, required: true },
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    siteName: String,
    siteTimeZone: String,
    guarantor: { type: Schema.Types.Mixed },
    lines: { type: [Schema.Types.Mixed], default: [] } as never,
    periodStart: Date,
    periodEnd: Date,
    previousBalanceCents: Number,
    amountDueCents: Number,
    insurancePendingCents: Number,
    creditCents: Number,
    dueDate: String,
    dunningLevel: String,
    issuedAt: Date,
    issuedBy: String,
  },
  { versionKey: false },
);
