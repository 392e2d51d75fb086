import { Schema } from 'mongoose';
import type { ServiceCodeSystem } from '@clinic-flow/contracts';
import type { AggregateRoot } from '@clinic-flow/messaging';

/** A site's price of one appointment type. */
export interface PriceListItemRecord {
  appointmentTypeId: string;
  serviceCode: string;
  codeSystem: ServiceCodeSystem;
  /** The code stands in for a licensed one (CPT): not to bill with. */
  placeholder: boolean;
  description: string;
  standardChargeCents: number;
  selfPayCents: number;
  updatedBy: string;
  updatedAt: Date;
}

/**
 * One site's price list (its _id is the site id): what estimates and Good Faith Estimates price
 * visits with until billing's fee schedule (issue 12) replaces it. No patient data.
 */
export interface PriceListRecord extends AggregateRoot {
  siteId: string;
  items: PriceListItemRecord[];
}

const PriceListItemSchema = new Schema<PriceListItemRecord>(
  {
    appointmentTypeId: { type: String, required: true },
    serviceCode: { type: String, required: true },
    codeSystem: { type: String, required: true },
    placeholder: { type: Boolean, required: true },
    description: { type: String, required: true },
    standardChargeCents: { type: Number, required: true },
    selfPayCents: { type: Number, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { _id: false },
);

export const PriceListSchema = new Schema<PriceListRecord>(
  {
    _id: String,
    siteId: { type: String, required: true },
    items: { type: [PriceListItemSchema], default: [] },
  },
  { versionKey: false },
);
