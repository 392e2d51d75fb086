import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ApiClient, createTestProvider, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { claimStatusReached, holdClearinghouse } from './support';

/*
 * Claim corrections (issue 12): a paid PPO claim voided (frequency 8) -> the payer's reversal (CLP02 22)
 * on the next pay cycle -> the guarantor's balances back to what they were before the claim; a paid
 * claim replaced (frequency 7) -> reversal plus new adjudication, net equal to the new pricing; a claim
 * never accepted, or already voided, refused with 409. And the 837Ps billing really sent (the
 * simulator keeps each interchange, GET /admin/claims?include=x12) pass pyx12 and linuxforhealth-x12.
 */
const validator = require('../../../infra/components/x12-validator') as {
  ensureX12Validator(): void;
  validateX12Files(files: string[]): Array<{ sets: string[]; ok: boolean; errors: string[] }>;
};

type Claim = { id: string; status: string; frequency: string; totalChargeCents: number; payerClaimControlNumber?: string; originalClaimId?: string; correctedByClaimId?: string; adjudications: Array<{ clpStatus: string; paidCents: number }> };
type Balances = { totalCents: number; patientCents: number; insuranceCents: number; creditCents: number };

const SITE = 'site-downtown';
const ADDRESS = { line1: '12 Harbor Road', city: 'Springfield', state: 'IL', postalCode: '62704' };

