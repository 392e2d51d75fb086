import { Schema } from 'mongoose';
import type { AggregateRoot } from '@clinic-flow/messaging';

/** A site's charge for one unit of a code (for one modifier, or the base price), from a date. */
export interface FeeRecord {
  code: string;
  /** Empty: the base price; else a price for lines that carry this modifier. */
  modifier: string;
  chargeCents: number;
  effectiveFrom: string;
  effectiveTo?: string;
  updatedBy: string;
  updatedAt: Date;
}

/** A payer's contracted allowed amount for one unit of a code at the site, from a date. */
export interface AllowedAmountRecord {
  payerId: string;
  code: string;
  modifier: string;
  allowedCents: number;
  effectiveFrom: string;
  effectiveTo?: string;
  updatedBy: string;
  updatedAt: Date;
}

export interface ChargeLineTemplate {
  code: string;
  modifiers: string[];
  units: number;
}

/** The lines a draft encounter of an appointment type starts with. */
export interface ChargeLinesRecord {
  appointmentTypeId: string;
  lines: ChargeLineTemplate[];
  updatedBy: string;
  updatedAt: Date;
}

/** One site's fee schedule (its _id is the site id). Reference data: no patient data. */
export interface FeeScheduleRecord extends AggregateRoot {
  siteId: string;
  fees: FeeRecord[];
  allowedAmounts: AllowedAmountRecord[];
  chargeLines: ChargeLinesRecord[];
}

const dated = { effectiveFrom: { type: String, required: true }, effectiveTo: String, updatedBy: { type: String, required: true }, updatedAt: { type: Date, required: true } };

const FeeSchema = new Schema<FeeRecord>({ code: { type: String, required: true }, modifier: { type: String, default: '' }, chargeCents: { type: Number, required: true }, ...dated }, { _id: false });
const AllowedAmountSchema = new Schema<AllowedAmountRecord>(
  { payerId: { type: String, required: true }, code: { type: String, required: true }, modifier: { type: String, default: '' }, allowedCents: { type: Number, required: true }, ...dated },
  { _id: false },
);
const ChargeLinesSchema = new Schema<ChargeLinesRecord>(
  {
    appointmentTypeId: { type: String, required: true },
    lines: { type: [new Schema<ChargeLineTemplate>({ code: { type: String, required: true }, modifiers: { type: [String], default: [] }, units: { type: Number, required: true } }, { _id: false })], default: [] },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

export const FeeScheduleSchema = new Schema<FeeScheduleRecord>(
  {
    _id: String,
    siteId: { type: String, required: true },
    fees: { type: [FeeSchema], default: [] },
    allowedAmounts: { type: [AllowedAmountSchema], default: [] },
    chargeLines: { type: [ChargeLinesSchema], default: [] },
  },
  { versionKey: false },
);
