import { Injectable } from '@nestjs/common';
import { ScheduleConflictDto } from '@clinic-flow/contracts';
import { DomainError } from '@clinic-flow/platform';
import { CalendarEntry, CalendarRepository } from '../calendar/calendar.repository';
import { CatalogRepository } from '../catalog/catalog.repository';
import { AppointmentTypeRecord } from '../catalog/catalog.schema';
import { SiteRecord } from '../directory/directory.schema';
import { ProviderScheduleRecord } from './availability.schema';
import { addDays, bookableSpans, covers, datesBetween, providerWindows, siteOpenSpans, ZoneClock } from './availability.rules';

/** Statuses of appointments a calendar change can still break (not yet under way). */
const UPCOMING = new Set(['booked', 'confirmed']);

/** How far ahead changes are checked: beyond every type's booking horizon. */
const LOOK_AHEAD_DAYS = 2 * 365;

export interface CalendarState {
  schedule: (providerId: string) => ProviderScheduleRecord | null | undefined;
  site: (siteId: string) => SiteRecord | undefined;
}

/** Whether an appointment fits a calendar set-up: inside availability that takes its type and, in person, inside opening hours. */
export function fitsCalendar(entry: CalendarEntry, type: Pick<AppointmentTypeRecord, '_id' | 'telehealth'>, schedule: ProviderScheduleRecord | null | undefined, site: SiteRecord): boolean {
  const clock = ZoneClock.of(site.timeZone);
  const start = entry.start.getTime();
  const end = entry.end.getTime();
  const dates = datesBetween(addDays(clock.dateOf(start), -1), clock.dateOf(end));
  const template = schedule?.templates.find((t) => t.siteId === entry.siteId);
  const windows = providerWindows({ sessions: template?.sessions ?? [], exceptions: schedule?.exceptions ?? [], siteId: entry.siteId }, clock, dates);
  return covers(bookableSpans(windows, type, siteOpenSpans(site, clock, dates)), start, end);
}

/**
 * Finds the upcoming appointments a change of templates, exceptions or opening hours would leave
 * outside availability: those that fit before the change and no longer fit after it (an
 * appointment that was already overbooked is not the change's doing).
 */
@Injectable()
export class ScheduleConflicts {
  constructor(
    private readonly calendar: CalendarRepository,
    private readonly catalog: CatalogRepository,
  ) {}

  async find(input: { providerIds: string[]; siteId?: string; before: CalendarState; after: CalendarState; now?: Date }): Promise<ScheduleConflictDto[]> {
    const now = input.now ?? new Date();
    const entries = (await this.calendar.entries(input.providerIds, now, new Date(now.getTime() + LOOK_AHEAD_DAYS * 86_400_000))).filter(
      (e) => UPCOMING.has(e.status) && e.start.getTime() >= now.getTime() && (!input.siteId || e.siteId === input.siteId),
    );
    const typeIds = [...new Set(entries.map((e) => e.appointmentTypeId).filter((id): id is string => !!id))];
    const types = new Map((await Promise.all(typeIds.map((id) => this.catalog.findType(id)))).filter((t) => !!t).map((t) => [t!._id, t!]));
    const conflicts: ScheduleConflictDto[] = [];
    for (const entry of entries) {
      const siteBefore = input.before.site(entry.siteId);
      const siteAfter = input.after.site(entry.siteId);
      if (!siteBefore || !siteAfter) continue;
      const type = (entry.appointmentTypeId && types.get(entry.appointmentTypeId)) || { _id: entry.appointmentTypeId ?? '', telehealth: false };
      const fitted = fitsCalendar(entry, type, input.before.schedule(entry.providerId), siteBefore);
      if (fitted && !fitsCalendar(entry, type, input.after.schedule(entry.providerId), siteAfter)) {
        const clock = ZoneClock.of(siteAfter.timeZone);
        conflicts.push({
          appointmentId: entry.appointmentId,
          providerId: entry.providerId,
          siteId: entry.siteId,
          patientId: entry.patientId,
          start: clock.iso(entry.start.getTime()),
          end: clock.iso(entry.end.getTime()),
        });
      }
    }
    return conflicts;
  }

  /** Refuses a change that breaks bookings unless the caller acknowledged it. */
  static assertAcknowledged(conflicts: ScheduleConflictDto[], acknowledged: boolean | undefined): void {
    if (conflicts.length && !acknowledged) {
      throw new DomainError(
        'conflict',
        'AVAILABILITY.CONFLICTS',
        `${conflicts.length} upcoming appointment(s) would fall outside availability; reschedule them, or repeat with acknowledgeConflicts: true to keep them booked as they are.`,
        { conflicts },
      );
    }
  }
}
