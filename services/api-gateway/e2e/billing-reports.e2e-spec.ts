import { ApiClient } from '@clinic-flow/testing';
import { BILLING_SITE, billingSetup } from './billing-support';
import { holdClearinghouse } from './support';

/*
 * The revenue-cycle reports (issue 12) over a real claim: a PPO claim with a bundled pair
 * (X9213 + X9211) that the simulator pays in part and denies in part (CO-97 on X9211, 60.00 left
 * billed to insurance; 25.00 copay moved to the patient). Setup from billing-support.ts. Days in A/R is checked as the difference the claim makes (before/after).
 *
 * Simulator pricing for a fresh PPO member: X9213 charge 150.00: allowed 110.00 (CO-45 40.00),
 * copay 25.00, paid 85.00; X9211 charge 60.00: denied CO-97 (bundled with X9213).
 */

type AgingRow = { siteId: string; responsibility: string; buckets: Record<string, number>; totalCents: number };
type DaysInAr = { days: number; patientArCents: number; insuranceArCents: number; totalArCents: number; chargesCents: number; averageDailyChargesCents: number; daysInAr: number | null };

const SITE = BILLING_SITE;

describe('billing reports: payer A/R aging, denials by reason, days in A/R', () => {
  let manager: ApiClient;
  let coder: ApiClient;
  let desk: ApiClient;
  let run: string;
  let ppo: string;
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
    const b = await billingSetup({ tag: 'br', codes: [['X9213', 'Office visit, established (placeholder)'], ['X9211', 'Office visit, minimal (placeholder)']], rendering: { firstName: 'Rhea', lastName: 'Report' }, patientName: { firstName: 'Orla', lastName: 'Reports' } });
    ({ manager, coder, desk, run } = b);
    ppo = (await b.payer('ppo')).id;
    const patient = await b.patient([{ payerId: ppo, order: 'primary', memberId: b.memberId('PPO') }]);
    const encounterId = await b.codedVisit(patient.id, ['J02.9'], [{ code: 'X9213', chargeCents: 15000 }, { code: 'X9211', chargeCents: 6000 }]);
    const created = await coder.post('/claims', { encounterId });
    expect([created.status, created.body.status]).toEqual([201, 'submitted']);
    claimId = created.body.id;
    await b.pollUntil(claimId, ['accepted']);
    await b.payCycle();
    expect(await b.pollUntil(claimId, ['paid', 'partially-paid', 'denied'])).toMatchObject({ status: 'partially-paid' });
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