describe('claim corrections: void and replacement of a paid claim', () => {
  let manager: ApiClient;
  let coder: ApiClient;
  let desk: ApiClient;
  let provider: { id: string };
  let typeId: string;
  const run = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
  const clearinghouse = () => testInfraEnv().CLEARINGHOUSE_URL;
  const ppo = `e2e-cc-ppo-${run.toLowerCase()}`;
  let slot = 0;
  const soon = () => {
    const t = new Date(Date.now() + (120 + 20 * 60 * slot++) * 1000);
    t.setUTCSeconds(0, 0);
    return t.toISOString();
  };
  const sent: Record<string, string> = {};

  const patient = async () => {
    const res = await desk.post('/patients', {
      firstName: 'Corrie', lastName: `Correction-${randomUUID().replace(/-/g, '').slice(0, 12)}`, dateOfBirth: '1968-07-21', sexAtBirth: 'female',
      email: `cc-${randomUUID().slice(0, 8)}@example.com`, phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, preferredChannel: 'email', address: ADDRESS,
    });
    expect(res.status).toBe(201);
    const added = await desk.post(`/patients/${res.body.id}/coverages`, { payerId: ppo, planId: `${ppo}-plan`, order: 'primary', relationship: 'self', memberId: `PPO${Date.now() % 1e9}`, effectiveDate: '2026-01-01' });
    expect(added.status).toBe(201);
    return res.body.id as string;
  };
  const codedVisit = async (patientId: string) => {
    const booked = await desk.post('/appointments', { patientId, providerId: provider.id, siteId: SITE, appointmentTypeId: typeId, start: soon(), reason: 'Sore throat' });
    expect(booked.status).toBe(201);
    const appointmentId = booked.body.id as string;
    expect((await desk.post(`/appointments/${appointmentId}/check-in`)).status).toBe(200);
    expect((await desk.post(`/appointments/${appointmentId}/check-out`)).status).toBe(200);
    const encounter = await waitFor(async () => ((await coder.get(`/encounters?siteId=${SITE}&status=draft`)).body.items as Array<{ id: string; appointmentId: string }>).find((e) => e.appointmentId === appointmentId), { what: 'the draft encounter' });
    expect((await coder.put(`/encounters/${encounter.id}/diagnoses`, { codes: ['J02.9'] })).status).toBe(200);
    expect((await coder.put(`/encounters/${encounter.id}/lines`, { lines: [{ code: 'X9213', units: 1, chargeCents: 15000, diagnosisPointers: [1] }, { code: 'X3641', units: 1, chargeCents: 3000, diagnosisPointers: [1] }] })).status).toBe(200);
    expect((await coder.post(`/encounters/${encounter.id}/ready`)).status).toBe(200);
    return encounter.id;
  };
  const claim = async (id: string) => (await coder.get(`/claims/${id}`)).body as Claim;
  const pollUntil = (id: string, statuses: string[]) => waitFor(async () => {
    expect((await coder.post('/clearinghouse/poll')).status).toBe(200);
    const c = await claim(id);
    return claimStatusReached(statuses, c.status) ? c : undefined;
  }, { what: `claim ${id} ${statuses.join('/')}` });
  const payCycle = async () => {
    const res = await fetch(`${clearinghouse()}/x12/pay-cycle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
  };
  const balances = async (patientId: string) => {
    const res = await desk.post(`/patients/${patientId}/account`, {});
    expect(res.status).toBe(200);
    return res.body.balances as Balances;
  };
  /** The exact interchange the simulator received for a claim. */
  const keepSent = async (label: string, claimId: string) => {
    const items = (await (await fetch(`${clearinghouse()}/admin/claims?include=x12`)).json()) as { items: Array<{ claimId: string; x12?: string }> };
    const item = items.items.find((i) => i.claimId === claimId);
    expect(item?.x12).toMatch(/^ISA/);
    sent[label] = item!.x12!;
  };
  /** An accepted, paid PPO claim: its id and the balances before it. */
  const paidClaim = async () => {
    const patientId = await patient();
    const encounterId = await codedVisit(patientId);
    const before = await balances(patientId);
    const created = await coder.post('/claims', { encounterId });
    expect(created.status).toBe(201);
    await pollUntil(created.body.id, ['accepted']);
    await payCycle();
    const paid = await pollUntil(created.body.id, ['paid', 'partially-paid']);
    return { patientId, encounterId, before, original: paid, afterPaid: await balances(patientId) };
  };

  afterAll(() => releaseClearinghouse());
  let releaseClearinghouse: () => void = () => undefined;
  // Files that run the simulator's pay cycle take turns (they may wait for each other longer than a test).
  beforeAll(async () => {
    releaseClearinghouse = await holdClearinghouse();
  }, 600_000);
  beforeAll(async () => {
    validator.ensureX12Validator();
    [manager, coder, desk] = await Promise.all([ApiClient.loginAs('office-manager'), ApiClient.loginAs('billing-coder'), ApiClient.loginAs('receptionist')]);
    provider = await createTestProvider(manager);
    expect((await manager.put(`/rendering-providers/${provider.id}`, { firstName: 'Cora', lastName: 'Rection', npi: '1245319599', taxonomyCode: '207Q00000X' })).status).toBe(200);
    typeId = `e2e-cc-${run.toLowerCase()}`;
    expect((await manager.post('/appointment-types', { id: typeId, name: 'Correction visit', durationMinutes: 15, providerRoles: ['physician'], telehealth: true, maxHorizonDays: 30 })).status).toBe(201);
    expect((await coder.post('/fee-schedule/cpt-import', {
      source: 'e2e claim-corrections placeholders (not CPT)',
      content: 'code\tdescriptor\nX9213\tOffice visit, established (placeholder)\nX3641\tBlood draw (placeholder)\n',
    })).status).toBe(200);
    expect((await coder.post('/payers', {
      id: ppo, name: `CC PPO ${run}`, ediPayerId: `C${run.slice(0, 5)}`, receiverId: 'CLEARHOUSE', claimFilingIndicator: '12', timelyFilingDays: 180, blockWithoutAuthorization: false,
      rules: [], plans: [{ id: `${ppo}-plan`, name: 'ppo plan', kind: 'ppo', rules: [] }],
    })).status).toBe(201);
  }, 600_000);

  it('a paid PPO claim voided: the payer reverses it on the next pay cycle, the balances are back to before the claim; a second void is refused', async () => {
    const { patientId, before, original, afterPaid } = await paidClaim();
    expect(afterPaid).not.toEqual(before);
    await keepSent('original', original.id);
    const voided = await coder.post(`/claims/${original.id}/void`);
    expect([voided.status, voided.body.code, voided.body.message]).toEqual([201, undefined, undefined]);
    expect(voided.body).toMatchObject({ frequency: '8', originalClaimId: original.id, status: 'submitted', totalChargeCents: original.totalChargeCents });
    await keepSent('void', voided.body.id);
    expect(sent.void).toContain(`REF*F8*${original.payerClaimControlNumber}~`);
    expect((await claim(original.id)).correctedByClaimId).toBe(voided.body.id);
    const again = await coder.post(`/claims/${original.id}/void`);
    expect([again.status, again.body.code]).toEqual([409, 'CLAIM.ALREADY_CORRECTED']);
    const ofVoid = await coder.post(`/claims/${voided.body.id}/replace`);
    expect([ofVoid.status, ofVoid.body.code]).toEqual([409, 'CLAIM.VOIDED']);
    await pollUntil(voided.body.id, ['accepted']);
    await payCycle();
    const reversed = await pollUntil(original.id, ['reversed']);
    expect(reversed.adjudications.map((a) => [a.clpStatus, a.paidCents])).toEqual([['1', original.adjudications[0].paidCents], ['22', -original.adjudications[0].paidCents]]);
    expect(await balances(patientId)).toEqual(before);
  });

  it('a claim never accepted is neither voided nor replaced (409 CLAIM.NOT_ACCEPTED)', async () => {
    const patientId = await patient();
    const encounterId = await codedVisit(patientId);
    const created = await coder.post('/claims', { encounterId });
    expect(created.status).toBe(201);
    expect(created.body.payerClaimControlNumber).toBeUndefined();
    const refused = await coder.post(`/claims/${created.body.id}/void`);
    expect([refused.status, refused.body.code]).toEqual([409, 'CLAIM.NOT_ACCEPTED']);
    await pollUntil(created.body.id, ['accepted']);
  });

  it('a paid claim replaced: the original reversed and the replacement priced, net equal to the new pricing', async () => {
    const { patientId, original, afterPaid } = await paidClaim();
    const replaced = await coder.post(`/claims/${original.id}/replace`);
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ frequency: '7', originalClaimId: original.id, status: 'submitted' });
    await keepSent('replacement', replaced.body.id);
    expect(sent.replacement).toContain(`REF*F8*${original.payerClaimControlNumber}~`);
    await pollUntil(replaced.body.id, ['accepted']);
    await payCycle();
    const priced = await pollUntil(replaced.body.id, ['paid', 'partially-paid']);
    const reversed = await pollUntil(original.id, ['reversed']);
    expect(reversed.adjudications.map((a) => a.clpStatus)).toEqual(['1', '22']);
    // Same lines, same pricing (the deductible the reversal gave back is taken again): the balances as after the original's payment.
    expect(priced.adjudications.map((a) => a.paidCents)).toEqual([original.adjudications[0].paidCents]);
    expect(await balances(patientId)).toEqual(afterPaid);
  });

  it('the 837Ps billing sent (an original, a void, a replacement) pass pyx12 and linuxforhealth-x12', () => {
    expect(Object.keys(sent).sort()).toEqual(['original', 'replacement', 'void']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-corrections-'));
    const files = Object.entries(sent).map(([label, text]) => {
      const name = path.join(dir, `${label}.x12`);
      fs.writeFileSync(name, text);
      return name;
    });
    const reports = validator.validateX12Files(files);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(reports.map((r) => [r.sets.join(','), r.errors])).toEqual(files.map(() => ['837', []]));
  });
});
