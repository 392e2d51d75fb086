import { randomUUID } from 'node:crypto';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { BILLING_SITE, BillingE2E, billingSetup, ClaimView } from './billing-support';
import { claimStatusReached, holdClearinghouse } from './support';

/*
 * The revenue cycle end to end (issue 12): book, check in with a copay (card), check out, code,
 * claim (scrubbed, 837P), 999 and 277CA, the simulator's pay cycle, 835 posted to the guarantor's
 * ledger (exact amounts from the simulator's PPO pricing), the secondary claim to a Medicare payer
 * made from the primary's 835 and paid on the next cycle, a statement, the patient pays the rest:
 * zero balance. Plus a denial (bundled pair -> the denials queue with the CARC explained), an
 * unbalanced 835 (400, nothing posted), the same 835 twice (posted once), a claim the scrubber blocks.
 *
 * Simulator pricing (infra/clearinghouse/adjudication.js) for a fresh PPO member:
 *   X9213 charge 150.00: allowed 110.00 (CO-45 40.00), copay 25.00 (PR-3), paid 85.00
 *   X3641 charge  30.00: allowed  15.00 (CO-45 15.00), deductible 15.00 (PR-1), paid 0
 * MCR as secondary: pays min(primary's PR, MCR allowed - primary paid) per line:
 *   X9213 min(25.00, 75.00 - 85.00) = 0; X3641 min(15.00, 10.00 - 0) = 10.00  -> 10.00 paid, 30.00 left to the patient.
 */

const SITE = BILLING_SITE;

