import { Schema } from 'mongoose';
import { ProviderRole, PROVIDER_ROLES } from '@clinic-flow/contracts';

/** A stretch a site is open on one ISO weekday (1 = Monday), `HH:mm` in the site's time zone. */
export interface OpeningHoursRow {
  weekday: number;
  open: string;
  close: string;
}

/** A whole local date the site is closed (holiday). */
export interface ClosureRow {
  date: string;
  reason: string;
}

export interface SiteRecord {
  _id: string;
  version: number;
  /** Whether its `site.registered` event was written (sites from before it existed get it once). */
  announced?: boolean;
  /** Whether that announcement carried the address and phone (letterheads); sites announced before are announced once more. */
  announcedContact?: boolean;
  name: string;
  timeZone: string;
  address: string;
  phone: string;
  /** Empty means no limit: in-person appointments are bounded only by providers' templates. */
  openingHours?: OpeningHoursRow[];
  closures?: ClosureRow[];
}

export interface ProviderRecord {
  _id: string;
  name: string;
  role: ProviderRole;
  specialty: string;
  siteIds: string[];
  active: boolean;
  /** Sees patients only by telehealth (e.g. the virtual urgent-care service). */
  virtual?: boolean;
}

export interface RoomRecord {
  _id: string;
  siteId: string;
  name: string;
  /** What appointment types ask for, e.g. `exam`, `procedure`. */
  kind: string;
  active: boolean;
}

const OpeningHoursRowSchema = new Schema<OpeningHoursRow>({ weekday: Number, open: String, close: String }, { _id: false });
const ClosureRowSchema = new Schema<ClosureRow>({ date: String, reason: String }, { _id: false });

export const SiteSchema = new Schema<SiteRecord>(
  {
    _id: String,
    name: { type: String, required: true },
    timeZone: { type: String, required: true },
    address: String,
    phone: String,
    openingHours: { type: [OpeningHoursRowSchema], default: undefined },
    closures: { type: [ClosureRowSchema], default: undefined },
    announced: Boolean,
    announcedContact: Boolean,
  },
  { versionKey: false, timestamps: true },
);

export const ProviderSchema = new Schema<ProviderRecord>(
  {
    _id: String,
    name: { type: String, required: true },
    role: { type: String, enum: PROVIDER_ROLES, required: true },
    specialty: String,
    siteIds: { type: [String], index: true },
    active: { type: Boolean, default: true },
    virtual: { type: Boolean, default: undefined },
  },
  { versionKey: false, timestamps: true },
);

export const RoomSchema = new Schema<RoomRecord>(
  {
    _id: String,
    siteId: { type: String, required: true, index: true },
    name: { type: String, required: true },
    kind: { type: String, required: true },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, timestamps: true },
);
