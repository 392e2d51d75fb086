import { randomUUID } from 'node:crypto';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, waitFor } from '@clinic-flow/testing';

/*
 * Payers, plans and their rules through the gateway: the demo payers (one per clearinghouse
 * simulator scenario family), what a visit needs under a payer and plan, and who may change a
 * payer (network-wide data: billing or an office manager of every site), with its events.
 */
describe('payers and plans', () => {
  let billing: ApiClient;
  let desk: ApiClient;
  let riverside: ApiClient;
  const probe = new KafkaProbe();

  const newPayer = (overrides: Record<string, unknown> = {}) => ({
    id: `payer-e2e-${randomUUID().slice(0, 8)}`,
    name: 'E2E Mutual',
    ediPayerId: 'E2EMUT01',
    receiverId: 'CLEARHOUSE',
    claimFilingIndicator: 'CI',
    timelyFilingDays: 90,
    memberIdPattern: '^E2E[0-9]{6}$',
    plans: [{ id: 'e2e-basic', name: 'E2E Basic', kind: 'epo', rules: [{ requirement: 'referral', appointmentTypeIds: ['new-patient'] }] }],
    rules: [{ requirement: 'prior-authorization', procedureCodes: ['X7055'] }],
    ...overrides,
  });

  beforeAll(async () => {
    billing = await ApiClient.loginAs('billing-coder');
    desk = await ApiClient.loginAs('receptionist');
    riverside = await ApiClient.loginAsEmail('riverside-manager@demo.clinic');
    await probe.record([Topics.payers]);
    // Insurance learns the network's sites from scheduling's events: once it has, a one-site manager's change is refused before any lookup.
    await waitFor(async () => (await riverside.patch('/payers/no-such-payer', { active: true })).status === 403, { what: 'insurance to know every site' });
  });
  afterAll(() => probe.close());

  it('lists the demo payers to the desk, with plans and rules', async () => {
    const res = await desk.get('/payers');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.items.map((p: { id: string }) => [p.id, p]));
    expect(byId['payer-acme']).toMatchObject({ name: 'Acme Health', claimFilingIndicator: 'CI', timelyFilingDays: 90, plans: [{ id: 'acme-gold-ppo' }, { id: 'acme-silver-ppo' }] });
    expect(byId['payer-acme-care-hmo']).toMatchObject({ claimFilingIndicator: 'HM', blockWithoutAuthorization: true });
    expect(byId['payer-medicare']).toMatchObject({ claimFilingIndicator: 'MB', timelyFilingDays: 365 });
  });

  it('tells what a visit needs: a referral for the HMO, an authorization for a procedure or a plan', async () => {
    const hmo = await desk.get('/payers/payer-acme-care-hmo/requirements?planId=acme-care-hmo&appointmentTypeId=new-patient');
    expect(hmo.body).toMatchObject({ referralRequired: true, priorAuthorizationRequired: false, blockWithoutAuthorization: true, matched: [{ requirement: 'referral', source: 'payer' }] });
    const followUp = await desk.get('/payers/payer-acme-care-hmo/requirements?appointmentTypeId=follow-up');
    expect(followUp.body).toMatchObject({ referralRequired: false, priorAuthorizationRequired: false, matched: [] });
    const mri = await desk.get('/payers/payer-acme/requirements?planId=acme-gold-ppo&appointmentTypeId=follow-up&procedureCodes=99213,X7055');
    expect(mri.body).toMatchObject({ priorAuthorizationRequired: true, referralRequired: false });
    const silver = await desk.get('/payers/payer-acme/requirements?planId=acme-silver-ppo&appointmentTypeId=new-patient');
    expect(silver.body).toMatchObject({ priorAuthorizationRequired: true, matched: [{ source: 'plan' }] });

    const unknownPlan = await desk.get('/payers/payer-acme/requirements?planId=no-such-plan');
    expect([unknownPlan.status, unknownPlan.body.code]).toEqual([404, 'PAYER.PLAN_NOT_FOUND']);
    expect((await desk.get('/payers/payer-acme/requirements?procedureCodes=mri')).status).toBe(400);
    expect((await desk.get('/payers/no-such-payer')).body.code).toBe('PAYER.NOT_FOUND');
  });

  it('lets billing register a payer and announces it; refuses the desk, a one-site manager, a taken id and a bad pattern', async () => {
    const payer = newPayer();
    const byDesk = await desk.post('/payers', payer);
    expect([byDesk.status, byDesk.body.code]).toEqual([403, 'AUTH.ROLE_FORBIDDEN']);
    const byRiverside = await riverside.post('/payers', payer);
    expect([byRiverside.status, byRiverside.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
    const badPattern = await billing.post('/payers', { ...payer, memberIdPattern: '^(E2E' });
    expect([badPattern.status, badPattern.body.code]).toEqual([400, 'PAYER.INVALID']);
    const twoPlans = await billing.post('/payers', { ...payer, plans: [...payer.plans, ...payer.plans] });
    expect([twoPlans.status, twoPlans.body.code]).toEqual([400, 'PAYER.INVALID']);
    expect((await billing.get(`/payers/${payer.id}`)).status).toBe(404);

    const created = await billing.post('/payers', payer);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: payer.id, version: 1, active: true, blockWithoutAuthorization: false, plans: [{ id: 'e2e-basic', kind: 'epo' }] });
    const again = await billing.post('/payers', payer);
    expect([again.status, again.body.code]).toEqual([409, 'PAYER.EXISTS']);

    const registered = await waitFor(async () => probe.envelopes((m) => m.key === payer.id).find((e) => e.type === 'payer.registered'), { what: 'payer.registered' });
    expect(registered.data).toMatchObject({ payerId: payer.id, ediPayerId: 'E2EMUT01', claimFilingIndicator: 'CI', planIds: ['e2e-basic'], changedBy: billing.user.id });
    expect(registered.siteId).toBeNull();
  });

  it('changes a payer with one event naming what changed; the same change again writes nothing', async () => {
    const payer = newPayer();
    expect((await billing.post('/payers', payer)).status).toBe(201);
    const refused = await riverside.patch(`/payers/${payer.id}`, { timelyFilingDays: 180 });
    expect([refused.status, refused.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);

    const change = { timelyFilingDays: 180, blockWithoutAuthorization: true };
    const changed = await billing.patch(`/payers/${payer.id}`, change);
    expect(changed.body).toMatchObject({ timelyFilingDays: 180, blockWithoutAuthorization: true, version: 2 });
    const unchanged = await billing.patch(`/payers/${payer.id}`, change);
    expect(unchanged.body.version).toBe(2);
    // A later change is the marker that the repeated one raised no event of its own.
    expect((await billing.patch(`/payers/${payer.id}`, { active: false })).body).toMatchObject({ active: false, version: 3 });

    const events = await waitFor(async () => {
      const seen = probe.envelopes((m) => m.key === payer.id).filter((e) => e.type === 'payer.changed');
      return seen.length >= 2 && seen;
    }, { what: 'two payer.changed' });
    expect(events.map((e: { data: { changedFields: string[] } }) => e.data.changedFields)).toEqual([['timelyFilingDays', 'blockWithoutAuthorization'], ['active']]);
    expect((await billing.get(`/payers/${payer.id}`)).body).toMatchObject({ timelyFilingDays: 180, active: false });
  });
});
