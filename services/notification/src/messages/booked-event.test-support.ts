import { randomUUID } from 'node:crypto';
import { AppointmentBookedData, EventEnvelope } from '@clinic-flow/contracts';

/**
 * For integration tests: the `appointment.booked` of a 30-minute Downtown checkup starting at
 * `start`, so a one-step policy of `PT1H` plans one reminder due one hour before it.
 */
export function bookedEvent(appointmentId: string, patientId: string, start: Date, correlationId: string): EventEnvelope<AppointmentBookedData> {
  const data: AppointmentBookedData = {
    appointmentId, patientId, providerId: 'prov-ana-ruiz', providerName: 'Dr. Ana Ruiz', siteId: 'site-downtown', siteName: 'Downtown Family Clinic',
    siteTimeZone: 'America/New_York', start: start.toISOString(), end: new Date(start.getTime() + 1_800_000).toISOString(), durationMinutes: 30,
    reason: 'Checkup', status: 'booked', bookedBy: 'it', revision: 1,
  };
  return { id: randomUUID(), type: 'appointment.booked', version: 1, source: 'scheduling', time: new Date().toISOString(), subject: appointmentId, siteId: 'site-downtown', correlationId, causationId: null, data };
}
