import { performance } from 'node:perf_hooks';
import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, assertSiteAccess } from '@clinic-flow/auth';
import { FirstAvailableQuery, SlotDto, SlotsQuery, SlotsResponse } from '@clinic-flow/contracts';
import { APP_CONFIG, notFound, unprocessable } from '@clinic-flow/platform';
import { AvailabilityRepository } from '../availability/availability.repository';
import { addDays, bookableSpans, datesBetween, providerWindows, siteOpenSpans, Span, union, ZoneClock } from '../availability/availability.rules';
import { BookingCheck } from '../availability/booking-check';
import { CalendarEntry, CalendarRepository, isBlocking } from '../calendar/calendar.repository';
import { CatalogRepository } from '../catalog/catalog.repository';
import { AppointmentTypeRecord } from '../catalog/catalog.schema';
import type { SchedulingConfig } from '../config';
import { DirectoryRepository } from '../directory/directory.repository';
import { ProviderRecord, SiteRecord } from '../directory/directory.schema';
import { openSlotStarts } from './slots.rules';

/** Longest range one search covers (a month and then some). */
const MAX_RANGE_DAYS = 62;
/** first-available looks this many days at a time, up to the type's horizon. */
const FIRST_AVAILABLE_WINDOW_DAYS = 7;
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

interface Search {
  site: SiteRecord;
  type: AppointmentTypeRecord;
  providers: ProviderRecord[];
  clock: ZoneClock;
}

interface FoundSlot {
  start: number;
  provider: ProviderRecord;
}

/**
 * Open slots: the providers' availability that takes the type (templates, exceptions, opening
 * hours and closures for in-person types), minus their busy time from the calendar projection,
 * with a free room of the type's kind, within the type's lead time and horizon. Everything is read
 * by _id: the site, the type, one schedule document per provider, one calendar document per
 * provider and room per month.
 */
