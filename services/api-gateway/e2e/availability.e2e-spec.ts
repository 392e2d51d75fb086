import { ApiClient } from '@clinic-flow/testing';
import { local, nextWeekday, providerWithTemplate, times } from './calendar-support';
import { registerPatient } from './support';

/*
 * Calendar set-up through the gateway: templates, exceptions, opening hours, providers, rooms and
 * types; a change never silently strands a booking.
 */
describe('availability management', () => {
  let desk: ApiClient;
  let manager: ApiClient;
  let patientId: string;

  const book = async (providerId: string, appointmentTypeId: string, start: string) => {
    const res = await desk.post('/appointments', { patientId, providerId, siteId: 'site-downtown', appointmentTypeId, start, reason: 'Availability test' });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    patientId = (await registerPatient(desk)).id;
  });

  it('refuses a template change that strands a booking with 409 and the list, and saves it when acknowledged', async () => {
    const provider = await providerWithTemplate(manager, [{ weekday: 3, start: '09:00', end: '12:00' }]);
    const day = nextWeekday(3, 3);
    const appointment = await book(provider, 'follow-up', local(day, '11:00'));
    const shorter = { sessions: [{ weekday: 3, start: '09:00', end: '10:00' }] };

    const refused = await manager.put(`/providers/${provider}/availability/site-downtown`, shorter);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('AVAILABILITY.CONFLICTS');
    const conflict = { appointmentId: appointment.id, patientId, providerId: provider, siteId: 'site-downtown', start: local(day, '11:00'), end: local(day, '11:20') };
    expect(refused.body.conflicts).toEqual([conflict]);
    expect((await manager.get(`/providers/${provider}/availability/site-downtown`)).body.sessions).toEqual([{ weekday: 3, start: '09:00', end: '12:00' }]);

    const saved = await manager.put(`/providers/${provider}/availability/site-downtown`, { ...shorter, acknowledgeConflicts: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ sessions: shorter.sessions, conflicts: [conflict] });
    expect((await desk.get(`/appointments/${appointment.id}`)).body.status).toBe('booked');
    const slots = await desk.get(`/slots?siteId=site-downtown&appointmentTypeId=follow-up&from=${day}&to=${day}&providerId=${provider}`);
    expect(times(slots.body.items)).toEqual(['09:00', '09:20', '09:40']);
  });

  it('refuses to take a provider off a site, or deactivate them, while bookings there would be stranded, unless acknowledged', async () => {
    const provider = await providerWithTemplate(manager, [{ weekday: 3, start: '09:00', end: '12:00' }]);
    expect((await manager.patch(`/providers/${provider}`, { siteIds: ['site-downtown', 'site-riverside'] })).status).toBe(200);
    const day = nextWeekday(3, 3);
    const appointment = await book(provider, 'follow-up', local(day, '10:00'));
    const conflict = { appointmentId: appointment.id, patientId, providerId: provider, siteId: 'site-downtown', start: local(day, '10:00'), end: local(day, '10:20') };

    const leave = await manager.patch(`/providers/${provider}`, { siteIds: ['site-riverside'] });
    expect([leave.status, leave.body.code]).toEqual([409, 'AVAILABILITY.CONFLICTS']);
    expect(leave.body.conflicts).toEqual([conflict]);
    const deactivate = await manager.patch(`/providers/${provider}`, { active: false });
    expect([deactivate.status, deactivate.body.conflicts]).toEqual([409, [conflict]]);
    expect((await manager.get(`/providers/${provider}`)).body).toMatchObject({ siteIds: ['site-downtown', 'site-riverside'], active: true });

    // Leaving a site without bookings, or a rename, strands nothing.
    const renamed = await manager.patch(`/providers/${provider}`, { name: 'Dr. Renamed', siteIds: ['site-downtown'] });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Dr. Renamed', siteIds: ['site-downtown'], conflicts: [] });

    const saved = await manager.patch(`/providers/${provider}`, { siteIds: ['site-riverside'], acknowledgeConflicts: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ siteIds: ['site-riverside'], conflicts: [conflict] });
    expect((await desk.get(`/appointments/${appointment.id}`)).body.status).toBe('booked');
  });

  it('refuses time off over a booking unless acknowledged; lists and deletes exceptions; extra sessions add slots', async () => {
    const provider = await providerWithTemplate(manager, [{ weekday: 4, start: '09:00', end: '12:00' }]);
    const day = nextWeekday(4, 3);
    const appointment = await book(provider, 'follow-up', local(day, '10:00'));
    const timeOff = { kind: 'time-off', start: local(day, '09:30'), end: local(day, '10:30'), reason: 'Training' };

    const refused = await manager.post(`/providers/${provider}/exceptions`, timeOff);
    expect(refused.status).toBe(409);
    expect(refused.body.conflicts.map((c: { appointmentId: string }) => c.appointmentId)).toEqual([appointment.id]);
    const saved = await manager.post(`/providers/${provider}/exceptions`, { ...timeOff, acknowledgeConflicts: true });
    expect(saved.status).toBe(201);
    expect(saved.body.conflicts).toHaveLength(1);

    const listed = await manager.get(`/providers/${provider}/exceptions`);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: saved.body.id, kind: 'time-off', reason: 'Training' })]);
    expect((await manager.delete(`/providers/${provider}/exceptions/${saved.body.id}`)).status).toBe(200);
    expect((await manager.get(`/providers/${provider}/exceptions`)).body.items).toEqual([]);

    const friday = nextWeekday(5, 3);
    const extra = await manager.post(`/providers/${provider}/exceptions`, { kind: 'extra', siteId: 'site-downtown', start: local(friday, '13:00'), end: local(friday, '14:00'), reason: 'Flu clinic' });
    expect(extra.status).toBe(201);
    const slots = await desk.get(`/slots?siteId=site-downtown&appointmentTypeId=follow-up&from=${friday}&to=${friday}&providerId=${provider}`);
    expect(times(slots.body.items)).toEqual(['13:00', '13:20', '13:40']);
  });

  it('refuses a closure that would strand in-person bookings, and saves nothing', async () => {
    const provider = await providerWithTemplate(manager, [{ weekday: 2, start: '09:00', end: '12:00' }]);
    const day = nextWeekday(2, 10);
    const appointment = await book(provider, 'follow-up', local(day, '09:00'));
    const current = (await manager.get('/sites/site-downtown/hours')).body;
    const withClosure = { openingHours: current.openingHours, closures: [...current.closures, { date: day, reason: 'Flood' }] };
    const refused = await manager.put('/sites/site-downtown/hours', withClosure);
    try {
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('AVAILABILITY.CONFLICTS');
      expect(refused.body.conflicts).toEqual(expect.arrayContaining([expect.objectContaining({ appointmentId: appointment.id, start: local(day, '09:00') })]));
      expect((await manager.get('/sites/site-downtown/hours')).body.closures).toEqual(current.closures);
    } finally {
      if (refused.status === 200) await manager.put('/sites/site-downtown/hours', { openingHours: current.openingHours, closures: current.closures, acknowledgeConflicts: true });
    }
    const unchanged = await manager.put('/sites/site-downtown/hours', { openingHours: current.openingHours, closures: current.closures });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.conflicts).toEqual([]);
  });

  it('checks templates: sessions must be well-formed and name existing types', async () => {
    const provider = await providerWithTemplate(manager, []);
    const reversed = await manager.put(`/providers/${provider}/availability/site-downtown`, { sessions: [{ weekday: 1, start: '12:00', end: '09:00' }] });
    expect(reversed.status).toBe(422);
    expect(reversed.body.code).toBe('AVAILABILITY.INVALID_SESSION');
    const unknownType = await manager.put(`/providers/${provider}/availability/site-downtown`, { sessions: [{ weekday: 1, start: '09:00', end: '12:00', appointmentTypeIds: ['no-such-type'] }] });
    expect(unknownType.body.code).toBe('AVAILABILITY.UNKNOWN_TYPE');
    const badTime = await manager.put(`/providers/${provider}/availability/site-downtown`, { sessions: [{ weekday: 8, start: '9am', end: '12:00' }] });
    expect(badTime.status).toBe(400);
  });

  it('lets office managers manage providers, rooms and types, and nobody else', async () => {
    const provider = await providerWithTemplate(manager, []);
    expect((await manager.post('/providers', { id: provider, name: 'Again', role: 'physician', specialty: 'x', siteIds: ['site-downtown'] })).body.code).toBe('PROVIDER.EXISTS');
    const renamed = await manager.patch(`/providers/${provider}`, { name: 'Dr. Renamed' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: provider, name: 'Dr. Renamed', role: 'physician', siteIds: ['site-downtown'] });

    const room = await manager.post('/rooms', { siteId: 'site-downtown', name: `Exam ${provider.slice(-4)}`, kind: 'exam' });
    expect(room.status).toBe(201);
    expect((await desk.get('/rooms?siteId=site-downtown')).body.items).toEqual(expect.arrayContaining([room.body]));

    const types = (await desk.get('/appointment-types')).body.items as Array<{ id: string; durationMinutes: number; telehealth: boolean; minLeadMinutes: number }>;
    expect(types.find((t) => t.id === 'new-patient')).toMatchObject({ durationMinutes: 45, bufferAfterMinutes: 15, roomKind: 'exam', minLeadMinutes: 1440, maxHorizonDays: 180 });
    expect(types.find((t) => t.id === 'urgent-care')).toMatchObject({ durationMinutes: 15, telehealth: true, minLeadMinutes: 0, maxHorizonDays: 30 });

    const forbidden = [
      await desk.put(`/providers/${provider}/availability/site-downtown`, { sessions: [] }),
      await desk.post('/providers', { name: 'Dr. No', role: 'physician', specialty: 'x', siteIds: ['site-downtown'] }),
      await desk.post(`/providers/${provider}/exceptions`, { kind: 'blocked', start: '2030-01-01T09:00:00Z', end: '2030-01-01T10:00:00Z', reason: 'x' }),
      await desk.put('/sites/site-downtown/hours', { openingHours: [], closures: [] }),
      await desk.post('/appointment-types', { name: 'X', durationMinutes: 10, providerRoles: ['physician'] }),
    ];
    expect(forbidden.map((r) => [r.status, r.body.code])).toEqual(forbidden.map(() => [403, 'AUTH.ROLE_FORBIDDEN']));
    const otherSite = await desk.get('/sites/site-riverside/hours');
    expect([otherSite.status, otherSite.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
  });
});
