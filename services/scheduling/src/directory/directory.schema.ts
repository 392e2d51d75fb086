import { Schema } from 'mongoose';

export interface SiteRecord {
  _id: string;
  name: string;
  timeZone: string;
  address: string;
  phone: string;
}

export interface ProviderRecord {
  _id: string;
  name: string;
  role: string;
  specialty: string;
  siteIds: string[];
  active: boolean;
}

export const SiteSchema = new Schema<SiteRecord>(
  { _id: String, name: { type: String, required: true }, timeZone: { type: String, required: true }, address: String, phone: String },
  { versionKey: false, timestamps: true },
);

export const ProviderSchema = new Schema<ProviderRecord>(
  {
    _id: String,
    name: { type: String, required: true },
    role: { type: String, required: true },
    specialty: String,
    siteIds: { type: [String], index: true },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: true },
);
