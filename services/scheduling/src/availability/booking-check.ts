import { Injectable } from '@nestjs/common';
import { unprocessable } from '@clinic-flow/platform';
import { CatalogRepository } from '../catalog/catalog.repository';
import { AppointmentTypeRecord } from '../catalog/catalog.schema';
import { DirectoryRepository } from '../directory/directory.repository';
import { ProviderRecord, SiteRecord } from '../directory/directory.schema';
import { AvailabilityRepository } from './availability.repository';
import { addDays, BookingViolation, bookingViolations, datesBetween, providerWindows, siteOpenSpans, ZoneClock } from './availability.rules';

export type { BookingViolation } from './availability.rules';

export interface BookingCheckResult {
  site: SiteRecord;
  provider: ProviderRecord;
  type: AppointmentTypeRecord;
  start: Date;
  end: Date;
  blockedUntil: Date;
  /** rooms of the type's kind at the site, in preference order; [] when the type needs no room */
  candidateRoomIds: string[];
  violations: BookingViolation[];
}

export interface BookingCheckInput {
  siteId: string;
  providerId: string;
  appointmentTypeId: string;
  start: Date;
  now: Date;
}

/**
 * Whether an appointment of a type with a provider at a site and time fits the calendar set-up:
 * availability, opening hours and closures, type restrictions, lead time and horizon, role, room.
 * Overlaps with other appointments are not its job (the booking's unique slot claims decide them).
 */
@Injectable()
export class BookingCheck {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly catalog: CatalogRepository,
    private readonly availability: AvailabilityRepository,
  ) {}

  /** Throws 422 APPOINTMENT.UNKNOWN_SITE|UNKNOWN_PROVIDER|UNKNOWN_TYPE|PROVIDER_NOT_AT_SITE; reports the rest as violations. */
  async check(input: BookingCheckInput): Promise<BookingCheckResult> {
    const [site, provider, type, schedule] = await Promise.all([
      this.directory.findSite(input.siteId),
      this.directory.findProvider(input.providerId),
      this.catalog.findType(input.appointmentTypeId),
      this.availability.findSchedule(input.providerId),
    ]);
    if (!site) throw unprocessable('APPOINTMENT.UNKNOWN_SITE', `There is no site ${input.siteId}.`);
    if (!provider || !provider.active) throw unprocessable('APPOINTMENT.UNKNOWN_PROVIDER', `There is no provider ${input.providerId}.`);
    if (!type || !type.active) throw unprocessable('APPOINTMENT.UNKNOWN_TYPE', `There is no appointment type ${input.appointmentTypeId}.`);
    if (!provider.siteIds.includes(site._id)) {
      throw unprocessable('APPOINTMENT.PROVIDER_NOT_AT_SITE', `${provider.name} does not work at ${site.name}.`);
    }
    const start = input.start.getTime();
    const end = start + type.durationMinutes * 60_000;
    const clock = ZoneClock.of(site.timeZone);
    // The day before too: a stretch of availability may run on from the previous evening.
    const dates = datesBetween(addDays(clock.dateOf(start), -1), clock.dateOf(end));
    const template = schedule?.templates.find((t) => t.siteId === site._id);
    const windows = providerWindows({ sessions: template?.sessions ?? [], exceptions: schedule?.exceptions ?? [], siteId: site._id }, clock, dates);
    const violations = bookingViolations({
      site,
      provider,
      type,
      windows,
      open: siteOpenSpans(site, clock, dates),
      start,
      end,
      now: input.now.getTime(),
    });
    const candidateRoomIds = await this.candidateRooms(site._id, type);
    if (type.roomKind && !type.telehealth && !candidateRoomIds.length) {
      violations.push({ code: 'APPOINTMENT.NO_ROOM', message: `${site.name} has no ${type.roomKind} room for ${type.name}.`, overridable: false });
    }
    return {
      site,
      provider,
      type,
      start: new Date(start),
      end: new Date(end),
      blockedUntil: new Date(end + type.bufferAfterMinutes * 60_000),
      candidateRoomIds,
      violations,
    };
  }

  /** Active rooms of the type's kind at the site, by name; [] when the type needs no room. */
  async candidateRooms(siteId: string, type: Pick<AppointmentTypeRecord, 'roomKind' | 'telehealth'>): Promise<string[]> {
    if (!type.roomKind || type.telehealth) return [];
    const rooms = await this.directory.roomsAt(siteId);
    return rooms.filter((r) => r.kind === type.roomKind && r.active !== false).map((r) => r._id);
  }
}