@Injectable()
export class SlotsService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly catalog: CatalogRepository,
    private readonly availability: AvailabilityRepository,
    private readonly calendar: CalendarRepository,
    private readonly bookingCheck: BookingCheck,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  async search(query: SlotsQuery, user: AuthUser): Promise<SlotsResponse> {
    const began = performance.now();
    assertSiteAccess(user, query.siteId);
    const days = (Date.parse(query.to) - Date.parse(query.from)) / DAY_MS;
    if (!(days >= 0 && days < MAX_RANGE_DAYS)) throw unprocessable('SLOTS.INVALID_RANGE', `to must be on or after from, at most ${MAX_RANGE_DAYS} days in all.`);
    const search = await this.prepare(query.siteId, query.appointmentTypeId, query.providerId);
    const { clock } = search;
    const found = await this.find(search, clock.at(query.from, '00:00'), clock.at(query.to, '24:00'), Date.now());
    return {
      items: found.slice(0, query.limit).map((s) => this.toDto(search, s)),
      total: found.length,
      limit: query.limit,
      timeZone: search.site.timeZone,
      providers: search.providers.length,
      searchMs: Math.round((performance.now() - began) * 10) / 10,
    };
  }

  /** The earliest open slot across the site's providers who may take the type (or the one asked for). */
  async firstAvailable(query: FirstAvailableQuery, user: AuthUser): Promise<SlotDto> {
    assertSiteAccess(user, query.siteId);
    const search = await this.prepare(query.siteId, query.appointmentTypeId, query.providerId);
    const now = Date.now();
    const after = Math.max(query.after ? Date.parse(query.after) : now, now);
    const horizonEnd = now + search.type.maxHorizonDays * DAY_MS;
    for (let from = after; from <= horizonEnd; from += FIRST_AVAILABLE_WINDOW_DAYS * DAY_MS) {
      const found = await this.find(search, from, Math.min(from + FIRST_AVAILABLE_WINDOW_DAYS * DAY_MS, horizonEnd + MINUTE_MS), now);
      if (found.length) return this.toDto(search, found[0]);
    }
    throw notFound('SLOTS.NONE_AVAILABLE', `No open ${search.type.name} slot at ${search.site.name} within ${search.type.maxHorizonDays} days.`);
  }

  private async prepare(siteId: string, typeId: string, providerId?: string): Promise<Search> {
    const [site, type, provider] = await Promise.all([
      this.directory.findSite(siteId),
      this.catalog.findType(typeId),
      providerId ? this.directory.findProvider(providerId) : Promise.resolve(undefined),
    ]);
    if (!site) throw unprocessable('APPOINTMENT.UNKNOWN_SITE', `There is no site ${siteId}.`);
    if (!type || !type.active) throw unprocessable('APPOINTMENT.UNKNOWN_TYPE', `There is no appointment type ${typeId}.`);
    if (providerId && (!provider || !provider.active)) throw unprocessable('APPOINTMENT.UNKNOWN_PROVIDER', `There is no provider ${providerId}.`);
    if (provider && !provider.siteIds.includes(siteId)) throw unprocessable('APPOINTMENT.PROVIDER_NOT_AT_SITE', `${provider.name} does not work at ${site.name}.`);
    const candidates = provider ? [provider] : await this.directory.providersAt(siteId);
    const providers = candidates.filter((p) => type.providerRoles.includes(p.role) && (type.telehealth || !p.virtual));
    return { site, type, providers, clock: ZoneClock.of(site.timeZone) };
  }

  /** Open slots starting in [from, to), earliest first (ties by provider name). */
  private async find(search: Search, from: number, to: number, now: number): Promise<FoundSlot[]> {
    const { site, type, providers, clock } = search;
    const durationMs = type.durationMinutes * MINUTE_MS;
    const bufferMs = type.bufferAfterMinutes * MINUTE_MS;
    const earliest = Math.max(from, now + type.minLeadMinutes * MINUTE_MS);
    const latest = Math.min(to - 1, now + type.maxHorizonDays * DAY_MS);
    if (earliest > latest || !providers.length) return [];
    // The day before too: a stretch of availability may run on from the previous evening.
    const dates = datesBetween(addDays(clock.dateOf(from), -1), clock.dateOf(to));
    // Busy time from the first date laid out, so slots fall the same whatever the range asked for.
    const busyFrom = new Date(clock.at(dates[0], '00:00'));
    const busyUntil = new Date(to + durationMs + bufferMs);
    const roomIds = await this.bookingCheck.candidateRooms(site._id, type);
    const [schedules, entries, roomEntries] = await Promise.all([
      Promise.all(providers.map((p) => this.availability.findSchedule(p._id))),
      this.calendar.entries(providers.map((p) => p._id), busyFrom, busyUntil),
      roomIds.length ? this.calendar.roomEntries(roomIds, busyFrom, busyUntil) : Promise.resolve([]),
    ]);
    const open = siteOpenSpans(site, clock, dates);
    const rooms = roomIds.map((id) => busyOf(roomEntries.filter((e) => e.roomId === id)));
    const byProvider = groupBy(entries, (e) => e.providerId);
    const found: FoundSlot[] = [];
    providers.forEach((provider, i) => {
      const schedule = schedules[i];
      const template = schedule?.templates.find((t) => t.siteId === site._id);
      if (!template?.sessions.length && !schedule?.exceptions.some((e) => e.kind === 'extra' && e.siteId === site._id)) return;
      const windows = providerWindows({ sessions: template?.sessions ?? [], exceptions: schedule?.exceptions ?? [], siteId: site._id }, clock, dates);
      const spans = bookableSpans(windows, type, open);
      const starts = openSlotStarts({
        spans,
        busy: busyOf(byProvider.get(provider._id) ?? []),
        rooms,
        durationMs,
        bufferMs,
        gridMs: this.config.SCHEDULING_GRID_MINUTES * MINUTE_MS,
        earliest,
        latest,
      });
      for (const start of starts) found.push({ start, provider });
    });
    return found.sort((a, b) => a.start - b.start || a.provider.name.localeCompare(b.provider.name));
  }

  private toDto(search: Search, slot: FoundSlot): SlotDto {
    return {
      start: search.clock.iso(slot.start),
      end: search.clock.iso(slot.start + search.type.durationMinutes * MINUTE_MS),
      providerId: slot.provider._id,
      providerName: slot.provider.name,
      siteId: search.site._id,
      appointmentTypeId: search.type._id,
    };
  }
}

/** Time taken by live appointments: [start, blockedUntil), merged. */
function busyOf(entries: CalendarEntry[]): Span[] {
  return union(entries.filter(isBlocking).map((e) => ({ start: e.start.getTime(), end: e.blockedUntil.getTime() })));
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}
