import { Schema } from 'mongoose';
import type { AggregateRoot } from '@clinic-flow/messaging';

export interface InstallmentRecord {
  dueDate: string;
  amountCents: number;
  status: 'paid' | 'missed' | 'due';
  paymentId?: string;
  failureReason?: string;
}

/**
 * A payment plan of an account: so much per month on a day of the month, charged to a card on
 * file (its processor token, sealed) by the monthly job, or paid by the patient (manual). One
 * active plan per account (its id follows from the account's).
 */
export interface PaymentPlanRecord extends AggregateRoot {
  accountId: string;
  patientId: string;
  siteId: string;
  amountPerMonthCents: number;
  dayOfMonth: number;
  mode: 'card-on-file' | 'manual';
  cardToken?: string;
  status: 'active' | 'completed' | 'cancelled';
  installments: InstallmentRecord[];
  nextDueDate: string;
  createdBy: string;
  createdAt: Date;
}

export const PaymentPlanSchema = new Schema<PaymentPlanRecord>(
  {
    _id: String,
    accountId: { type: String, required: true },
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    amountPerMonthCents: Number,
    dayOfMonth: Number,
    mode: String,
    cardToken: String,
    status: String,
    installments: { type: [Schema.Types.Mixed], default: [] } as never,
    nextDueDate: String,
    createdBy: String,
    createdAt: Date,
  },
  { versionKey: false },
);
