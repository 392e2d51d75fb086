import { createHash } from 'node:crypto';
import { DateTime } from 'luxon';
import { conflict } from '@clinic-flow/platform';
import { WaitlistEntryRecord, WaitlistOfferRecord } from './waitlist.schema';

/** A slot that became free: what a waitlisted patient may be offered. */
export interface FreedSlot {
  /** `<appointment id>@<revision>`: one freed slot, whatever how often its event is delivered. */
  key: string;
  siteId: string;
  providerId: string;
  appointmentTypeId: string;
  appointmentTypeName: string;
  /** The patient who gave the slot up: not offered their own slot back. */
  releasedBy: string;
  start: Date;
  end: Date;
}

/** Closed entries and offers are kept this long for the record, then pruned. */
export const RETENTION_DAYS = 30;

/**
 * Whether an entry wants this slot: still waiting, same type, the provider it asked for (if
 * any), the slot's day (site's zone) inside its range, and not a slot it already let lapse.
 */
export function wantsSlot(entry: WaitlistEntryRecord, slot: FreedSlot, timeZone: string): boolean {
  const day = DateTime.fromJSDate(slot.start, { zone: timeZone }).toISODate()!;
  return (
    entry.status === 'waiting' &&
    entry.siteId === slot.siteId &&
    entry.appointmentTypeId === slot.appointmentTypeId &&
    (!entry.providerId || entry.providerId === slot.providerId) &&
    entry.from <= day &&
    day <= entry.to &&
    entry.patientId !== slot.releasedBy &&
    !entry.passedSlots.includes(slot.key)
  );
}

/** The first waiting entry (first come, first served) that wants the slot. */
export function firstMatch(entries: readonly WaitlistEntryRecord[], slot: FreedSlot, timeZone: string): WaitlistEntryRecord | undefined {
  return entries
    .filter((e) => wantsSlot(e, slot, timeZone))
    .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || a.id.localeCompare(b.id))[0];
}

/** Deterministic offer id: redelivered events and retried jobs make the same offer once. */
export function offerIdOf(slotKey: string, entryId: string): string {
  const h = createHash('sha256').update(`${slotKey}|${entryId}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/**
 * A new offer waits to be sent: its hold starts only when the patient is told (`openOffer`), so
 * an offer made in quiet hours does not spend its hold unseen. Unsent, it lapses at the slot's
 * start at the latest (`sendBy`): after that there is nothing left to offer.
 */
export function makeOffer(entry: WaitlistEntryRecord, slot: FreedSlot, now: Date, holdMinutes: number): WaitlistOfferRecord {
  return {
    id: offerIdOf(slot.key, entry.id),
    entryId: entry.id,
    patientId: entry.patientId,
    slotKey: slot.key,
    providerId: slot.providerId,
    appointmentTypeId: slot.appointmentTypeId,
    appointmentTypeName: slot.appointmentTypeName,
    start: slot.start,
    end: slot.end,
    holdMinutes,
    sendBy: slot.start,
    status: 'waiting-to-send',
    createdAt: now,
  };
}

/** The end of the hold of a message sent at `sentAt`: `holdMinutes` later, never past the slot's start. */
export function holdUntil(slotStart: Date, sentAt: Date, holdMinutes: number): Date {
  return new Date(Math.min(sentAt.getTime() + holdMinutes * 60_000, new Date(slotStart).getTime()));
}

/**
 * The offer's message went out: the hold starts, until what the message told the patient
 * (`told`, the link's expiry) or else `holdUntil`. Null when the offer is not waiting to be sent
 * (already open, taken or closed): a redelivered or late event changes nothing.
 */
export function openOffer(offer: WaitlistOfferRecord, sentAt: Date, told: Date | undefined): WaitlistOfferRecord | null {
  if (offer.status !== 'waiting-to-send') return null;
  return { ...offer, status: 'open', sentAt, expiresAt: told ?? holdUntil(offer.start, sentAt, offer.holdMinutes ?? 0) };
}

/** Waiting to be sent or open: the offer still holds the slot for its patient. */
export const isLive = (offer: WaitlistOfferRecord): boolean => offer.status === 'waiting-to-send' || offer.status === 'open';

/** When a live offer lapses: an open one at the end of its hold, an unsent one at `sendBy`; closed ones never. */
export function lapsesAt(offer: WaitlistOfferRecord): Date | undefined {
  if (offer.status === 'open') return offer.expiresAt ? new Date(offer.expiresAt) : undefined;
  if (offer.status === 'waiting-to-send') return new Date(offer.sendBy ?? offer.start);
  return undefined;
}

/** The slot an offer was made for, to hand on to the next patient. */
export const slotOfOffer = (o: WaitlistOfferRecord, siteId: string, releasedBy: string): FreedSlot => ({
  key: o.slotKey,
  siteId,
  providerId: o.providerId,
  appointmentTypeId: o.appointmentTypeId,
  appointmentTypeName: o.appointmentTypeName,
  releasedBy,
  start: new Date(o.start),
  end: new Date(o.end),
});

/** An offer may be taken up while live (sent or not: the desk may accept for the patient) and not lapsed. */
export function assertOfferOpen(offer: WaitlistOfferRecord, now: Date): void {
  if (offer.status === 'accepted') throw conflict('WAITLIST.OFFER_TAKEN', 'This offer was already accepted.');
  const lapses = lapsesAt(offer);
  if (offer.status === 'expired' || (lapses && now.getTime() >= lapses.getTime())) {
    throw conflict('WAITLIST.OFFER_EXPIRED', 'This offer has expired.');
  }
}

/** A live offer past the time it lapses (the job may fire a moment early: a second's tolerance). */
export function isExpired(offer: WaitlistOfferRecord, now: Date): boolean {
  const lapses = lapsesAt(offer);
  return !!lapses && now.getTime() >= lapses.getTime() - 1000;
}

/** Drops entries and offers closed more than RETENTION_DAYS ago. */
export function prune<T extends { entries: WaitlistEntryRecord[]; offers: WaitlistOfferRecord[] }>(doc: T, now: Date): T {
  const cutoff = now.getTime() - RETENTION_DAYS * 86_400_000;
  return {
    ...doc,
    entries: doc.entries.filter((e) => (e.status !== 'booked' && e.status !== 'removed') || new Date(e.updatedAt).getTime() > cutoff),
    offers: doc.offers.filter((o) => isLive(o) || new Date(o.closedAt ?? o.createdAt).getTime() > cutoff),
  };
}
