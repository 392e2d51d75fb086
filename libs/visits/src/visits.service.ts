import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { AppointmentBookedData, AppointmentRefData, AppointmentRescheduledData, AppointmentStatus, EventEnvelope } from '@clinic-flow/contracts';
import { SitesRepository } from './sites.repository';
import { VisitChangeKind, VisitListeners } from './visit-listeners';
import { VisitRecord } from './visits.schema';
import { VisitsRepository } from './visits.repository';

/** The calendar day of an instant at the site: the visit's date of service. */
export const dateOfServiceAt = (start: string, timeZone: string): string => DateTime.fromISO(start, { zone: 'utc' }).setZone(timeZone).toISODate() ?? start.slice(0, 10);

/**
 * Insurance's copy of scheduling's appointments. Events of one appointment arrive in order (one
 * partition per patient); a late or repeated one never overwrites a newer state. Each applied
 * change goes to the registered listeners; a redelivery hands them the same change again.
 */
@Injectable()
export class VisitsService {
  private readonly logger = new Logger(VisitsService.name);

  constructor(
    private readonly visits: VisitsRepository,
    private readonly sites: SitesRepository,
    private readonly listeners: VisitListeners,
  ) {}

  async booked(event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    const d = event.data;
    const previous = await this.visits.findById(d.appointmentId);
    await this.apply('booked', event.id, previous, {
      _id: d.appointmentId, patientId: d.patientId, siteId: d.siteId, providerId: d.providerId, appointmentTypeId: d.appointmentTypeId,
      start: d.start, end: d.end, siteTimeZone: d.siteTimeZone, dateOfService: dateOfServiceAt(d.start, d.siteTimeZone),
      status: d.status, asOf: new Date(event.time),
    });
  }

  async rescheduled(event: EventEnvelope<AppointmentRescheduledData>): Promise<void> {
    const d = event.data;
    const previous = await this.visits.findById(d.appointmentId);
    await this.apply('rescheduled', event.id, previous, {
      ...(previous ?? {}),
      _id: d.appointmentId, patientId: d.patientId, siteId: d.siteId, providerId: d.providerId,
      start: d.start, end: d.end, siteTimeZone: d.siteTimeZone, dateOfService: dateOfServiceAt(d.start, d.siteTimeZone),
      status: previous?.status ?? 'booked', asOf: new Date(event.time),
    });
  }

  async statusChanged(event: EventEnvelope<AppointmentRefData & { appointmentTypeId?: string }>, status: AppointmentStatus): Promise<void> {
    const d = event.data;
    const previous = await this.visits.findById(d.appointmentId);
    const siteTimeZone = previous?.siteTimeZone ?? (await this.siteTimeZone(d.siteId));
    await this.apply(status as VisitChangeKind, event.id, previous, {
      ...(previous ?? {}),
      _id: d.appointmentId, patientId: previous?.patientId ?? d.patientId, siteId: d.siteId, providerId: d.providerId,
      appointmentTypeId: previous?.appointmentTypeId ?? d.appointmentTypeId,
      start: d.start, siteTimeZone, dateOfService: dateOfServiceAt(d.start, siteTimeZone), status, asOf: new Date(event.time),
    });
  }

  private async apply(kind: VisitChangeKind, eventId: string, previous: VisitRecord | null, visit: VisitRecord): Promise<void> {
    if (!(await this.visits.saveIfNewer(visit))) {
      this.logger.log(`appointment ${visit._id}: ${kind} event ${eventId} is older than the visit kept; not applied`);
      return;
    }
    await this.listeners.notify({ kind, visit, previous, eventId });
  }

  /** A visit first seen after booking (events from before insurance kept visits): the site's zone from scheduling's sites. */
  private async siteTimeZone(siteId: string): Promise<string> {
    const zone = await this.sites.timeZoneOf(siteId);
    if (zone) return zone;
    this.logger.warn(`site ${siteId} is not known yet; its visits' dates are taken in UTC`);
    return 'UTC';
  }
}