describe('revenue cycle: from a finished visit to a zero balance', () => {
  let b: BillingE2E;
  let coder: ApiClient;
  let desk: ApiClient;
  let ppo: string;
  let mcr: string;
  const probe = new KafkaProbe();
  const patientWithCoverage = (coverages: Array<{ payerId: string; order: 'primary' | 'secondary'; memberId: string }>) => b.patient(coverages);
  const visit = (patientId: string, copayCents?: number) => b.visit(patientId, { copayCents });
  const code = (encounterId: string, diagnoses: string[], lines: Array<{ code: string; chargeCents: number }>) => b.code(encounterId, diagnoses, lines);
  const claim = (id: string) => b.claim(id);
  const pollUntil = (id: string, statuses: string[]) => b.pollUntil(id, statuses);
  const payCycle = () => b.payCycle();
  const account = (patientId: string) => b.account(patientId);
  const reports835 = async () => {
    const res = await fetch(`${b.clearinghouse()}/x12/reports?since=0&partner=CLINICFLOWBILL&limit=1000`);
    return ((await res.json()) as { items: Array<{ kind: string; text: string }> }).items.filter((i) => i.kind === '835');
  };

  let releaseClearinghouse: () => void = () => undefined;
  // Files that run the simulator's pay cycle take turns (they may wait for each other longer than a test).
  beforeAll(async () => {
    releaseClearinghouse = await holdClearinghouse();
  }, 600_000);
  beforeAll(async () => {
    b = await billingSetup({
      tag: 'rc', rendering: { firstName: 'Rhea', lastName: 'Cycle' }, patientName: { firstName: 'Ondine', lastName: 'Revcycle' },
      codes: [['X9213', 'Office visit, established (placeholder)'], ['X3641', 'Blood draw (placeholder)'], ['X9211', 'Office visit, minimal (placeholder)']],
    });
    ({ coder, desk } = b);
    await probe.record([Topics.claims, Topics.remittances]);
    ppo = (await b.payer('ppo')).id;
    mcr = (await b.payer('medicare')).id;
  });
  afterAll(() => {
    releaseClearinghouse();
    return probe.close();
  });

  describe('a PPO primary and a Medicare secondary', () => {
    let patient: { id: string; lastName: string };
    let primary: ClaimView;
    let secondaryId: string;

    it('claims a coded visit: scrubbed, 837P accepted by the 999, charges billed to insurance on the ledger', async () => {
      patient = await patientWithCoverage([
        { payerId: ppo, order: 'primary', memberId: `PPO${Date.now() % 1e9}` },
        { payerId: mcr, order: 'secondary', memberId: `MCR${Date.now() % 1e9}A` },
      ]);
      const encounterId = await visit(patient.id, 2500);
      await code(encounterId, ['J02.9'], [{ code: 'X9213', chargeCents: 15000 }, { code: 'X3641', chargeCents: 3000 }]);
      const created = await coder.post('/claims', { encounterId });
      expect(created.status).toBe(201);
      primary = created.body;
      expect(primary).toMatchObject({ status: 'submitted', order: 'primary', payerId: ppo, totalChargeCents: 18000, interchangeControlNumber: expect.stringMatching(/^\d{9}$/) });
      expect(primary.id.length).toBeLessThanOrEqual(20);
      expect(primary.lines.map((l) => [l.lineId, l.procedureCode])).toEqual([[`${primary.id}-1`, 'X9213'], [`${primary.id}-2`, 'X3641']]);
      // The same encounter again: claimed already.
      const again = await coder.post('/claims', { encounterId });
      expect([again.status, again.body.code, again.body.claimId]).toEqual([409, 'CLAIM.ALREADY_CLAIMED', primary.id]);
      const acct = await account(patient.id);
      expect(acct.entries.filter((e) => e.type === 'charge').map((e) => [e.amountCents, e.bucket, e.claimId])).toEqual([[15000, 'insurance', primary.id], [3000, 'insurance', primary.id]]);
      // The copay taken at check-in is the patient's credit until the payer says what they owe.
      expect(acct.balances).toEqual({ totalCents: 15500, insuranceCents: 18000, patientCents: 0, creditCents: 2500 });
      // The desk does not make claims.
      expect((await desk.post('/claims', { encounterId })).status).toBe(403);
    });

    it('is accepted by the 277CA (the payer claim control number kept) after a poll', async () => {
      primary = await pollUntil(primary.id, ['accepted']);
      expect(primary.payerClaimControlNumber).toBeTruthy();
    });

    it("posts the primary's 835: payment, contractual write-off, the patient's part kept for the secondary, which is made and sent", async () => {
      await payCycle();
      primary = await pollUntil(primary.id, ['paid', 'partially-paid']);
      expect(primary.status).toBe('paid');
      expect(primary.adjudications).toEqual([expect.objectContaining({ paidCents: 8500, contractualCents: 5500, patientResponsibilityCents: 4000, deniedCents: 0 })]);
      expect(primary.lines.map((l) => l.paidCents)).toEqual([8500, 0]);
      const acct = await account(patient.id);
      const posted = acct.entries.filter((e) => e.claimId === primary.id && e.type !== 'charge').map((e) => [e.type, e.amountCents, e.bucket, e.reason ?? '']);
      expect(posted).toEqual([['payment', 8500, 'insurance', ''], ['adjustment', 5500, 'insurance', 'contractual']]);
      // The simulator pays PPO claims by ACH (BPR04): an eft payment on the ledger.
      expect(acct.entries.find((e) => e.claimId === primary.id && e.type === 'payment')?.method).toBe('eft');
      expect(acct.balances).toEqual({ totalCents: 1500, insuranceCents: 4000, patientCents: 0, creditCents: 2500 });
      expect(primary.secondaryClaimId).toBeTruthy();
      secondaryId = primary.secondaryClaimId as string;
      const secondary = await claim(secondaryId);
      expect(secondary).toMatchObject({ order: 'secondary', payerId: mcr, primaryClaimId: primary.id });
      // Sent: another file's poll may already have applied its 277CA, or its pay cycle paid it.
      expect(claimStatusReached(['submitted', 'accepted'], secondary.status)).toBe(true);
    });

    it('pays the secondary on the next cycle; what is left moves to the patient; a statement; the patient pays; zero balance', async () => {
      await pollUntil(secondaryId, ['accepted']);
      await payCycle();
      const secondary = await pollUntil(secondaryId, ['paid', 'partially-paid', 'denied']);
      expect(secondary.adjudications).toEqual([expect.objectContaining({ paidCents: 1000, patientResponsibilityCents: 3000 })]);
      let acct = await account(patient.id);
      expect(acct.balances).toMatchObject({ insuranceCents: 0, patientCents: 500, totalCents: 500 });
      expect((await coder.post('/statements/run', { siteId: SITE })).status).toBe(200);
      // This run, another file's run or the statement tick may have issued it: the account's statements say.
      const accountId = acct.id as string;
      const statement = await waitFor(async () => ((await coder.get(`/accounts/${accountId}/statements`)).body.items as Array<{ amountDueCents: number }>).find((st) => st.amountDueCents === 500), { what: 'a statement of $5.00' });
      expect(statement).toMatchObject({ amountDueCents: 500 });
      const paid = await desk.post(`/accounts/${acct.id}/payments`, { siteId: SITE, method: 'card', cardToken: 'tok_approved', amountCents: 500 }).set('idempotency-key', `rc-${randomUUID()}`);
      expect(paid.status).toBe(200);
      acct = await account(patient.id);
      expect(acct.balances).toEqual({ totalCents: 0, patientCents: 0, insuranceCents: 0, creditCents: 0 });
    });

    it('publishes the claim events without names or codes', async () => {
      const events = await waitFor(async () => {
        const all = probe.envelopes((m) => m.topic === Topics.claims && m.key === patient.id);
        return all.filter((e) => e.type === 'claim.adjudicated').length >= 2 && all;
      }, { what: 'claim events' });
      const ofPrimary = events.filter((e: { data: { claimId: string } }) => e.data.claimId === primary.id).map((e: { type: string; data: { status: string } }) => [e.type, e.data.status]);
      expect(ofPrimary).toEqual([['claim.created', 'ready-to-submit'], ['claim.submitted', 'submitted'], ['claim.acknowledged', 'accepted'], ['claim.adjudicated', 'paid']]);
      const text = JSON.stringify(events);
      for (const secret of [patient.lastName, 'J02.9', 'X9213']) expect(text).not.toContain(secret);
    });

    it('posts the same 835 once, and refuses an unbalanced one whole (400, recorded, nothing posted)', async () => {
      const files = await reports835();
      const file = files.find((f) => f.text.includes(primary.id));
      expect(file).toBeDefined();
      const text = (file as { text: string }).text;
      const before = await account(patient.id);
      const replay = await coder.post('/remittances', { x12: text });
      expect(replay.status).toBe(201);
      expect(replay.body.every((r: { duplicate?: boolean }) => r.duplicate === true)).toBe(true);
      expect((await account(patient.id)).entries).toHaveLength(before.entries.length);

      // A new trace number and a payment amount one dollar off: BPR02 no longer equals the claims' payments.
      const broken = text.replace(/BPR\*([A-Z])\*(\d+(?:\.\d+)?)/, (_m, h: string, amount: string) => `BPR*${h}*${(Number(amount) + 1).toFixed(2)}`).replace(/TRN\*1\*([^*~]+)/, (_m, trace: string) => `TRN*1*${trace}X`);
      const refused = await coder.post('/remittances', { x12: broken });
      expect([refused.status, refused.body.code]).toEqual([422, 'REMITTANCE.UNBALANCED']);
      expect(JSON.stringify(refused.body)).toMatch(/payment/i);
      expect((await account(patient.id)).entries).toHaveLength(before.entries.length);
      const remittanceId = replay.body[0].id as string;
      const refusedId = `${remittanceId.split('|')[0]}|${remittanceId.split('|')[1]}X`;
      expect((await coder.get(`/remittances/${encodeURIComponent(refusedId)}`)).body).toMatchObject({ status: 'refused', reason: expect.stringContaining('does not balance') });
      expect((await coder.get(`/remittances/${encodeURIComponent(remittanceId)}`)).body).toMatchObject({ status: 'posted' });
      const undefinedFile = await coder.post('/remittances', { x12: 'ISA*not an 835'.padEnd(120, '*') });
      expect([undefinedFile.status, undefinedFile.body.code]).toEqual([422, 'REMITTANCE.UNREADABLE']);
    });
  });

  it('a bundled pair is denied by the payer: the line lands in the denials queue with its reason explained, not written off', async () => {
    const patient = await patientWithCoverage([{ payerId: ppo, order: 'primary', memberId: `PPO${(Date.now() + 7) % 1e9}` }]);
    const encounterId = await visit(patient.id);
    await code(encounterId, ['J02.9'], [{ code: 'X9213', chargeCents: 15000 }, { code: 'X9211', chargeCents: 6000 }]);
    const created = await coder.post('/claims', { encounterId });
    expect([created.status, created.body.status]).toEqual([201, 'submitted']);
    const id = created.body.id as string;
    await pollUntil(id, ['accepted']);
    await payCycle();
    const denied = await pollUntil(id, ['paid', 'partially-paid', 'denied']);
    expect(denied.status).toBe('partially-paid');
    expect(denied.adjudications[0]).toMatchObject({ deniedCents: 6000 });
    const queue = await coder.get(`/denials?siteId=${SITE}`);
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((d: { claimId: string }) => d.claimId === id);
    expect(item).toMatchObject({ lineId: `${id}-2`, procedureCode: 'X9211', group: 'CO', reason: '97', amountCents: 6000, remarks: [expect.objectContaining({ code: 'M15' })] });
    expect(item.reasonText).not.toMatch(/not in our table/);
    expect(item.remarks[0].text).not.toMatch(/not in our table/);
    // The denied 60.00 stays billed to insurance until a person works it.
    expect((await account(patient.id)).balances.insuranceCents).toBe(6000);
    expect((await desk.get(`/denials?siteId=${SITE}`)).status).toBe(403);
  });

  it('a claim the 277CA rejects: the reason explained, its charges reversed, and the encounter may be claimed again', async () => {
    const patient = await patientWithCoverage([{ payerId: ppo, order: 'primary', memberId: `NFD${(Date.now() + 3) % 1e9}` }]);
    const encounterId = await visit(patient.id);
    await code(encounterId, ['J02.9'], [{ code: 'X9213', chargeCents: 15000 }]);
    const created = await coder.post('/claims', { encounterId });
    expect([created.status, created.body.status]).toEqual([201, 'submitted']);
    const rejected = await pollUntil(created.body.id, ['rejected']);
    expect(rejected.rejection?.reasons.join(' ')).toMatch(/subscriber and subscriber id not found/i);
    const acct = await account(patient.id);
    expect(acct.entries.map((e) => [e.type, e.amountCents])).toEqual([['charge', 15000], ['reversal', 15000]]);
    expect(acct.balances.insuranceCents).toBe(0);
    const again = await coder.post('/claims', { encounterId });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(created.body.id);
  });

  it('a claim the scrubber blocks is refused with its findings, and nothing is written', async () => {
    const patient = await patientWithCoverage([{ payerId: ppo, order: 'primary', memberId: `PPO${(Date.now() + 13) % 1e9}` }]);
    const encounterId = await visit(patient.id);
    // G0439 is part of G0438 on the same day (code-pair edit, modifier indicator 0).
    await code(encounterId, ['Z00.00'], [{ code: 'G0438', chargeCents: 19000 }, { code: 'G0439', chargeCents: 13000 }]);
    const res = await coder.post('/claims', { encounterId });
    expect([res.status, res.body.code]).toEqual([422, 'CLAIM.SCRUBBER_BLOCKED']);
    expect(res.body.findings).toEqual(expect.arrayContaining([expect.objectContaining({ ruleId: 'CF-PTP-001', severity: 'error' })]));
    expect((await coder.get(`/patients/${patient.id}/claims`)).body.items).toEqual([]);
    expect((await account(patient.id)).entries).toEqual([]);
  });
});
