import { DateTime } from 'luxon';
import { ApiClient } from '@clinic-flow/testing';
import { local, NY, nextWeekday, providerWithTemplate, times } from './calendar-support';
import { registerPatient } from './support';

/*
 * Slot search through the gateway, against providers of the test's own with known templates at
 * Downtown (America/New_York, open Mon-Fri 08:00-18:00): only free slots inside availability.
 */
describe('slot search', () => {
  let desk: ApiClient;
  let manager: ApiClient;
  let provider: string;
  let day: string;
  const search = (type: string, from: string, to: string, providerId = provider) =>
    desk.get(`/slots?siteId=site-downtown&appointmentTypeId=${type}&from=${from}&to=${to}&providerId=${providerId}`);

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    // Tuesdays: a morning for any type, an afternoon for telehealth follow-ups only.
    provider = await providerWithTemplate(manager, [
      { weekday: 2, start: '09:00', end: '11:00' },
      { weekday: 2, start: '14:00', end: '15:00', appointmentTypeIds: ['telehealth-follow-up'] },
    ]);
    day = nextWeekday(2, 3);
  });

  it('offers back-to-back slots inside the template, in the site zone, honouring type restrictions', async () => {
    const followUp = await search('follow-up', day, day);
    expect(followUp.status).toBe(200);
    expect(followUp.body).toMatchObject({ total: 6, timeZone: NY, providers: 1 });
    expect(followUp.body.items[0]).toEqual({
      start: local(day, '09:00'),
      end: local(day, '09:20'),
      providerId: provider,
      providerName: expect.stringContaining('Dr. Calendar'),
      siteId: 'site-downtown',
      appointmentTypeId: 'follow-up',
    });
    expect(times(followUp.body.items)).toEqual(['09:00', '09:20', '09:40', '10:00', '10:20', '10:40']);
    const telehealth = await search('telehealth-follow-up', day, day);
    expect(times(telehealth.body.items)).toEqual(['09:00', '09:20', '09:40', '10:00', '10:20', '10:40', '14:00', '14:20', '14:40']);
  });

  it('leaves out a booked slot, and time off', async () => {
    const patient = await registerPatient(desk);
    const booked = await desk.post('/appointments', { patientId: patient.id, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'telehealth-follow-up', start: local(day, '09:20'), reason: 'Slot search test' });
    expect(booked.status).toBe(201);
    expect(times((await search('follow-up', day, day)).body.items)).toEqual(['09:00', '09:40', '10:00', '10:20', '10:40']);

    const off = await manager.post(`/providers/${provider}/exceptions`, { kind: 'time-off', start: local(day, '10:00'), end: local(day, '10:30'), reason: 'Dentist' });
    expect(off.status).toBe(201);
    expect(off.body.conflicts).toEqual([]);
    expect(times((await search('follow-up', day, day)).body.items)).toEqual(['09:00', '09:40', '10:30']);
  });

  it('finds the first available slot, the same as the first one a search returns', async () => {
    const today = DateTime.now().setZone(NY).toISODate()!;
    const listed = await search('follow-up', today, DateTime.fromISO(today).plus({ days: 20 }).toISODate()!);
    const first = await desk.get(`/slots/first-available?siteId=site-downtown&appointmentTypeId=follow-up&providerId=${provider}`);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(listed.body.items[0]);
    expect(DateTime.fromISO(first.body.start, { zone: NY }).weekday).toBe(2);
  });

  it('finds virtual urgent care within minutes at any hour', async () => {
    const first = await desk.get('/slots/first-available?siteId=site-downtown&appointmentTypeId=urgent-care');
    expect(first.status).toBe(200);
    const start = Date.parse(first.body.start);
    expect(start).toBeGreaterThanOrEqual(Date.now() - 60_000);
    expect(start).toBeLessThan(Date.now() + 2 * 3600_000);
  });

  it('keeps a 09:00 template at 09:00 local across a DST change', async () => {
    const mondays = await providerWithTemplate(manager, [{ weekday: 1, start: '09:00', end: '10:00' }]);
    // The next change of New York's offset within annual-physical's horizon (365 days).
    let sunday = DateTime.now().setZone(NY).startOf('day').plus({ days: 8 });
    while (sunday.offset === sunday.plus({ days: 1 }).offset) sunday = sunday.plus({ days: 1 });
    const before = sunday.minus({ days: 6 }).toISODate()!;
    const after = sunday.plus({ days: 8 }).toISODate()!;
    const res = await search('annual-physical', before, after, mondays);
    expect(res.status).toBe(200);
    const starts = res.body.items.map((s: { start: string }) => s.start);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    expect(times(res.body.items).every((t) => t === '09:00')).toBe(true);
    expect(starts[0]).toBe(local(before, '09:00'));
    expect(starts[starts.length - 1].slice(-6)).not.toBe(starts[0].slice(-6)); // the offset changed, the local time did not
  });

  it('refuses other sites, roles without the policy, and bad ranges', async () => {
    const otherSite = await desk.get('/slots?siteId=site-riverside&appointmentTypeId=follow-up&from=2026-12-01&to=2026-12-02');
    expect(otherSite.status).toBe(403);
    expect(otherSite.body.code).toBe('AUTH.SITE_FORBIDDEN');
    const billing = await ApiClient.loginAs('billing-coder');
    expect((await billing.get(`/slots?siteId=site-downtown&appointmentTypeId=follow-up&from=${day}&to=${day}`)).status).toBe(403);
    const reversed = await desk.get(`/slots?siteId=site-downtown&appointmentTypeId=follow-up&from=${day}&to=2020-01-01`);
    expect(reversed.status).toBe(422);
    expect(reversed.body.code).toBe('SLOTS.INVALID_RANGE');
    const unknown = await desk.get(`/slots?siteId=site-downtown&appointmentTypeId=no-such-type&from=${day}&to=${day}`);
    expect(unknown.body.code).toBe('APPOINTMENT.UNKNOWN_TYPE');
  });
});
