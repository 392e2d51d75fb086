import { r4SchemaProblems } from '@clinic-flow/fhir/testing';
import { APPOINTMENT_STATUSES } from '@clinic-flow/contracts';
import { FHIR_APPOINTMENT_STATUS, fhirAppointment } from './appointments.fhir';
import { AppointmentRecord } from './appointments.schema';

const at = new Date('2026-11-30T15:00:00Z');
const appointment: AppointmentRecord = {
  _id: 'appt-1',
  version: 1,
  patientId: 'pat-1',
  providerId: 'prov-1',
  siteId: 'site-downtown',
  appointmentTypeName: 'Urgent care visit',
  start: new Date('2026-12-01T14:00:00Z'),
  end: new Date('2026-12-01T14:20:00Z'),
  durationMinutes: 20,
  reason: 'Sore throat',
  status: 'booked',
  bookedBy: 'u1',
  createdAt: at,
  updatedAt: at,
};
const shown = { patient: 'Ana García', provider: 'Dr. Ana Ruiz', site: 'Downtown', timeZone: 'America/New_York' };

describe('an appointment as a FHIR R4 Appointment', () => {
  it('every status maps to an R4 status and gives a valid resource', () => {
    expect(FHIR_APPOINTMENT_STATUS).toEqual({ booked: 'booked', confirmed: 'booked', 'checked-in': 'arrived', completed: 'fulfilled', cancelled: 'cancelled', 'no-show': 'noshow' });
    for (const status of APPOINTMENT_STATUSES) expect(r4SchemaProblems(fhirAppointment({ ...appointment, status }, shown))).toEqual([]);
  });

  it('times in the site zone, participants referenced with their names, a cancellation with its reason', () => {
    const resource = fhirAppointment({ ...appointment, status: 'cancelled', cancellation: { reason: 'Feeling better', cancelledBy: 'u1', cancelledAt: at } }, shown);
    expect(r4SchemaProblems(resource)).toEqual([]);
    expect(resource).toMatchObject({
      status: 'cancelled',
      cancelationReason: { text: 'Feeling better' },
      start: '2026-12-01T09:00:00-05:00',
      end: '2026-12-01T09:20:00-05:00',
      minutesDuration: 20,
      serviceType: [{ text: 'Urgent care visit' }],
      participant: [
        { actor: { reference: 'Patient/pat-1', display: 'Ana García' } },
        { actor: { reference: 'Practitioner/prov-1', display: 'Dr. Ana Ruiz' } },
        { actor: { reference: 'Location/site-downtown', display: 'Downtown' } },
      ],
    });
    // A name not known (yet) is left out, not made up.
    expect(fhirAppointment(appointment, { timeZone: 'UTC' }).participant[0].actor).toEqual({ reference: 'Patient/pat-1' });
  });
});
