/*
 * Staff accounts: office managers create, change and deactivate the accounts of their own sites,
 * grant only what they hold, every change is an event and on record, and a deactivation or a
 * change of roles or sites ends the account's tokens at the gateway within a minute (the e2e
 * gateway re-reads a user's status every 2 s; revocation is asserted by polling).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, gatewayUrl, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { createStaffAccount } from './support';

const sites = (token: string) => request(gatewayUrl()).get('/api/v1/sites').set('authorization', `Bearer ${token}`);
const refresh = (refreshToken: string) => request(gatewayUrl()).post('/api/v1/auth/refresh').send({ refreshToken });

describe('staff accounts', () => {
  let manager: ApiClient;
  let riversideManager: ApiClient;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    manager = await ApiClient.loginAs('office-manager');
    riversideManager = await ApiClient.loginAsEmail('riverside-manager@demo.clinic');
    await probe.record([Topics.users]);
  });

  afterAll(() => probe.close());

  it('lets an office manager create an account at their site, recorded and published', async () => {
    const account = await createStaffAccount(manager, { roles: ['receptionist'], siteIds: ['site-downtown'] });
    expect(account).toMatchObject({ roles: ['receptionist'], siteIds: ['site-downtown'], status: 'active', totpEnrolled: false, createdBy: manager.user.id });
    expect(JSON.stringify(account)).not.toMatch(/passwordHash|argon2/);
    const history = await manager.get(`/users/${account.id}/history`);
    expect(history.body.items).toEqual([expect.objectContaining({ action: 'created', by: manager.user.id, at: expect.any(String) })]);
    const event = await waitFor(async () => probe.envelopes((m) => m.key === account.id).find((e) => e.type === 'user.created'), { what: 'user.created' });
    expect(event).toMatchObject({ source: 'api-gateway', subject: account.id, data: { userId: account.id, email: account.email, roles: ['receptionist'], siteIds: ['site-downtown'], status: 'active', changedBy: manager.user.id } });
    expect(JSON.stringify(event)).not.toContain(account.password);
    const listed = await manager.get('/users');
    expect(listed.body.items.map((u: { id: string }) => u.id)).toContain(account.id);
    // The new account signs in with its own password.
    expect((await ApiClient.login(account.email, account.password)).user).toMatchObject({ id: account.id, roles: ['receptionist'] });
  });

  it("refuses granting a site one does not work at, and hides and protects another site's accounts", async () => {
    const refused = await riversideManager.post('/users', { email: `x-${randomUUID().slice(0, 8)}@example.org`, name: 'X', password: 'a-long-enough-password', roles: ['receptionist'], siteIds: ['site-downtown'] });
    expect([refused.status, refused.body.code]).toEqual([403, 'USERS.SITE_NOT_HELD']);
    const downtown = await createStaffAccount(manager, { siteIds: ['site-downtown'] });
    expect((await riversideManager.get(`/users/${downtown.id}`)).status).toBe(404);
    expect((await riversideManager.patch(`/users/${downtown.id}`, { name: 'Taken over' })).status).toBe(404);
    expect((await riversideManager.post(`/users/${downtown.id}/deactivate`, {})).status).toBe(404);
    expect((await riversideManager.get('/users')).body.items.map((u: { id: string }) => u.id)).not.toContain(downtown.id);

    // Someone working at both sites is visible to the Riverside manager, but not theirs to change.
    const both = await createStaffAccount(manager, { siteIds: ['site-downtown', 'site-riverside'] });
    expect((await riversideManager.get(`/users/${both.id}`)).status).toBe(200);
    const change = await riversideManager.patch(`/users/${both.id}`, { siteIds: ['site-riverside'] });
    expect([change.status, change.body.code]).toEqual([403, 'USERS.OTHER_SITES']);
    // Nor may a manager move their own staff to a site they do not hold.
    const own = await createStaffAccount(riversideManager, { siteIds: ['site-riverside'] });
    const moved = await riversideManager.patch(`/users/${own.id}`, { siteIds: ['site-riverside', 'site-downtown'] });
    expect([moved.status, moved.body.code]).toEqual([403, 'USERS.SITE_NOT_HELD']);
  });

  it('refuses the role to anyone but an office manager, and granting a role one does not hold', async () => {
    const receptionist = await ApiClient.loginAs('receptionist');
    const res = await receptionist.post('/users', { email: `y-${randomUUID().slice(0, 8)}@example.org`, name: 'Y', password: 'a-long-enough-password', roles: ['receptionist'], siteIds: ['site-downtown'] });
    expect([res.status, res.body.code]).toEqual([403, 'AUTH.ROLE_FORBIDDEN']);
    expect((await receptionist.get('/users')).status).toBe(403);
    // An office manager may make a colleague office manager of their own site (they hold that role).
    const colleague = await createStaffAccount(riversideManager, { roles: ['office-manager'], siteIds: ['site-riverside'] });
    expect(colleague.roles).toEqual(['office-manager']);
    expect((await manager.post(`/users/${manager.user.id}/deactivate`, {})).body.code).toBe('USERS.SELF');
  });

  it('refuses a deactivated account within a minute: its access token at the gateway, its refresh and sign-in at once', async () => {
    const account = await createStaffAccount(manager);
    const session = await ApiClient.login(account.email, account.password);
    expect((await sites(session.token)).status).toBe(200);

    const deactivated = await manager.post(`/users/${account.id}/deactivate`, { reason: 'Left the practice' });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body).toMatchObject({ status: 'deactivated', deactivatedAt: expect.any(String) });
    const start = Date.now();
    const refusedRefresh = await refresh(session.refreshToken);
    expect([refusedRefresh.status, refusedRefresh.body.code]).toEqual([401, 'AUTH.ACCOUNT_DEACTIVATED']);
    const relogin = await request(gatewayUrl()).post('/api/v1/auth/login').send({ email: account.email, password: account.password });
    expect([relogin.status, relogin.body.code]).toEqual([401, 'AUTH.INVALID_CREDENTIALS']);
    const refused = await waitFor(async () => {
      const res = await sites(session.token);
      return res.status === 401 ? res : null;
    }, { timeoutMs: 60_000, intervalMs: 250, what: 'the access token to be refused' });
    expect(refused.body.code).toBe('AUTH.ACCOUNT_DEACTIVATED');
    expect(Date.now() - start).toBeLessThan(60_000);

    const event = await waitFor(async () => probe.envelopes((m) => m.key === account.id).find((e) => e.type === 'user.deactivated'), { what: 'user.deactivated' });
    expect(event.data).toMatchObject({ status: 'deactivated', changedBy: manager.user.id, reason: 'Left the practice' });
    const history = (await manager.get(`/users/${account.id}/history`)).body.items;
    expect(history.map((h: { action: string }) => h.action)).toEqual(['created', 'deactivated']);
    expect((await manager.patch(`/users/${account.id}`, { name: 'Back' })).body.code).toBe('USERS.DEACTIVATED');
  });

  it("ends tokens issued before a change of sites within a minute; a refresh carries the new sites; a rename ends nothing", async () => {
    const account = await createStaffAccount(manager, { siteIds: ['site-downtown', 'site-riverside'] });
    const session = await ApiClient.login(account.email, account.password);

    const renamed = await manager.patch(`/users/${account.id}`, { name: 'Renamed Person' });
    expect(renamed.body.name).toBe('Renamed Person');
    const changed = await manager.patch(`/users/${account.id}`, { siteIds: ['site-downtown'] });
    expect(changed.status).toBe(200);
    const refused = await waitFor(async () => {
      const res = await sites(session.token);
      return res.status === 401 ? res : null;
    }, { timeoutMs: 60_000, what: 'the old token to be refused' });
    expect(refused.body.code).toBe('AUTH.TOKEN_REVOKED');

    const renewed = await refresh(session.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.body.user.siteIds).toEqual(['site-downtown']);
    const now = await sites(renewed.body.accessToken);
    expect(now.body.items.map((s: { id: string }) => s.id)).toEqual(['site-downtown']);

    const event = await waitFor(async () => probe.envelopes((m) => m.key === account.id).find((e) => e.type === 'user.changed' && e.data.changes.some((c: { field: string }) => c.field === 'siteIds')), { what: 'user.changed' });
    expect(event.data.changes).toEqual([{ field: 'siteIds', from: ['site-downtown', 'site-riverside'], to: ['site-downtown'] }]);
    const history = (await manager.get(`/users/${account.id}/history`)).body.items;
    expect(history.slice(1)).toEqual([
      expect.objectContaining({ action: 'changed', by: manager.user.id, changes: [{ field: 'name', from: account.name, to: 'Renamed Person' }] }),
      expect.objectContaining({ action: 'changed', by: manager.user.id, changes: [{ field: 'siteIds', from: ['site-downtown', 'site-riverside'], to: ['site-downtown'] }] }),
    ]);
  });

  it('keeps clinical positions out of reach of an office manager without clinical rights', async () => {
    const refused = await manager.post('/users', { email: `ma-${randomUUID().slice(0, 8)}@example.org`, name: 'M A', password: 'a-long-enough-password', roles: ['medical-assistant'], siteIds: ['site-downtown'] });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('USERS.ROLE_NOT_HELD');
  });

  it('ends tokens issued before a change of roles', async () => {
    const account = await createStaffAccount(manager, { roles: ['receptionist'] });
    const session = await ApiClient.login(account.email, account.password);
    expect((await manager.patch(`/users/${account.id}`, { roles: ['receptionist', 'billing-coder'] })).status).toBe(200);
    const refused = await waitFor(async () => {
      const res = await sites(session.token);
      return res.status === 401 ? res : null;
    }, { timeoutMs: 60_000, what: 'the old token to be refused' });
    expect(refused.body.code).toBe('AUTH.TOKEN_REVOKED');
    expect((await refresh(session.refreshToken)).body.user.roles).toEqual(['receptionist', 'billing-coder']);
  });
});
