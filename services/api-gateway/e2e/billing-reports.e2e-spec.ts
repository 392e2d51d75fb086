import { randomUUID } from 'node:crypto';
import { ApiClient, createTestProvider, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { claimStatusReached, holdClearinghouse } from './support';

/*
 * The revenue-cycle reports (issue 12) over a real claim: a PPO claim with a bundled pair
 * (X9213 + X9211) that the simulator pays in part and denies in part (CO-97 on X9211, 60.00 left
 * billed to insurance; 25.00 copay moved to the patient). Setup copied, in its minimum, from
 * revenue-cycle.e2e-spec.ts. Days in A/R is checked as the difference the claim makes (before/after).
 *
 * Simulator pricing for a fresh PPO member: X9213 charge 150.00: allowed 110.00 (CO-45 40.00),
 * copay 25.00, paid 85.00; X9211 charge 60.00: denied CO-97 (bundled with X9213).
 */

type AgingRow = { siteId: string; responsibility: string; buckets: Record<string, number>; totalCents: number };
type DaysInAr = { days: number; patientArCents: number; insuranceArCents: number; totalArCents: number; chargesCents: number; averageDailyChargesCents: number; daysInAr: number | null };

const SITE = 'site-downtown';
const ADDRESS = { line1: '12 Harbor Road', city: 'Springfield', state: 'IL', postalCode: '62704' };

describe('billing reports: payer A/R aging, denials by reason, days in A/R', () => {
  let manager: ApiClient;
  let coder: ApiClient;
  let desk: ApiClient;
  let provider: { id: string };
  let typeId: string;
  const run = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
  const ppo = `e2e-br-ppo-${run.toLowerCase()}`;
  let claimId: string;

  const daysInAr = async (days = 30) => {
    const res = await coder.get(`/reports/days-in-ar?siteId=${SITE}&days=${days}`);
    expect(res.status).toBe(200);
    return res.body as DaysInAr;
  };

  afterAll(() => releaseClearinghouse());
  let releaseClearinghouse: () => void = () => undefined;
  // Files that run the simulator's pay cycle take turns (they may wait for each other longer than a test).
  beforeAll(async () => {
    releaseClearinghouse = await holdClearinghouse();
  }, 600_000);
  beforeAll(async () => {
    [manager, coder, desk] = await Promise.all([ApiClient.loginAs('office-manager'), ApiClient.loginAs('billing-coder'), ApiClient.loginAs('receptionist')]);
    provider = await createTestProvider(manager);
    expect((await manager.put(`/rendering-providers/${provider.id}`, { firstName: 'Rhea', lastName: 'Report', npi: '1245319599', taxonomyCode: '207Q00000X' })).status).toBe(200);
    typeId = `e2e-br-${run.toLowerCase()}`;
    expect((await manager.post('/appointment-types', { id: typeId, name: 'Billing reports visit', durationMinutes: 15, providerRoles: ['physician'], telehealth: true, maxHorizonDays: 30 })).status).toBe(201);
    expect((await coder.post('/fee-schedule/cpt-import', {
      source: 'e2e billing-reports placeholders (not CPT)',
      content: 'code\tdescriptor\nX9213\tOffice visit, established (placeholder)\nX9211\tOffice visit, minimal (placeholder)\n',
    })).status).toBe(200);
    expect((await coder.post('/payers', {
      id: ppo, name: `BR ppo ${run}`, ediPayerId: `R${run.slice(0, 5)}`, receiverId: 'CLEARHOUSE', claimFilingIndicator: '12', timelyFilingDays: 180, blockWithoutAuthorization: false,
      rules: [], plans: [{ id: `${ppo}-plan`, name: 'ppo plan', kind: 'ppo', rules: [] }],
    })).status).toBe(201);

    const patient = await desk.post('/patients', {
      firstName: 'Orla', lastName: `Reports-${randomUUID().replace(/-/g, '').slice(0, 12)}`, dateOfBirth: '1971-05-19', sexAtBirth: 'female',
      email: `br-${randomUUID().slice(0, 8)}@example.com`, phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, preferredChannel: 'email', address: ADDRESS,
    });
    expect(patient.status).toBe(201);
    expect((await desk.post(`/patients/${patient.body.id}/coverages`, { payerId: ppo, planId: `${ppo}-plan`, order: 'primary', relationship: 'self', memberId: `PPO${Date.now() % 1e9}`, effectiveDate: '2026-01-01' })).status).toBe(201);
    const start = new Date(Date.now() + 120_000);
    start.setUTCSeconds(0, 0);
    const booked = await desk.post('/appointments', { patientId: patient.body.id, providerId: provider.id, siteId: SITE, appointmentTypeId: typeId, start: start.toISOString(), reason: 'Sore throat' });
    expect(booked.status).toBe(201);
    expect((await desk.post(`/appointments/${booked.body.id}/check-in`)).status).toBe(200);
    expect((await desk.post(`/appointments/${booked.body.id}/check-out`)).status).toBe(200);
    const encounter = await waitFor(async () => ((await coder.get(`/encounters?siteId=${SITE}&status=draft`)).body.items as Array<{ id: string; appointmentId: string }>).find((e) => e.appointmentId === booked.body.id), { what: 'the draft encounter' });
    expect((await coder.put(`/encounters/${encounter.id}/diagnoses`, { codes: ['J02.9'] })).status).toBe(200);
    expect((await coder.put(`/encounters/${encounter.id}/lines`, { lines: [{ code: 'X9213', units: 1, chargeCents: 15000, diagnosisPointers: [1] }, { code: 'X9211', units: 1, chargeCents: 6000, diagnosisPointers: [1] }] })).status).toBe(200);
    expect((await coder.post(`/encounters/${encounter.id}/ready`)).status).toBe(200);
    const created = await coder.post('/claims', { encounterId: encounter.id });
    expect([created.status, created.body.status]).toEqual([201, 'submitted']);
    claimId = created.body.id;
    const pollUntil = (statuses: string[]) => waitFor(async () => {
      expect((await coder.post('/clearinghouse/poll')).status).toBe(200);
      const c = (await coder.get(`/claims/${claimId}`)).body as { status: string };
      return claimStatusReached(statuses, c.status) ? c : undefined;
    }, { what: `claim ${claimId} ${statuses.join('/')}` });
    await pollUntil(['accepted']);
    const cycle = await fetch(`${testInfraEnv().CLEARINGHOUSE_URL}/x12/pay-cycle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(cycle.status).toBe(200);
    expect(await pollUntil(['paid', 'partially-paid', 'denied'])).toMatchObject({ status: 'partially-paid' });
  });

  it('A/R aging has a payer row per site beside the patient rows: the denied 60.00 still billed to the PPO, in 0-30 days (aged from the date of service)', async () => {
    const res = await coder.get(`/reports/ar-aging?siteId=${SITE}`);
    expect(res.status).toBe(200);
    const rows = res.body.rows as AgingRow[];
    expect(rows.find((r) => r.responsibility === `payer:${ppo}`)).toEqual({ siteId: SITE, responsibility: `payer:${ppo}`, buckets: { '0-30': 6000, '31-60': 0, '61-90': 0, '91-120': 0, '120+': 0 }, totalCents: 6000 });
    expect(rows.find((r) => r.responsibility === 'patient')?.buckets['0-30']).toBeGreaterThanOrEqual(2500);
    const csv = await coder.get(`/reports/ar-aging?siteId=${SITE}&format=csv`);
    expect([csv.status, csv.headers['content-type']]).toEqual([200, expect.stringContaining('text/csv')]);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('site_id,responsibility,days_0-30_cents,days_31-60_cents,days_61-90_cents,days_91-120_cents,days_120_plus_cents,total_cents');
    expect(lines).toContain(`${SITE},payer:${ppo},6000,0,0,0,0,6000`);
    expect(lines.findIndex((l) => l.startsWith(`${SITE},patient,`))).toBeLessThan(lines.indexOf(`${SITE},payer:${ppo},6000,0,0,0,0,6000`));
  });

  it('denials by reason count the CO-97 line of the PPO with its description, JSON and CSV', async () => {
    const res = await coder.get(`/reports/denials?siteId=${SITE}`);
    expect(res.status).toBe(200);
    const ofPayer = (res.body.rows as Array<{ payerId: string }>).filter((r) => r.payerId === ppo);
    expect(ofPayer).toEqual([{
      siteId: SITE, payerId: ppo, payerName: `BR ppo ${run}`, group: 'CO', reason: '97', count: 1, amountCents: 6000,
      description: 'The benefit for this service is included in the payment for another service already adjudicated (bundled)',
    }]);
    const csv = await coder.get(`/reports/denials?siteId=${SITE}`).set('accept', 'text/csv');
    expect([csv.status, csv.headers['content-type']]).toEqual([200, expect.stringContaining('text/csv')]);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('site_id,payer_id,payer_name,group_code,carc,description,denied_lines,denied_cents');
    expect(lines).toContain(`${SITE},${ppo},BR ppo ${run},CO,97,The benefit for this service is included in the payment for another service already adjudicated (bundled),1,6000`);
    // A period before the denial: nothing of this payer.
    const earlier = await coder.get(`/reports/denials?siteId=${SITE}&from=2026-01-01&to=2026-01-31`);
    expect((earlier.body.rows as Array<{ payerId: string }>).filter((r) => r.payerId === ppo)).toEqual([]);
  });

  it('days in A/R: the claim adds its charges and what is still owed, and the ratio is total A/R over average daily charges', async () => {
    // The site is shared with the other e2e files running at the same time (their claims are charged,
    // paid and reversed meanwhile), so the figures are checked for what they are made of; the
    // arithmetic of each part is the unit spec's (reports.rules.spec.ts).
    const after = await daysInAr();
    expect(after.chargesCents).toBeGreaterThanOrEqual(21000);
    expect(after.insuranceArCents).toBeGreaterThanOrEqual(6000);
    expect(after.totalArCents).toBe(after.patientArCents + after.insuranceArCents);
    expect(after.averageDailyChargesCents).toBeCloseTo(after.chargesCents / 30, 2);
    expect(after.daysInAr).toBeCloseTo(Math.round((after.totalArCents * 30 / after.chargesCents) * 10) / 10, 5);
    const csv = await coder.get(`/reports/days-in-ar?siteId=${SITE}&days=30&format=csv`);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe('days,from,to,patient_ar_cents,insurance_ar_cents,total_ar_cents,charges_cents,average_daily_charges_cents,days_in_ar');
    const [patientAr, insuranceAr, totalAr, charges, average, ratio] = lines[1].split(',').slice(3).map(Number);
    expect(totalAr).toBe(patientAr + insuranceAr);
    expect(average).toBeCloseTo(charges / 30, 2);
    expect(ratio).toBeCloseTo(Math.round((totalAr * 30 / charges) * 10) / 10, 5);
    const bad = await coder.get(`/reports/days-in-ar?days=0`);
    expect([bad.status, bad.body.code]).toEqual([400, 'REPORT.DAYS']);
  });

  it('the reports are for billing staff and managers, not the front desk', async () => {
    for (const path of ['/reports/ar-aging', '/reports/denials', '/reports/days-in-ar']) {
      expect((await desk.get(path)).status).toBe(403);
      expect((await manager.get(path)).status).toBe(200);
    }
  });
});
