import { randomUUID } from 'node:crypto';
import { ApiClient } from '@clinic-flow/testing';
import { local, nextWeekday } from './calendar-support';

/*
 * Network-wide data (appointment types, a provider's time off at every site) is changed only by
 * someone entitled to every site it affects: the office manager of one site is refused, and
 * nothing is written.
 */
describe('network-wide changes', () => {
  let network: ApiClient;
  let riverside: ApiClient;

  const newProvider = async (siteIds: string[]) => {
    const res = await network.post('/providers', { id: `prov-nw-${randomUUID().slice(0, 8)}`, name: 'Network Test, NP', role: 'nurse-practitioner', specialty: 'Family medicine', siteIds });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };

  beforeAll(async () => {
    network = await ApiClient.loginAs('office-manager');
    riverside = await ApiClient.loginAsEmail('riverside-manager@demo.clinic');
    expect(riverside.user.siteIds).toEqual(['site-riverside']);
  });

  it('lets only a manager of every site create or change an appointment type', async () => {
    const id = `nw-type-${randomUUID().slice(0, 8)}`;
    const type = { id, name: 'Network-wide check', durationMinutes: 20, providerRoles: ['physician'] };

    const refused = await riverside.post('/appointment-types', type);
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
    expect(refused.body.detail).toContain('site-downtown');
    expect((await network.get(`/appointment-types/${id}`)).status).toBe(404);

    expect((await network.post('/appointment-types', type)).status).toBe(201);
    const change = await riverside.patch(`/appointment-types/${id}`, { durationMinutes: 40 });
    expect([change.status, change.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
    expect((await network.get(`/appointment-types/${id}`)).body.durationMinutes).toBe(20);
    expect((await network.patch(`/appointment-types/${id}`, { durationMinutes: 40 })).body.durationMinutes).toBe(40);
  });

  it("lets only a manager of all a provider's sites give them time off, and take it back", async () => {
    const day = nextWeekday(2, 21);
    const timeOff = { kind: 'time-off', start: local(day, '00:00'), end: local(day, '23:55'), reason: 'Conference' };
    const both = await newProvider(['site-downtown', 'site-riverside']);

    const refused = await riverside.post(`/providers/${both}/exceptions`, timeOff);
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
    expect((await network.get(`/providers/${both}/exceptions`)).body.items).toEqual([]);

    const granted = await network.post(`/providers/${both}/exceptions`, timeOff);
    expect(granted.status).toBe(201);
    const removal = await riverside.delete(`/providers/${both}/exceptions/${granted.body.id}`);
    expect([removal.status, removal.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
    expect((await network.get(`/providers/${both}/exceptions`)).body.items.map((e: { id: string }) => e.id)).toEqual([granted.body.id]);

    // A provider of Riverside only is the Riverside manager's to manage.
    const riversideOnly = await newProvider(['site-riverside']);
    const own = await riverside.post(`/providers/${riversideOnly}/exceptions`, timeOff);
    expect(own.status).toBe(201);
    expect((await riverside.delete(`/providers/${riversideOnly}/exceptions/${own.body.id}`)).status).toBe(200);
  });

  it("gives a seeded provider of Riverside time off far ahead (the seeded schedule has no exceptions yet), and takes it back", async () => {
    const day = nextWeekday(3, 300);
    const timeOff = { kind: 'time-off', start: local(day, '00:00'), end: local(day, '23:55'), reason: 'Sabbatical day' };
    const added = await riverside.post('/providers/prov-chloe-martin/exceptions', timeOff);
    expect(added.status).toBe(201);
    expect((await riverside.get(`/providers/prov-chloe-martin/exceptions?from=${day}`)).body.items.map((e: { id: string }) => e.id)).toContain(added.body.id);
    expect((await riverside.delete(`/providers/prov-chloe-martin/exceptions/${added.body.id}`)).status).toBe(200);
  });

  it('lets only a manager of every site change the default or an appointment type\'s reminder policy', async () => {
    const typeId = `nw-policy-type-${randomUUID().slice(0, 8)}`;
    expect((await network.post('/appointment-types', { id: typeId, name: 'Policy check', durationMinutes: 20, providerRoles: ['physician'] })).status).toBe(201);
    const policy = { steps: [{ offset: 'PT3H' }], quietHours: null };

    for (const path of ['/reminder-policies/default', `/reminder-policies/appointment-types/${typeId}`, '/reminder-policies/sites/site-downtown']) {
      const refused = await riverside.put(path, policy);
      expect([path, refused.status, refused.body.code]).toEqual([path, 403, 'AUTH.SITE_FORBIDDEN']);
    }
    const stored = (await network.get('/reminder-policies')).body.items as Array<{ updatedBy: string }>;
    expect(stored.filter((p) => p.updatedBy === riverside.user.id)).toEqual([]);

    const own = await network.put(`/reminder-policies/appointment-types/${typeId}`, policy);
    expect(own.status).toBe(200);
    const removal = await riverside.delete(`/reminder-policies/appointment-types/${typeId}`);
    expect([removal.status, removal.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
    expect((await network.delete(`/reminder-policies/appointment-types/${typeId}`)).status).toBe(204);
  });
});
