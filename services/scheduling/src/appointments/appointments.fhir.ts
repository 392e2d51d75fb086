/*
 * An appointment as a FHIR R4 Appointment (pure mapping, typed by @medplum/fhirtypes).
 *
 * Statuses: booked -> booked and confirmed -> booked (FHIR's "booked" is already the confirmed,
 * definite appointment; it has no separate confirmed status), checked-in -> arrived,
 * completed -> fulfilled, cancelled -> cancelled, no-show -> noshow.
 */
import type { Appointment } from '@medplum/fhirtypes';
import { AppointmentStatus } from '@clinic-flow/contracts';
import { inZone } from './appointments.mapper';
import { AppointmentRecord } from './appointments.schema';

export const FHIR_APPOINTMENT_STATUS: Record<AppointmentStatus, Appointment['status']> = {
  booked: 'booked',
  confirmed: 'booked',
  'checked-in': 'arrived',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  'no-show': 'noshow',
};

/** Who takes part, for the participants' display texts (absent names are left out, not invented). */
export interface AppointmentDisplays {
  patient?: string;
  provider?: string;
  site?: string;
  timeZone: string;
}

export function fhirAppointment(a: AppointmentRecord, shown: AppointmentDisplays): Appointment {
  const display = (text: string | undefined) => (text ? { display: text } : {});
  return {
    resourceType: 'Appointment',
    id: a._id,
    meta: { versionId: String(a.revision ?? 1), lastUpdated: a.updatedAt.toISOString() },
    status: FHIR_APPOINTMENT_STATUS[a.status],
    ...(a.cancellation ? { cancelationReason: { text: a.cancellation.reason } } : {}),
    ...(a.appointmentTypeName ? { serviceType: [{ text: a.appointmentTypeName }] } : {}),
    ...(a.reason ? { reasonCode: [{ text: a.reason }] } : {}),
    start: inZone(a.start, shown.timeZone),
    end: inZone(a.end, shown.timeZone),
    minutesDuration: a.durationMinutes,
    created: a.createdAt.toISOString(),
    participant: [
      { actor: { reference: `Patient/${a.patientId}`, ...display(shown.patient) }, required: 'required', status: 'accepted' },
      { actor: { reference: `Practitioner/${a.providerId}`, ...display(shown.provider) }, required: 'required', status: 'accepted' },
      { actor: { reference: `Location/${a.siteId}`, ...display(shown.site) }, required: 'required', status: 'accepted' },
    ],
  };
}
