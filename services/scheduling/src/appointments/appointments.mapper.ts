import { DateTime } from 'luxon';
import { AppointmentDto, AppointmentRefData } from '@clinic-flow/contracts';
import type { CalendarEntry } from '../calendar/calendar.repository';
import { AppointmentRecord } from './appointments.schema';

/** An instant as ISO-8601 in a site's zone, with its offset. */
export const inZone = (d: Date, timeZone: string): string => DateTime.fromJSDate(new Date(d), { zone: timeZone }).toISO({ suppressMilliseconds: true })!;

export const blockedUntilOf = (a: Pick<AppointmentRecord, 'end' | 'blockedUntil'>): Date => a.blockedUntil ?? a.end;

/** Who and what every appointment event is about, at the appointment's current revision. */
export function refData(a: AppointmentRecord, revision = a.revision ?? 1): AppointmentRefData {
  return { appointmentId: a._id, patientId: a.patientId, providerId: a.providerId, siteId: a.siteId, start: a.start.toISOString(), revision };
}

/** The appointment as the busy-time projection keeps it. */
export function calendarEntryOf(a: AppointmentRecord): CalendarEntry {
  return {
    appointmentId: a._id,
    revision: a.revision ?? 1,
    patientId: a.patientId,
    providerId: a.providerId,
    siteId: a.siteId,
    appointmentTypeId: a.appointmentTypeId,
    roomId: a.roomId,
    start: a.start,
    end: a.end,
    blockedUntil: blockedUntilOf(a),
    status: a.status,
  };
}

export function toAppointmentDto(a: AppointmentRecord, timeZone: string): AppointmentDto {
  const local = (d: Date) => inZone(d, timeZone);
  return {
    id: a._id,
    patientId: a.patientId,
    providerId: a.providerId,
    siteId: a.siteId,
    appointmentTypeId: a.appointmentTypeId,
    appointmentTypeName: a.appointmentTypeName,
    telehealth: a.telehealth,
    roomId: a.roomId,
    start: local(a.start),
    end: local(a.end),
    durationMinutes: a.durationMinutes,
    reason: a.reason,
    status: a.status,
    revision: a.revision ?? 1,
    overbookReason: a.overbookReason,
    waitlistEntryId: a.waitlistEntryId,
    cancellation: a.cancellation
      ? {
          reason: a.cancellation.reason,
          cancelledBy: a.cancellation.cancelledBy,
          cancelledAt: new Date(a.cancellation.cancelledAt).toISOString(),
          party: a.cancellation.party ?? 'clinic',
        }
      : undefined,
    history: (a.history ?? []).map((h) => ({
      action: h.action,
      at: new Date(h.at).toISOString(),
      by: h.by,
      revision: h.revision,
      reason: h.reason,
      previous: h.previous ? { providerId: h.previous.providerId, start: local(h.previous.start), end: local(h.previous.end) } : undefined,
    })),
    createdAt: new Date(a.createdAt).toISOString(),
    updatedAt: new Date(a.updatedAt).toISOString(),
  };
}
