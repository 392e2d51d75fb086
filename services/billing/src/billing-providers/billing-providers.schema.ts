import { Schema } from 'mongoose';
import type { AggregateRoot } from '@clinic-flow/messaging';

export interface BillingAddress {
  line1: string;
  line2?: string;
  city: string;
  state: string;
  postalCode: string;
}

/**
 * The billing provider (837P 2010AA) of a site, or of the whole network (_id "network"): the
 * organization that is paid. Reference data, no patient data.
 */
export interface BillingProviderRecord extends AggregateRoot {
  /** A site id, or "network". */
  scope: string;
  organizationName: string;
  npi: string;
  /** Nine digits, no dash. */
  tin: string;
  taxonomyCode: string;
  address: BillingAddress;
  updatedBy: string;
  updatedAt: Date;
}

/** A rendering provider (837P 2310B): scheduling's provider id (the _id) with the NPI and name a claim prints. */
export interface RenderingProviderRecord extends AggregateRoot {
  firstName: string;
  lastName: string;
  npi: string;
  taxonomyCode: string;
  updatedBy: string;
  updatedAt: Date;
}

const AddressSchema = new Schema<BillingAddress>(
  { line1: { type: String, required: true }, line2: String, city: { type: String, required: true }, state: { type: String, required: true }, postalCode: { type: String, required: true } },
  { _id: false },
);

export const BillingProviderSchema = new Schema<BillingProviderRecord>(
  {
    _id: String,
    scope: { type: String, required: true },
    organizationName: { type: String, required: true },
    npi: { type: String, required: true },
    tin: { type: String, required: true },
    taxonomyCode: { type: String, required: true },
    address: { type: AddressSchema, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

export const RenderingProviderSchema = new Schema<RenderingProviderRecord>(
  {
    _id: String,
    firstName: { type: String, required: true },
    lastName: { type: String, required: true },
    npi: { type: String, required: true },
    taxonomyCode: { type: String, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
