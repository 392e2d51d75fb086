import { Inject, Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { AppointmentStatus } from '@clinic-flow/contracts';
import { DocumentLocks } from '@clinic-flow/messaging';
import { APP_CONFIG, InjectConnection } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';
import { ReadCache } from './read-cache';
import { CalendarMonthRecord, CalendarMonthSchema, StoredCalendarEntry } from './calendar.schema';

/** What the busy-time projection knows of one appointment (a stored entry without the tombstone mark). */
export type CalendarEntry = Omit<StoredCalendarEntry, 'moved'>;

/** Statuses whose time is taken (a cancelled or no-show appointment frees its time). */
export const BLOCKING_STATUSES: readonly AppointmentStatus[] = ['booked', 'confirmed', 'checked-in', 'completed'];

export const isBlocking = (e: Pick<CalendarEntry, 'status'>): boolean => BLOCKING_STATUSES.includes(e.status);

const DAY_MS = 86_400_000;

/** UTC month of an instant, `YYYY-MM`: the bucket an entry is stored in (by its start). */
export const monthOf = (d: Date): string => d.toISOString().slice(0, 7);

export const providerCalendarId = (providerId: string, start: Date): string => `${providerId}|${monthOf(start)}`;
export const roomCalendarId = (roomId: string, start: Date): string => `room:${roomId}|${monthOf(start)}`;

/** Months whose buckets can hold an entry meeting [from, to): entries last less than a day. */
export function monthsCovering(from: Date, to: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(new Date(from.getTime() - DAY_MS).getUTCFullYear(), new Date(from.getTime() - DAY_MS).getUTCMonth(), 1));
  while (cursor.getTime() < to.getTime()) {
    months.push(monthOf(cursor));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}

/**
 * The busy-time projection of appointments: one document per provider (and per room) per UTC
 * month, so slot search for a month across a site reads a few dozen documents by _id instead of
 * scanning appointments. The appointment writer calls `apply` after every committed write and
 * again from its own events, so a crash in between heals; `apply` is idempotent by revision.
 */
@Injectable()
export class CalendarRepository {
  private readonly months: Model<CalendarMonthRecord>;
  /** Month documents as last read; `put` invalidates what it writes (see ReadCache). */
  private readonly cache: ReadCache<CalendarMonthRecord | null>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly locks: DocumentLocks,
    @Inject(APP_CONFIG) config: Pick<SchedulingConfig, 'SCHEDULING_CACHE_MS'>,
  ) {
    this.cache = new ReadCache(config.SCHEDULING_CACHE_MS);
    this.months = connection.model<CalendarMonthRecord>('CalendarMonth', CalendarMonthSchema, 'calendar_months');
  }

  /**
   * Idempotent; ignores an entry whose revision is not newer than the stored one. `movedFrom`
   * removes the entry from where it was before (reschedule), leaving a tombstone there so an older,
   * late event cannot bring it back.
   */
  async apply(entry: CalendarEntry, movedFrom?: { providerId: string; start: Date }): Promise<void> {
    const stored = toStored(entry);
    const target = providerCalendarId(entry.providerId, entry.start);
    const previousAt = movedFrom ? providerCalendarId(movedFrom.providerId, movedFrom.start) : target;
    // Where it was before (and in which room) is what the stored entry says, read under its lock.
    const moved = previousAt !== target ? await this.readEntry(previousAt, entry.appointmentId) : undefined;
    const { outcome, previous: here } = await this.put(target, entry.providerId, stored);
    if (previousAt !== target) await this.put(previousAt, movedFrom!.providerId, { ...(moved ?? stored), revision: entry.revision, moved: true });
    // A newer change already decided where this appointment is; rooms follow the provider's calendar.
    if (outcome === 'superseded') return;

    const previous = moved ?? here;
    const roomAt = entry.roomId ? roomCalendarId(entry.roomId, entry.start) : undefined;
    if (roomAt) await this.put(roomAt, `room:${entry.roomId}`, stored);
    const previousRoomAt = previous?.roomId ? roomCalendarId(previous.roomId, previous.start) : undefined;
    if (previousRoomAt && previousRoomAt !== roomAt) {
      await this.put(previousRoomAt, `room:${previous!.roomId}`, { ...previous!, revision: entry.revision, moved: true });
    }
  }

  /** Entries (any status) of these providers overlapping [from, to): [start, blockedUntil) meets it. */
  entries(providerIds: string[], from: Date, to: Date): Promise<CalendarEntry[]> {
    return this.read(providerIds.map((id) => (m: string) => `${id}|${m}`), from, to);
  }

  /** Entries (any status) held in these rooms' calendars overlapping [from, to). */
  roomEntries(roomIds: string[], from: Date, to: Date): Promise<CalendarEntry[]> {
    return this.read(roomIds.map((id) => (m: string) => `room:${id}|${m}`), from, to);
  }

  private async read(idsOf: Array<(month: string) => string>, from: Date, to: Date): Promise<CalendarEntry[]> {
    const months = monthsCovering(from, to);
    const ids = idsOf.flatMap((idOf) => months.map(idOf));
    // One look-up by _id per document: FerretDB scans the collection for $in.
    const docs = await Promise.all(ids.map((id) => this.cache.get(id, () => this.months.findById(id).lean<CalendarMonthRecord>())));
    const result: CalendarEntry[] = [];
    for (const doc of docs) {
      for (const e of Object.values(doc?.entries ?? {})) {
        if (e.moved) continue;
        if (e.start.getTime() < to.getTime() && e.blockedUntil.getTime() > from.getTime()) result.push(fromStored(e));
      }
    }
    return result.sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  private async readEntry(docId: string, appointmentId: string): Promise<StoredCalendarEntry | undefined> {
    const doc = await this.months.findById(docId).lean<CalendarMonthRecord>();
    return doc?.entries?.[appointmentId];
  }

  /** Writes one entry unless the stored one is as new (`already`) or newer (`superseded`); returns what was there. */
  private put(docId: string, resource: string, entry: StoredCalendarEntry): Promise<{ outcome: 'written' | 'already' | 'superseded'; previous?: StoredCalendarEntry }> {
    return this.locks.forDocument(this.months, docId, async () => {
      const previous = await this.readEntry(docId, entry.appointmentId);
      if (previous && previous.revision > entry.revision) return { outcome: 'superseded', previous };
      if (previous && previous.revision === entry.revision) return { outcome: 'already', previous };
      await this.months.updateOne(
        { _id: docId },
        { $set: { resource, month: docId.slice(-7), updatedAt: new Date(), [`entries.${entry.appointmentId}`]: entry } },
        { upsert: true },
      );
      this.cache.invalidate(docId);
      return { outcome: 'written', previous };
    });
  }
}

function toStored(e: CalendarEntry): StoredCalendarEntry {
  const stored: StoredCalendarEntry = {
    appointmentId: e.appointmentId,
    revision: e.revision,
    patientId: e.patientId,
    providerId: e.providerId,
    siteId: e.siteId,
    start: new Date(e.start),
    end: new Date(e.end),
    blockedUntil: new Date(e.blockedUntil),
    status: e.status,
  };
  if (e.appointmentTypeId) stored.appointmentTypeId = e.appointmentTypeId;
  if (e.roomId) stored.roomId = e.roomId;
  return stored;
}

function fromStored(e: StoredCalendarEntry): CalendarEntry {
  const { moved: _moved, ...entry } = e;
  return { ...entry, start: new Date(entry.start), end: new Date(entry.end), blockedUntil: new Date(entry.blockedUntil) };
}
