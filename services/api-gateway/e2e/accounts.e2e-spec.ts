import { randomUUID } from 'node:crypto';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, gatewayUrl, KafkaProbe, mailsTo, pdfText, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { download } from './document-support';
import { bookingRequest, registerPatient } from './support';

/*
 * Patient accounts through the gateway (billing service): a guarantor's ledger in integer cents,
 * copays at check-in and payments by card through the local card simulator (approved, declined,
 * processor down, the same Idempotency-Key twice), cash beyond the balance (refused, or kept as
 * credit), refunds of credit to the card, statements as PDF with the patient told by email and the
 * dunning sequence (seconds apart in the e2e system) stopped by a payment in full, payment plans
 * charging the card on file, and the collections and A/R aging reports as CSV.
 */
describe('patient accounts', () => {
  let desk: ApiClient;
  let billing: ApiClient;
  let nurse: ApiClient;
  const probe = new KafkaProbe();
  const events = (accountId: string, type: string) => probe.envelopes((m) => m.key === accountId).filter((e) => e.type === type);
  const SITE = 'site-downtown';
  const key = () => `e2e-${randomUUID()}`;
  /** This file's own approved card (the simulator's `tok_approved` scenario): its charges are counted while other files pay by card too. */
  const CARD = `tok_approved.accounts-${randomUUID().slice(0, 8)}`;
  const payments = () => testInfraEnv().PAYMENTS_URL;

  const pay = (api: ApiClient, accountId: string, body: Record<string, unknown>, idempotencyKey = key()) =>
    api.post(`/accounts/${accountId}/payments`, { siteId: SITE, ...body }).set('idempotency-key', idempotencyKey);
  const charge = (accountId: string, amountCents: number, idempotencyKey = key()) =>
    billing.post(`/accounts/${accountId}/charges`, { amountCents, siteId: SITE }).set('idempotency-key', idempotencyKey);
  const account = async (accountId: string) => {
    const res = await desk.get(`/accounts/${accountId}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const accountOf = async (patientId: string) => {
    const res = await desk.post(`/patients/${patientId}/account`, {});
    expect(res.status).toBe(200);
    return res.body;
  };
  const simulatorCharges = async (token: string) => ((await (await fetch(`${payments()}/charges?token=${token}`)).json()) as { items: Array<{ id: string; amountCents: number; refundedCents: number }> }).items;

  /**
   * A visit of this file's own provider, from two minutes ahead (check-in is open at once), 20
   * minutes apart: the shared slot allocator's starts drift hours ahead in a full run, where
   * check-in is not open yet.
   */
  let provider: string;
  let slot = 0;
  const soon = () => {
    const t = new Date(Date.now() + (120 + 20 * 60 * slot++) * 1000);
    t.setUTCSeconds(0, 0);
    return t.toISOString();
  };

  beforeAll(async () => {
    provider = (await createTestProvider(await ApiClient.loginAs('office-manager'))).id;
    desk = await ApiClient.loginAs('receptionist');
    billing = await ApiClient.loginAs('billing-coder');
    nurse = await ApiClient.loginAs('registered-nurse');
    await probe.record([Topics.accounts]);
  });

  afterAll(() => probe.close());

  describe('payments on one account', () => {
    let accountId: string;
    let copayChargeId: string;

    it('a copay at check-in by card: the amount from the check-in estimate, captured once, on the ledger against the visit', async () => {
      const patient = await registerPatient(desk);
      const booked = await desk.post('/appointments', bookingRequest(patient.id, { providerId: provider, start: soon() }));
      expect(booked.status).toBe(201);
      const appointmentId = booked.body.id as string;
      expect((await desk.post(`/appointments/${appointmentId}/check-in`)).status).toBe(200);
      const before = (await simulatorCharges(CARD)).length;
      // Billing hears of the visit from scheduling's events: the copay waits for it (the same key, so it is taken once).
      const copayKey = key();
      const copay = await waitFor(async () => {
        const res = await desk.post(`/visits/${appointmentId}/copay`, { method: 'card', cardToken: CARD }).set('idempotency-key', copayKey);
        return res.status === 404 && res.body.code === 'APPOINTMENT.NOT_FOUND' ? undefined : res;
      }, { what: 'the visit known to billing' });
      expect(copay.status).toBe(200);
      // No coverage: insurance's estimate is the self-pay price of urgent care ($125.00), collected today.
      expect(copay.body).toMatchObject({ method: 'card', amountCents: 12500, amountSource: 'insurance-estimate', appointmentId, created: true });
      expect(copay.body.processorReference).toMatch(/^ch_/);
      copayChargeId = copay.body.processorReference;
      accountId = copay.body.accountId;
      expect(copay.body.balances).toEqual({ totalCents: -12500, patientCents: 0, insuranceCents: 0, creditCents: 12500 });

      const acct = await account(accountId);
      expect(acct.patientId).toBe(patient.id);
      expect(acct.guarantor).toMatchObject({ kind: 'self', firstName: patient.firstName, lastName: patient.lastName });
      expect(acct.entries).toEqual([expect.objectContaining({ type: 'payment', method: 'card', amountCents: 12500, visitId: appointmentId, siteId: SITE, source: desk.user.id, balanceAfterCents: -12500, patientBalanceAfterCents: -12500 })]);
      expect((await simulatorCharges(CARD)).length).toBe(before + 1);
      // The copay again (a double click): the same payment, not charged again.
      const again = await desk.post(`/visits/${appointmentId}/copay`, { method: 'card', cardToken: CARD }).set('idempotency-key', copayKey);
      expect(again.body).toMatchObject({ id: copay.body.id, created: false });
      expect((await simulatorCharges(CARD)).length).toBe(before + 1);
      expect((await account(accountId)).entries).toHaveLength(1);
      // Events keyed by the account: the posting and the payment, ids and cents only (no names, no card).
      const received = await waitFor(async () => events(accountId, 'payment.received')[0], { what: 'payment.received' });
      expect(received.data).toMatchObject({ accountId, patientId: patient.id, paymentId: copay.body.id, method: 'card', amountCents: 12500, siteId: SITE, appointmentId, processorReference: copayChargeId });
      const posted = await waitFor(async () => events(accountId, 'ledger.posted')[0], { what: 'ledger.posted' });
      expect(posted.data).toMatchObject({ accountId, entryTypes: ['payment'], creditCents: 12500, source: desk.user.id });
      expect(JSON.stringify(probe.envelopes((m) => m.key === accountId))).not.toContain(patient.lastName);
    });

    it('a declined card records nothing and says why; a processor that does not answer is 503 with nothing recorded', async () => {
      expect((await charge(accountId, 20000)).status).toBe(200);
      const before = await account(accountId);
      const poor = await pay(desk, accountId, { method: 'card', amountCents: 1000, cardToken: 'tok_insufficient_funds' });
      expect([poor.status, poor.body.code]).toEqual([409, 'PAYMENT.CARD_DECLINED']);
      expect(poor.body.detail).toMatch(/insufficient funds/);
      const expired = await pay(desk, accountId, { method: 'card', amountCents: 1000, cardToken: 'tok_expired' });
      expect([expired.status, expired.body.code]).toEqual([409, 'PAYMENT.CARD_DECLINED']);
      expect(expired.body.detail).toMatch(/expired/);
      const down = await pay(desk, accountId, { method: 'card', amountCents: 1000, cardToken: 'tok_processor_error' });
      expect([down.status, down.body.code]).toEqual([503, 'PAYMENT.PROCESSOR_UNAVAILABLE']);
      const after = await account(accountId);
      // The ledger, not the document's version: another file's statement run may touch the account meanwhile.
      expect([after.entries, after.balances]).toEqual([before.entries, before.balances]);
      expect((await simulatorCharges('tok_insufficient_funds')).length + (await simulatorCharges('tok_processor_error')).length).toBe(0);
    });

    it('a processor answer that comes too late is 503 with nothing recorded; the retry with the same key records the capture, charged once', async () => {
      const k = key();
      const before = await account(accountId);
      const slowBefore = (await simulatorCharges('tok_slow')).length;
      // The simulator captures after 3 s; billing waits 2 s in the e2e system.
      const late = await pay(desk, accountId, { method: 'card', amountCents: 700, cardToken: 'tok_slow' }, k);
      expect([late.status, late.body.code]).toEqual([503, 'PAYMENT.PROCESSOR_UNAVAILABLE']);
      expect((await account(accountId)).entries).toEqual(before.entries);
      const captured = await waitFor(async () => {
        const items = await simulatorCharges('tok_slow');
        return items.length > slowBefore ? items[items.length - 1] : undefined;
      }, { what: 'the late capture' });
      const retry = await pay(desk, accountId, { method: 'card', amountCents: 700, cardToken: 'tok_slow' }, k);
      expect(retry.status).toBe(200);
      expect(retry.body).toMatchObject({ created: true, amountCents: 700, processorReference: captured.id });
      expect((await simulatorCharges('tok_slow')).length).toBe(slowBefore + 1);
      // The next tests count from a $75.00 patient balance again.
      expect((await charge(accountId, 700)).body.balances.patientCents).toBe(7500);
    });

    it('the same Idempotency-Key twice is one payment, charged once', async () => {
      const k = key();
      const before = (await simulatorCharges(CARD)).length;
      const first = await pay(desk, accountId, { method: 'card', amountCents: 3000, cardToken: CARD }, k);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ created: true, amountCents: 3000, balances: { patientCents: 4500, creditCents: 0 } });
      const second = await pay(desk, accountId, { method: 'card', amountCents: 3000, cardToken: CARD }, k);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ id: first.body.id, created: false, processorReference: first.body.processorReference });
      expect((await simulatorCharges(CARD)).length).toBe(before + 1);
      const payments = (await account(accountId)).entries.filter((e: { paymentId?: string }) => e.paymentId === first.body.id);
      expect(payments).toHaveLength(1);
      const reused = await pay(desk, accountId, { method: 'card', amountCents: 3100, cardToken: CARD }, k);
      expect([reused.status, reused.body.code]).toEqual([409, 'PAYMENT.IDEMPOTENCY_KEY_REUSED']);
    });

    it('cash beyond what the patient owes: refused without a choice (ledger unchanged), kept as credit with one', async () => {
      const before = await account(accountId);
      expect(before.balances.patientCents).toBe(4500);
      const refused = await pay(desk, accountId, { method: 'cash', amountCents: 10000 });
      expect([refused.status, refused.body.code]).toEqual([409, 'PAYMENT.EXCEEDS_BALANCE']);
      const unchanged = await account(accountId);
      expect([unchanged.entries.length, unchanged.balances]).toEqual([before.entries.length, before.balances]);
      const kept = await pay(desk, accountId, { method: 'cash', amountCents: 10000, overpayment: 'credit' });
      expect(kept.status).toBe(200);
      expect(kept.body.balances).toEqual({ totalCents: -5500, patientCents: 0, insuranceCents: 0, creditCents: 5500 });
      const check = await pay(desk, accountId, { method: 'check', amountCents: 100, overpayment: 'credit' });
      expect([check.status, check.body.code]).toEqual([400, 'PAYMENT.CHECK_NUMBER_REQUIRED']);
    });

    it('billing refunds the credit to the card; never more than the credit; not the desk', async () => {
      expect((await desk.post(`/accounts/${accountId}/refunds`, { amountCents: 5500, method: 'card', siteId: SITE }).set('idempotency-key', key())).status).toBe(403);
      const tooMuch = await billing.post(`/accounts/${accountId}/refunds`, { amountCents: 5501, method: 'card', siteId: SITE }).set('idempotency-key', key());
      expect([tooMuch.status, tooMuch.body.code]).toEqual([409, 'REFUND.EXCEEDS_CREDIT']);
      const refund = await billing.post(`/accounts/${accountId}/refunds`, { amountCents: 5500, method: 'card', siteId: SITE }).set('idempotency-key', key());
      expect(refund.status).toBe(200);
      expect(refund.body).toMatchObject({ method: 'card', amountCents: 5500, balances: { totalCents: 0, patientCents: 0, creditCents: 0 } });
      expect(refund.body.processorReference).toMatch(/^re_/);
      const original = (await (await fetch(`${payments()}/charges/${copayChargeId}`)).json()) as { refundedCents: number };
      expect(original.refundedCents).toBe(5500);
      const entries = (await account(accountId)).entries;
      expect(entries[entries.length - 1]).toMatchObject({ type: 'refund', amountCents: 5500, balanceAfterCents: 0, source: billing.user.id });
    });

    it('a negative charge is 400 and writes nothing; the desk and clinical staff cannot post charges', async () => {
      const before = await account(accountId);
      const negative = await charge(accountId, -500);
      expect([negative.status, negative.body.code]).toEqual([400, 'LEDGER.NEGATIVE_CHARGE']);
      expect((await account(accountId)).entries).toEqual(before.entries);
      expect((await desk.post(`/accounts/${accountId}/charges`, { amountCents: 500, siteId: SITE }).set('idempotency-key', key())).status).toBe(403);
      expect((await nurse.get(`/accounts/${accountId}`)).status).toBe(403);
      const noKey = await billing.post(`/accounts/${accountId}/charges`, { amountCents: 500, siteId: SITE });
      expect([noKey.status, noKey.body.code]).toEqual([400, 'LEDGER.IDEMPOTENCY_KEY_REQUIRED']);
    });
  });

  describe('statements and dunning', () => {
    it('a statement PDF names the amount, the patient is emailed (no amount), the dunning advances and a payment in full stops it', async () => {
      const paying = await registerPatient(desk);
      const control = await registerPatient(desk);
      const payingAccount = (await accountOf(paying.id)).id as string;
      const controlAccount = (await accountOf(control.id)).id as string;
      expect((await charge(payingAccount, 8000)).status).toBe(200);
      expect((await charge(controlAccount, 4200)).status).toBe(200);

      expect((await desk.post('/statements/run', { siteId: SITE })).status).toBe(403);
      const run = await billing.post('/statements/run', { siteId: SITE });
      expect(run.status).toBe(200);
      const statement = run.body.issued.find((s: { accountId: string }) => s.accountId === payingAccount);
      expect(statement).toMatchObject({ patientId: paying.id, siteId: SITE, amountDueCents: 8000, dunningLevel: 'statement' });
      expect(run.body.issued.map((s: { accountId: string }) => s.accountId)).toContain(controlAccount);

      const pdf = await download(gatewayUrl(), `/api/v1/statements/${statement.id}/pdf`, billing.token);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toMatch(/application\/pdf/);
      expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
      for (const expected of ['Statement', `${paying.firstName} ${paying.lastName}`, 'Amount due', '$80.00', 'How to pay', statement.id]) expect(text).toContain(expected);

      const ready = await waitFor(async () => (await mailsTo(paying.email)).find((m) => /statement/i.test(m.subject) && !/reminder|final/i.test(m.subject)), { what: 'the statement email' });
      expect(ready.subject).toMatch(/Your statement from .* is ready/);
      expect(ready.text).not.toContain('80.00');
      expect(ready.text).toContain('Please pay by');

      // The reminder follows (8 s in the e2e system), by its own email.
      await waitFor(async () => (await account(payingAccount)).dunningLevel === 'reminder', { what: 'the reminder level', timeoutMs: 40_000 });
      // Paid in full: the sequence stops.
      const paid = await pay(desk, payingAccount, { method: 'cash', amountCents: 8000 });
      expect(paid.status).toBe(200);
      expect(paid.body.balances.patientCents).toBe(0);
      expect((await account(payingAccount)).dunningLevel).toBeUndefined();
      await waitFor(async () => (await mailsTo(paying.email)).find((m) => /^Reminder/.test(m.subject)), { what: 'the reminder email' });

      // The control account, unpaid, reaches the final notice and then collections review; the paid one never does.
      await waitFor(async () => (await account(controlAccount)).dunningLevel === 'final-notice', { what: 'the final notice of the control account', timeoutMs: 40_000 });
      await waitFor(async () => (await mailsTo(control.email)).find((m) => /^Final notice/.test(m.subject)), { what: 'the final notice email' });
      await waitFor(async () => (await account(controlAccount)).collectionsReview === true, { what: 'collections review', timeoutMs: 40_000 });
      const levels = (await desk.get(`/accounts/${payingAccount}/statements`)).body.items.map((s: { dunningLevel: string }) => s.dunningLevel);
      expect(levels).toEqual(['statement', 'reminder']);
      expect((await mailsTo(paying.email)).some((m) => /^Final notice/.test(m.subject))).toBe(false);
      expect((await account(payingAccount)).collectionsReview).toBeUndefined();
    });
  });

  describe('payment plans', () => {
    it('the card on file pays the installment due; a declined card marks it missed', async () => {
      const day = Math.min(28, new Date().getUTCDate());
      const good = await registerPatient(desk);
      const bad = await registerPatient(desk);
      const goodAccount = (await accountOf(good.id)).id as string;
      const badAccount = (await accountOf(bad.id)).id as string;
      expect((await charge(goodAccount, 9000)).status).toBe(200);
      expect((await charge(badAccount, 9000)).status).toBe(200);
      expect((await desk.post(`/accounts/${goodAccount}/payment-plans`, { amountPerMonthCents: 3000, dayOfMonth: day, cardToken: CARD, siteId: SITE })).status).toBe(403);
      const plan = await billing.post(`/accounts/${goodAccount}/payment-plans`, { amountPerMonthCents: 3000, dayOfMonth: day, cardToken: CARD, siteId: SITE });
      expect(plan.status).toBe(201);
      expect(plan.body).toMatchObject({ mode: 'card-on-file', status: 'active', amountPerMonthCents: 3000 });
      expect((await billing.post(`/accounts/${goodAccount}/payment-plans`, { amountPerMonthCents: 3000, dayOfMonth: day, siteId: SITE })).body.code).toBe('PAYMENT_PLAN.EXISTS');
      expect((await billing.post(`/accounts/${badAccount}/payment-plans`, { amountPerMonthCents: 3000, dayOfMonth: day, cardToken: 'tok_insufficient_funds', siteId: SITE })).status).toBe(201);

      const paidPlan = await waitFor(async () => {
        const res = await desk.get(`/accounts/${goodAccount}/payment-plans/current`);
        return res.body.installments?.length ? res.body : undefined;
      }, { what: 'the first installment' });
      expect(paidPlan.installments).toEqual([expect.objectContaining({ amountCents: 3000, status: 'paid' })]);
      expect((await account(goodAccount)).balances.patientCents).toBe(6000);
      const missedPlan = await waitFor(async () => {
        const res = await desk.get(`/accounts/${badAccount}/payment-plans/current`);
        return res.body.installments?.length ? res.body : undefined;
      }, { what: 'the missed installment' });
      expect(missedPlan.installments).toEqual([expect.objectContaining({ amountCents: 3000, status: 'missed', failureReason: expect.stringMatching(/insufficient funds/) })]);
      expect((await account(badAccount)).balances.patientCents).toBe(9000);
    });
  });

  describe('reports', () => {
    it('collections by method and site, and patient A/R aging, as CSV for billing only', async () => {
      const collections = await billing.get('/reports/collections?format=csv');
      expect(collections.status).toBe(200);
      expect(collections.headers['content-type']).toMatch(/text\/csv/);
      const lines = collections.text.trim().split(/\r\n/);
      expect(lines[0]).toBe('site_id,method,payments,collected_cents,refunded_cents,net_cents');
      const card = lines.find((l) => l.startsWith(`${SITE},card,`))!.split(',');
      expect(Number(card[3])).toBeGreaterThanOrEqual(12500 + 3000);
      expect(Number(card[4])).toBeGreaterThanOrEqual(5500);
      expect(lines.some((l) => l.startsWith(`${SITE},cash,`))).toBe(true);

      const aging = await billing.get('/reports/ar-aging').set('accept', 'text/csv');
      expect(aging.status).toBe(200);
      expect(aging.headers['content-type']).toMatch(/text\/csv/);
      const rows = aging.text.trim().split(/\r\n/);
      expect(rows[0]).toBe('site_id,responsibility,days_0-30_cents,days_31-60_cents,days_61-90_cents,days_91-120_cents,days_120_plus_cents,total_cents');
      const downtown = rows.find((r) => r.startsWith(`${SITE},patient,`))!.split(',').map((c, i) => (i > 1 ? Number(c) : c));
      expect(downtown[2]).toBeGreaterThanOrEqual(4200 + 6000 + 9000);
      expect(downtown[7]).toBe((downtown.slice(2, 7) as number[]).reduce((a, b) => a + b, 0));
      const json = await billing.get('/reports/ar-aging');
      expect(json.body.rows.find((r: { siteId: string }) => r.siteId === SITE)).toMatchObject({ responsibility: 'patient' });
      expect((await desk.get('/reports/collections')).status).toBe(403);
    });
  });
});
