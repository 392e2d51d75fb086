import { randomInt } from 'node:crypto';
import { DateTime } from 'luxon';
import { AppointmentBookedV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, smsTo, waitFor } from '@clinic-flow/testing';
import { booked, publish, typeWithPolicy } from './notification-support';
import { bookingRequest } from './support';

type DayView = { providers: Array<{ appointments: Array<{ appointmentId: string; patientName?: string; patientDateOfBirth?: string }> }> };

/**
 * Demographics in patient-records (registration and PATCH /patients/:id), the event every change
 * publishes (what changed; values only of what other services copy), and the copies it updates:
 * scheduling's day view shows a renamed patient, notification's next reminder goes to the new phone.
 */
describe('patient demographics and the copies other services keep', () => {
  let desk: ApiClient;
  let manager: ApiClient;
  const probe = new KafkaProbe();
  const tag = Array.from({ length: 8 }, () => String.fromCharCode(97 + randomInt(26))).join('');
  const phone = () => `+1917${String(2_000_000 + randomInt(7_999_999))}`;
  /** A patient's events of a type, once each (delivery is at least once: the relay may publish an event again). */
  const events = (type: string, patientId: string) => [
    ...new Map(probe.envelopes().filter((e) => e.type === type && e.subject === patientId).map((e) => [e.id, e])).values(),
  ];

  /** Liam with a family name of its own per test, and contacts of his own: not a duplicate of another test's Liam. */
  const home = phone();
  const dotted = `${home.slice(2, 5)}.${home.slice(5, 8)}.${home.slice(8)}`;
  const full = (family = 'Chen') => ({
    firstName: 'Liam',
    middleName: 'Alexander',
    lastName: `${family}${tag}`,
    preferredName: 'Lee',
    dateOfBirth: '2015-05-09',
    sexAtBirth: 'male',
    genderIdentity: 'male',
    address: { line1: '77 Mott St', line2: 'Apt 2', city: 'New York', state: 'ny', postalCode: '10013' },
    phone: phone(),
    homePhone: dotted,
    email: `liam.${family.toLowerCase()}.${tag}@example.com`,
    preferredChannel: 'email',
    language: 'en',
    emergencyContact: { name: 'Wei Chen', relationship: 'parent', phone: '(212) 555-0121' },
    guarantor: {
      kind: 'responsible-party',
      relationship: 'parent',
      firstName: 'Wei',
      lastName: `Chen${tag}`,
      dateOfBirth: '1983-08-17',
      phone: '212-555-0121',
      email: 'Wei.Chen@Example.com',
      address: { line1: '77 Mott St', city: 'New York', state: 'NY', postalCode: '10013' },
    },
  });

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    await probe.record([Topics.patients]);
  });
  afterAll(() => probe.close());

  it('registers full demographics, normalised, and publishes only what consumers copy', async () => {
    const body = full();
    const res = await desk.post('/patients', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      firstName: 'Liam',
      middleName: 'Alexander',
      preferredName: 'Lee',
      sexAtBirth: 'male',
      genderIdentity: 'male',
      address: { line1: '77 Mott St', line2: 'Apt 2', city: 'New York', state: 'NY', postalCode: '10013', country: 'US' },
      phone: body.phone,
      homePhone: home,
      emergencyContact: { name: 'Wei Chen', relationship: 'parent', phone: '+12125550121' },
      guarantor: { kind: 'responsible-party', relationship: 'parent', firstName: 'Wei', phone: '+12125550121', email: 'wei.chen@example.com', address: { country: 'US' } },
    });
    expect((await desk.get(`/patients/${res.body.id}`)).body).toEqual(res.body);

    const [registered] = await waitFor(async () => events('patient.registered', res.body.id).length > 0 && events('patient.registered', res.body.id), { what: 'patient.registered' });
    expect(registered.data).toMatchObject({ firstName: 'Liam', lastName: `Chen${tag}`, dateOfBirth: '2015-05-09' });
    // What no consumer reads stays in patient-records.
    for (const kept of ['middleName', 'preferredName', 'address', 'homePhone', 'emergencyContact', 'guarantor', 'sexAtBirth', 'genderIdentity', 'duplicateOverride']) expect(registered.data).not.toHaveProperty(kept);

    // A patient without a guarantor pays for themselves.
    const self = await desk.post('/patients', { firstName: 'Ada', lastName: `Self${tag}`, dateOfBirth: '1970-01-01', phone: phone(), preferredChannel: 'sms' });
    expect(self.body.guarantor).toEqual({ kind: 'self' });
  });

  it('changes demographics with PATCH and says what changed; values only of copied fields', async () => {
    const patient = (await desk.post('/patients', full('Moreau'))).body;
    const moved = await desk.patch(`/patients/${patient.id}`, { address: { line1: '1 Bowery', city: 'New York', state: 'NY', postalCode: '10002' }, guarantor: { kind: 'self' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ address: { line1: '1 Bowery', postalCode: '10002' }, guarantor: { kind: 'self' }, firstName: 'Liam' });
    const [change] = await waitFor(async () => events('patient.demographics-changed', patient.id).length > 0 && events('patient.demographics-changed', patient.id), { what: 'patient.demographics-changed' });
    expect(change.data).toMatchObject({ patientId: patient.id, changedFields: ['address', 'guarantor'], firstName: 'Liam', lastName: `Moreau${tag}`, changedBy: desk.user.id });
    for (const kept of ['address', 'guarantor', 'middleName', 'preferredName']) expect(change.data).not.toHaveProperty(kept);

    // Nothing changed: nothing published. The next real change is the marker (same key, later).
    expect((await desk.patch(`/patients/${patient.id}`, { address: { line1: '1 Bowery', city: 'New York', state: 'ny', postalCode: '10002' } })).status).toBe(200);
    expect((await desk.patch(`/patients/${patient.id}`, { middleName: null, homePhone: '(212) 555-0199' })).body).toMatchObject({ homePhone: '+12125550199' });
    await waitFor(async () => events('patient.demographics-changed', patient.id).length === 2, { what: 'the marker change' });
    expect(events('patient.demographics-changed', patient.id).map((e) => e.data.changedFields)).toEqual([['address', 'guarantor'], ['middleName', 'homePhone']]);
    // Neither touched contact details: no patient.contact-updated for this patient.
    expect(events('patient.contact-updated', patient.id)).toEqual([]);
    expect((await desk.get(`/patients/${patient.id}`)).body).not.toHaveProperty('middleName');
  });

  it('refuses bad demographics with a problem and changes nothing', async () => {
    const patient = (await desk.post('/patients', full('Refused'))).body;
    const future = DateTime.now().plus({ days: 3 }).toISODate();
    const cases: Array<[object, string]> = [
      [{ dateOfBirth: future }, 'dateOfBirth'],
      [{ dateOfBirth: '2015-02-30' }, 'dateOfBirth'],
      [{ lastName: null }, 'lastName'],
      [{ phone: '555-1234' }, 'phone'],
      [{ address: { line1: '1 Main St', city: 'X', state: 'ZZ', postalCode: '1234' } }, 'address.state'],
      [{ guarantor: { kind: 'responsible-party', firstName: 'Wei' } }, 'guarantor.relationship'],
      [{ sexAtBirth: 'x' }, 'sexAtBirth'],
      [{ preferredChannel: 'sms', phone: null }, 'phone'],
    ];
    for (const [body, field] of cases) {
      const res = await desk.patch(`/patients/${patient.id}`, body);
      expect([res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([400, 'REQUEST.VALIDATION_FAILED', field]);
    }
    expect((await desk.get(`/patients/${patient.id}`)).body).toEqual(patient);
    expect((await desk.patch('/patients/no-such-patient', { firstName: 'X' })).body.code).toBe('PATIENT.NOT_FOUND');
    const coder = await ApiClient.loginAs('billing-coder');
    expect((await coder.patch(`/patients/${patient.id}`, { firstName: 'X' })).status).toBe(403);
    // Billing reads the guarantor it bills.
    expect((await coder.get(`/patients/${patient.id}`)).body.guarantor).toMatchObject({ kind: 'responsible-party', firstName: 'Wei' });
  });

  it("renames a patient: scheduling's day view shows the new name", async () => {
    const patient = (await desk.post('/patients', { ...full('Okafor'), firstName: 'Chidi', preferredName: undefined })).body;
    const appointment = await desk.post('/appointments', bookingRequest(patient.id));
    expect(appointment.status).toBe(201);
    const date = DateTime.fromISO(appointment.body.start).setZone('America/New_York').toISODate();
    const nameOnDayView = async () => {
      const view = (await desk.get(`/schedule/day?siteId=site-downtown&date=${date}&providerId=prov-urgent-care`)).body as DayView;
      return view.providers.flatMap((p) => p.appointments).find((a) => a.appointmentId === appointment.body.id);
    };
    await waitFor(async () => (await nameOnDayView())?.patientName === `Okafor${tag}, Chidi`, { what: 'the name at registration on the day view' });

    expect((await desk.patch(`/patients/${patient.id}`, { lastName: `Okafor-Adeyemi${tag}`, dateOfBirth: '2015-06-09' })).status).toBe(200);
    const renamed = await waitFor(async () => {
      const row = await nameOnDayView();
      return row?.patientName === `Okafor-Adeyemi${tag}, Chidi` && row;
    }, { what: 'the new name on the day view' });
    expect(renamed.patientDateOfBirth).toBe('2015-06-09');
    expect((await desk.post(`/appointments/${appointment.body.id}/cancel`, { reason: 'test done' })).status).toBe(200);
  });

  it("changes the phone and first name: the next reminder goes to the new phone, greeting the new name", async () => {
    const oldPhone = phone();
    const newPhone = phone();
    const patient = (await desk.post('/patients', { firstName: 'Rosa', lastName: `Parks${tag}`, dateOfBirth: '1950-02-04', phone: oldPhone, preferredChannel: 'sms' })).body;
    const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'PT50S', channel: 'sms' }] });

    const digits = newPhone.slice(2);
    const changed = await desk.patch(`/patients/${patient.id}`, { phone: `(${digits.slice(0, 3)}) ${digits.slice(3, 6)}-${digits.slice(6)}` });
    expect(changed.body).toMatchObject({ phone: newPhone, firstName: 'Rosa' });
    // A rename alone is no contact change: only patient.demographics-changed carries it to notification.
    expect((await desk.patch(`/patients/${patient.id}`, { firstName: 'Rosalind' })).body).toMatchObject({ phone: newPhone, firstName: 'Rosalind' });
    // Every event is out (notification consumes them from one partition, in order, before the booking below can fire a reminder).
    await waitFor(async () => events('patient.demographics-changed', patient.id).length === 2, { what: 'the change events' });
    expect(events('patient.demographics-changed', patient.id).map((e) => [e.data.changedFields, e.data.firstName, e.data.phone])).toEqual([
      [['phone'], 'Rosa', newPhone],
      [['firstName'], 'Rosalind', newPhone],
    ]);
    expect(events('patient.contact-updated', patient.id).map((e) => e.data.phone)).toEqual([newPhone]);

    const data = booked(patient.id, new Date(Date.now() + 60_000), { appointmentTypeId: typeId, appointmentTypeName: 'Check-up' });
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    const sms = await waitFor(async () => (await smsTo(newPhone))[0], { what: 'the reminder at the new phone', timeoutMs: 40_000 });
    expect(sms.body).toContain('Rosalind');
    expect(await smsTo(oldPhone)).toEqual([]);
  });
});
