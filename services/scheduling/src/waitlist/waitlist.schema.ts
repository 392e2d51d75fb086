import { Schema } from 'mongoose';
import { OfferCloseReason, WaitlistEntryStatus, WaitlistOfferStatus } from '@clinic-flow/contracts';

export interface WaitlistEntryRecord {
  id: string;
  patientId: string;
  siteId: string;
  appointmentTypeId: string;
  providerId?: string;
  /** First and last acceptable day, YYYY-MM-DD in the site's zone. */
  from: string;
  to: string;
  note?: string;
  status: WaitlistEntryStatus;
  createdAt: Date;
  createdBy: string;
  /** Freed slots this entry was offered and let lapse: never offered to it again. */
  passedSlots: string[];
  updatedAt: Date;
}

export interface WaitlistOfferRecord {
  id: string;
  entryId: string;
  patientId: string;
  /** The freed slot: `<appointment id>@<revision>` of the change that freed it. */
  slotKey: string;
  providerId: string;
  appointmentTypeId: string;
  appointmentTypeName: string;
  start: Date;
  end: Date;
  /** How long the offer holds the slot once the patient is told (absent on offers made before holds started at sending). */
  holdMinutes?: number;
  /** While waiting to be sent: the offer lapses at this time if its message has not gone out. */
  sendBy?: Date;
  /** When the offer message went out: the hold's start. */
  sentAt?: Date;
  /** The end of the hold; set when the patient is told. */
  expiresAt?: Date;
  status: WaitlistOfferStatus;
  closeReason?: OfferCloseReason;
  appointmentId?: string;
  createdAt: Date;
  closedAt?: Date;
}

/**
 * The waitlist of one site: its entries and the offers made to them, one document (`_id` = site
 * id) so the whole list is one read by _id and an offer, the entry it goes to and the event are
 * one write. Closed entries and offers are pruned after a while.
 */
export interface SiteWaitlistRecord {
  _id: string;
  /** Counts writes; the aggregate store's compare-and-set. */
  version: number;
  entries: WaitlistEntryRecord[];
  offers: WaitlistOfferRecord[];
  updatedAt: Date;
}

export const SiteWaitlistSchema = new Schema<SiteWaitlistRecord>(
  {
    _id: String,
    entries: { type: Schema.Types.Mixed, default: [] },
    offers: { type: Schema.Types.Mixed, default: [] },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);
