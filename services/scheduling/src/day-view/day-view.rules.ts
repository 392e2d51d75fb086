import { DateTime } from 'luxon';
import { AppointmentStatus, DayViewProviderDto } from '@clinic-flow/contracts';
import { unprocessable } from '@clinic-flow/platform';
import type { CalendarEntry } from '../calendar/calendar.repository';
import { authorizationOf, eligibilityOf, VisitAuthorizationRow, VisitEligibilityRow } from '../insurance-status/insurance-status.rules';

/** [start, end) in UTC of a local day in a zone: 23 or 25 hours on DST change days. */
export function dayBounds(date: string, timeZone: string): { from: Date; to: Date } {
  const start = DateTime.fromISO(date, { zone: timeZone }).startOf('day');
  if (!start.isValid) throw unprocessable('SCHEDULE.INVALID_DATE', `${date} is not a valid date.`);
  return { from: start.toJSDate(), to: start.plus({ days: 1 }).toJSDate() };
}

/**
 * The day's schedule per provider: appointments that start that day at the site, by start time,
 * every status included (the front desk sees cancellations and no-shows too), times in the zone.
 */
export function groupByProvider(
  entries: readonly CalendarEntry[],
  providers: ReadonlyArray<{ id: string; name: string }>,
  day: { from: Date; to: Date; siteId: string; timeZone: string },
): { providers: DayViewProviderDto[]; totals: Partial<Record<AppointmentStatus, number>> } {
  const local = (d: Date) => DateTime.fromJSDate(d, { zone: day.timeZone }).toISO({ suppressMilliseconds: true })!;
  const ofDay = entries
    .filter((e) => e.siteId === day.siteId && e.start >= day.from && e.start < day.to)
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.appointmentId.localeCompare(b.appointmentId));
  const totals: Partial<Record<AppointmentStatus, number>> = {};
  for (const e of ofDay) totals[e.status] = (totals[e.status] ?? 0) + 1;
  return {
    providers: providers.map((p) => ({
      providerId: p.id,
      providerName: p.name,
      appointments: ofDay
        .filter((e) => e.providerId === p.id)
        .map((e) => ({ appointmentId: e.appointmentId, patientId: e.patientId, appointmentTypeId: e.appointmentTypeId, roomId: e.roomId, start: local(e.start), end: local(e.end), status: e.status })),
    })),
    totals,
  };
}

/**
 * Adds what the front desk reads on a schedule: the patient's name and date of birth and the
 * type's name. A patient scheduling has not heard of yet (event still on its way) keeps only its id.
 */
export function withNames(
  providers: readonly DayViewProviderDto[],
  patients: ReadonlyMap<string, { firstName: string; lastName: string; dateOfBirth: string }>,
  typeNames: ReadonlyMap<string, string>,
): DayViewProviderDto[] {
  return providers.map((p) => ({
    ...p,
    appointments: p.appointments.map((a) => {
      const patient = patients.get(a.patientId);
      const typeName = a.appointmentTypeId ? typeNames.get(a.appointmentTypeId) : undefined;
      return {
        ...a,
        ...(patient ? { patientName: `${patient.lastName}, ${patient.firstName}`, patientDateOfBirth: patient.dateOfBirth } : {}),
        ...(typeName ? { appointmentTypeName: typeName } : {}),
      };
    }),
  }));
}

/**
 * Adds each appointment's insurance: eligibility for the day shown (its date of service; a check
 * for the day it had before a reschedule does not count) and, once insurance assessed the visit,
 * what its payer requires and whether the desk must act.
 */
export function withInsurance(
  providers: readonly DayViewProviderDto[],
  date: string,
  eligibility: ReadonlyMap<string, VisitEligibilityRow>,
  authorizations: ReadonlyMap<string, VisitAuthorizationRow>,
): DayViewProviderDto[] {
  return providers.map((p) => ({
    ...p,
    appointments: p.appointments.map((a) => {
      const authorization = authorizationOf(authorizations.get(a.appointmentId));
      return { ...a, eligibility: eligibilityOf(eligibility.get(a.appointmentId), date), ...(authorization ? { authorization } : {}) };
    }),
  }));
}
