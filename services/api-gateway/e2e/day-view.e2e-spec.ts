import { DateTime } from 'luxon';
import { ApiClient, createTestProvider, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

type DayView = {
  siteId: string;
  date: string;
  timeZone: string;
  providers: Array<{ providerId: string; providerName: string; appointments: Array<{ appointmentId: string; status: string; start: string; end: string; patientId: string; patientName?: string; patientDateOfBirth?: string; appointmentTypeName?: string }> }>;
  totals: Record<string, number>;
};

/** The front desk's day view: each provider's appointments of a local day with their statuses. */
describe('day view', () => {
  let api: ApiClient;
  let provider: { id: string; name: string };

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
    provider = await createTestProvider(await ApiClient.loginAs('office-manager'));
  });

  const book = async (start: DateTime) => {
    const patient = await registerPatient(api);
    const res = await api.post('/appointments', { patientId: patient.id, providerId: provider.id, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start: start.toUTC().toISO(), reason: 'Fever' });
    expect(res.status).toBe(201);
    return { ...(res.body as { id: string; patientId: string }), patient };
  };
  const dayView = async (date: string, providerId?: string): Promise<DayView> => {
    const res = await api.get(`/schedule/day?siteId=site-downtown&date=${date}${providerId ? `&providerId=${providerId}` : ''}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it("shows each appointment of the site's local day with its status, and check-in / check-out moves it along", async () => {
    // Tomorrow in New York, from 22:00 to just past midnight: the day ends at local midnight.
    const tomorrow = DateTime.now().setZone('America/New_York').plus({ days: 1 }).startOf('day');
    const late = await book(tomorrow.set({ hour: 22 }));
    const cancelled = await book(tomorrow.set({ hour: 22, minute: 30 }));
    const lastOfDay = await book(tomorrow.set({ hour: 23, minute: 45 }));
    const nextDay = await book(tomorrow.plus({ days: 1 }));
    expect((await api.post(`/appointments/${late.id}/confirm`)).status).toBe(200);
    expect((await api.post(`/appointments/${cancelled.id}/cancel`, { reason: 'Feeling better' })).status).toBe(200);

    const view = await dayView(tomorrow.toISODate()!, provider.id);
    expect(view).toMatchObject({ siteId: 'site-downtown', date: tomorrow.toISODate(), timeZone: 'America/New_York', totals: { confirmed: 1, cancelled: 1, booked: 1 } });
    expect(view.providers).toHaveLength(1);
    expect(view.providers[0]).toMatchObject({ providerId: provider.id, providerName: provider.name });
    expect(view.providers[0].appointments.map((a) => [a.appointmentId, a.status])).toEqual([
      [late.id, 'confirmed'],
      [cancelled.id, 'cancelled'],
      [lastOfDay.id, 'booked'],
    ]);
    expect(view.providers[0].appointments[2]).toMatchObject({ patientId: lastOfDay.patientId, start: `${tomorrow.toISODate()}T23:45:00${tomorrow.toFormat('ZZ')}` });
    expect((await dayView(tomorrow.plus({ days: 1 }).toISODate()!, provider.id)).providers[0].appointments.map((a) => a.appointmentId)).toContain(nextDay.id);

    // Who and what, as the desk reads it: names reach scheduling with patient.registered.
    const named = await waitFor(
      async () => (await dayView(tomorrow.toISODate()!, provider.id)).providers[0].appointments.find((a) => a.appointmentId === lastOfDay.id && a.patientName),
      { what: 'the patient name on the day view' },
    );
    expect(named).toMatchObject({
      patientName: `${lastOfDay.patient.lastName}, ${lastOfDay.patient.firstName}`,
      patientDateOfBirth: lastOfDay.patient.dateOfBirth,
      appointmentTypeName: 'Virtual urgent care',
    });

    // Today: a patient arrives and leaves.
    const soon = DateTime.now().plus({ minutes: 3 }).startOf('minute');
    const visit = await book(soon);
    expect((await api.post(`/appointments/${visit.id}/check-in`)).status).toBe(200);
    const today = soon.setZone('America/New_York').toISODate()!;
    const during = (await dayView(today, provider.id)).providers[0].appointments.find((a) => a.appointmentId === visit.id);
    expect(during?.status).toBe('checked-in');
    expect((await api.post(`/appointments/${visit.id}/check-out`)).status).toBe(200);
    const after = (await dayView(today, provider.id)).providers[0].appointments.find((a) => a.appointmentId === visit.id);
    expect(after?.status).toBe('completed');
  });

  it('lists every provider of the site without a provider filter, and keeps to the caller\'s sites', async () => {
    const date = DateTime.now().setZone('America/New_York').toISODate()!;
    const view = await dayView(date);
    expect(view.providers.map((p) => p.providerId)).toEqual(expect.arrayContaining(['prov-ana-ruiz', 'prov-urgent-care', provider.id]));
    expect(view.providers.map((p) => p.providerId)).not.toContain('prov-david-kim');
    expect((await api.get(`/schedule/day?siteId=site-riverside&date=${date}`)).body.code).toBe('AUTH.SITE_FORBIDDEN');
    // Not a calendar date: refused by the request's validation (format: date, checked), naming the field.
    const notADate = await api.get('/schedule/day?siteId=site-downtown&date=2026-02-30');
    expect([notADate.status, notADate.body.code, notADate.body.errors?.[0]?.field]).toEqual([400, 'REQUEST.VALIDATION_FAILED', 'date']);
    expect((await api.get(`/schedule/day?siteId=site-downtown&date=${date}&providerId=prov-david-kim`)).body.code).toBe('SCHEDULE.UNKNOWN_PROVIDER');
  });
});
