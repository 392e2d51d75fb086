import { analyticsTopic, Topics } from '@clinic-flow/contracts';
import { KafkaProbe, waitFor } from '@clinic-flow/testing';
import { BILLING_SITE, BillingE2E, billingSetup, ClaimView } from './billing-support';
import { holdClearinghouse } from './support';

/*
 * The payer's denials through billing (issue 12), each driven through the clearinghouse simulator
 * and landing in GET /denials with its CARC (and RARC) explained, nothing paid, the charges still
 * billed to insurance until a person works the denial off the queue:
 * - no prior authorization (PAU member, no REF*G1): CO-197; the authorization obtained (278), the
 *   claim replaced: the payer reverses the denial and pays; the denial closed as corrected;
 * - an authorization number the payer does not know (a phoned-in one): CO-15 with N54; appealed;
 * - the same service billed twice (the scrubber's duplicate finding overridden with a note): CO-18;
 *   written off (a `denial` write-off);
 * - past timely filing (LAT member: the payer dates it received 181 days late): CO-29; written off.
 *
 * Simulator pricing of X9213 charged 150.00 for a PPO-priced member: allowed 110.00 (CO-45 40.00),
 * copay 25.00 (PR-3), paid 85.00.
 */

type Denial = { id: string; claimId: string; patientId: string; lineId: string; group: string; reason: string; reasonText: string; amountCents: number; remarks: Array<{ code: string; text: string }>; open: boolean; outcome?: string; note?: string; postingId?: string; balances?: { insuranceCents: number } };

const VISIT = [{ code: 'X9213', chargeCents: 15000 }];

describe('denials: missing authorization, invalid authorization, duplicate, timely filing, and working them off the queue', () => {
  let b: BillingE2E;
  let payerId: string;
  const probe = new KafkaProbe();
  const claims: Record<'auth' | 'badAuth' | 'first' | 'duplicate' | 'late', { patientId: string; claimId: string }> = {} as never;

  const queue = async () => {
    const res = await b.coder.get(`/denials?siteId=${BILLING_SITE}`);
    expect(res.status).toBe(200);
    return res.body.items as Denial[];
  };
  const denialOf = async (claimId: string) => {
    const mine = (await queue()).filter((d) => d.claimId === claimId);
    expect(mine).toHaveLength(1);
    return mine[0];
  };
  const close = (d: Pick<Denial, 'claimId' | 'id'>, outcome: string, note: string) => b.coder.post(`/claims/${d.claimId}/denials/${d.id}/close`, { outcome, note });
  const ofClaim = async (patientId: string, claimId: string) => (await b.account(patientId)).entries.filter((e) => e.claimId === claimId).map((e) => [e.type, e.amountCents, e.bucket, e.reason ?? '']);
  /** Explained: the CARC and RARC descriptions come from the table, not the fallback. */
  const explained = (d: Denial) => {
    expect(d.reasonText).not.toMatch(/not in our table/);
    for (const r of d.remarks) expect(r.text).not.toMatch(/not in our table/);
  };

  let releaseClearinghouse: () => void = () => undefined;
  // Files that run the simulator's pay cycle take turns (they may wait for each other longer than a test).
  beforeAll(async () => {
    releaseClearinghouse = await holdClearinghouse();
  }, 600_000);
  beforeAll(async () => {
    b = await billingSetup({ tag: 'dn', codes: [['X9213', 'Office visit, established (placeholder)']], rendering: { firstName: 'Dena', lastName: 'Ial' }, patientName: { firstName: 'Deniza', lastName: 'Denial' } });
    await probe.record([Topics.claims, analyticsTopic('quality', 'claim')]);
    payerId = (await b.payer('ppo')).id;

    // No authorization on file: the 837P carries no REF*G1.
    const noAuth = await b.patient([{ payerId, order: 'primary', memberId: b.memberId('PAU') }]);
    // A phoned-in authorization number, not one the payer issued (its numbers are PA...).
    const phoned = await b.patient([{ payerId, order: 'primary', memberId: b.memberId('PAU') }]);
    const phonedAuth = await b.desk.post(`/patients/${phoned.id}/authorizations`, {
      coverageId: phoned.coverageIds[0], serviceCodes: ['X9213'], diagnosisCodes: ['J02.9'], requestedUnits: 1, from: '2026-01-01', to: '2027-12-31',
      obtainedVia: 'phone', authorizationNumber: '778812', approvedUnits: 1,
    });
    expect([phonedAuth.status, phonedAuth.body.status]).toEqual([201, 'approved']);
    // Two visits of one patient on one day, the same service each time.
    const twice = await b.patient([{ payerId, order: 'primary', memberId: b.memberId('PPO') }]);
    // Filed too late for the payer.
    const late = await b.patient([{ payerId, order: 'primary', memberId: b.memberId('LAT') }]);

    const create = async (key: keyof typeof claims, patientId: string, encounterId: string) => {
      const created = await b.coder.post('/claims', { encounterId });
      expect([created.status, created.body.status, created.body.code]).toEqual([201, 'submitted', undefined]);
      claims[key] = { patientId, claimId: created.body.id };
    };
    await create('auth', noAuth.id, await b.codedVisit(noAuth.id, ['J02.9'], VISIT));
    await create('badAuth', phoned.id, await b.codedVisit(phoned.id, ['J02.9'], VISIT));
    const [morning, afternoon] = b.sameDayStarts(2);
    await create('first', twice.id, await b.codedVisit(twice.id, ['J02.9'], VISIT, { start: morning }));
    const again = await b.codedVisit(twice.id, ['J02.9'], VISIT, { start: afternoon });
    // The scrubber sees the duplicate first: blocked, then sent with a note overriding the finding.
    const blocked = await b.coder.post('/claims', { encounterId: again });
    expect([blocked.status, blocked.body.code]).toEqual([422, 'CLAIM.SCRUBBER_BLOCKED']);
    expect(blocked.body.findings).toEqual([expect.objectContaining({ ruleId: 'CF-DUP-001', severity: 'error' })]);
    const override = await b.coder.post('/scrubber/overrides', { claimId: blocked.body.claimId, ruleId: 'CF-DUP-001', patientId: twice.id, siteId: BILLING_SITE, note: 'Second visit the same day: the payer asked for a new original claim' });
    expect(override.status).toBe(201);
    const sent = await b.coder.post('/claims', { encounterId: again, claimId: blocked.body.claimId });
    expect([sent.status, sent.body.status]).toEqual([201, 'submitted']);
    claims.duplicate = { patientId: twice.id, claimId: sent.body.id };
    await create('late', late.id, await b.codedVisit(late.id, ['J02.9'], VISIT));

    for (const { claimId } of Object.values(claims)) await b.pollUntil(claimId, ['accepted']);
    await b.payCycle();
    for (const { claimId } of Object.values(claims)) await b.pollUntil(claimId, ['paid', 'partially-paid', 'denied']);
  }, 300_000);
  afterAll(async () => {
    releaseClearinghouse();
    await probe.close();
  });

  it('no prior authorization: CO-197 in the queue, nothing paid, still billed to insurance; authorized and replaced, the payer pays and the denial is closed as corrected', async () => {
    const { patientId, claimId } = claims.auth;
    const denied = await b.claim(claimId);
    expect(denied).toMatchObject({ status: 'denied', adjudications: [expect.objectContaining({ clpStatus: '4', paidCents: 0, deniedCents: 15000, contractualCents: 0, patientResponsibilityCents: 0 })] });
    const denial = await denialOf(claimId);
    expect(denial).toMatchObject({ patientId, lineId: `${claimId}-1`, group: 'CO', reason: '197', amountCents: 15000, open: true });
    expect(denial.reasonText).toMatch(/authorization/i);
    explained(denial);
    expect(await ofClaim(patientId, claimId)).toEqual([['charge', 15000, 'insurance', '']]);
    expect(await b.balances(patientId)).toEqual({ totalCents: 15000, insuranceCents: 15000, patientCents: 0, creditCents: 0 });

    // Not corrected yet: it cannot be closed as corrected.
    const early = await close(denial, 'corrected', 'Authorization requested, replacement to follow');
    expect([early.status, early.body.code]).toEqual([409, 'DENIAL.NOT_CORRECTED']);

    // The authorization through the payer's 278, then a replacement claim carrying it.
    const coverageId = (await b.desk.get(`/patients/${patientId}/coverages`)).body.items[0].id as string;
    const auth = await b.desk.post(`/patients/${patientId}/authorizations`, { coverageId, serviceCodes: ['X9213'], diagnosisCodes: ['J02.9'], requestedUnits: 1, from: '2026-01-01', to: '2027-12-31' });
    expect([auth.status, auth.body.status, auth.body.authorizationNumber]).toEqual([201, 'approved', expect.stringMatching(/^PA/)]);
    const replaced = await b.coder.post(`/claims/${claimId}/replace`);
    expect([replaced.status, replaced.body.frequency, replaced.body.originalClaimId]).toEqual([201, '7', claimId]);
    const written = await close(denial, 'written-off', 'Writing off what the replacement answers');
    expect([written.status, written.body.code]).toEqual([409, 'DENIAL.CLAIM_CORRECTED']);

    await b.pollUntil(replaced.body.id, ['accepted']);
    await b.payCycle();
    const paid = await b.pollUntil(replaced.body.id, ['paid', 'partially-paid', 'denied']);
    expect(paid).toMatchObject({ status: 'paid', adjudications: [expect.objectContaining({ paidCents: 8500, contractualCents: 4000, patientResponsibilityCents: 2500 })] });
    expect((await b.pollUntil(claimId, ['reversed'])).status).toBe('reversed');
    // The denied claim's charge reversed with the payer's reversal; the replacement's posted and paid.
    expect(await b.balances(patientId)).toEqual({ totalCents: 2500, insuranceCents: 0, patientCents: 2500, creditCents: 0 });

    const closed = await close(denial, 'corrected', `Authorization ${auth.body.authorizationNumber} obtained; replacement ${replaced.body.id} paid`);
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ id: denial.id, claimId, open: false, outcome: 'corrected', note: expect.stringContaining(auth.body.authorizationNumber) });
    expect(closed.body.postingId).toBeUndefined();
    expect((await queue()).filter((d) => d.claimId === claimId)).toEqual([]);
    expect((await b.claim(claimId)).denials).toEqual([expect.objectContaining({ id: denial.id, open: false, outcome: 'corrected' })]);
  });

  it('an authorization number the payer never issued: CO-15 with N54, appealed with a note, audited, still billed to insurance, one event', async () => {
    const { patientId, claimId } = claims.badAuth;
    expect((await b.claim(claimId)).status).toBe('denied');
    const denial = await denialOf(claimId);
    expect(denial).toMatchObject({ group: 'CO', reason: '15', amountCents: 15000, remarks: [expect.objectContaining({ code: 'N54' })] });
    explained(denial);

    const short = await close(denial, 'appealed', 'too short');
    expect([short.status, short.body.code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
    const unknown = await close(denial, 'forgiven', 'Not a way to work a denial');
    expect(unknown.status).toBe(400);
    expect((await b.desk.post(`/claims/${claimId}/denials/${denial.id}/close`, { outcome: 'appealed', note: 'The desk does not work denials' })).status).toBe(403);

    const appealed = await close(denial, 'appealed', 'Appeal sent with the phone log of the authorization, ref APL-2231');
    expect(appealed.status).toBe(200);
    expect(appealed.body).toMatchObject({ open: false, outcome: 'appealed', patientId });
    // An appeal changes nothing on the ledger: the payer's answer will.
    expect(await ofClaim(patientId, claimId)).toEqual([['charge', 15000, 'insurance', '']]);
    expect((await queue()).filter((d) => d.claimId === claimId)).toEqual([]);
    const twice = await close(denial, 'written-off', 'Changed my mind about the appeal');
    expect([twice.status, twice.body.code]).toEqual([409, 'DENIAL.ALREADY_CLOSED']);

    const event = await waitFor(async () => probe.envelopes((m) => m.topic === Topics.claims && m.key === patientId).find((e) => e.type === 'claim.denial-worked'), { what: 'claim.denial-worked' });
    expect(event.data).toEqual({ claimId, denialId: denial.id, patientId, siteId: BILLING_SITE, payerId, outcome: 'appealed', group: 'CO', reason: '15', amountCents: 15000, changedBy: b.coder.user.id });
    expect(JSON.stringify(event)).not.toContain('APL-2231');
    const accesses = await waitFor(async () => {
      const items = (await b.manager.get(`/patients/${patientId}/accesses?limit=200`)).body.items as Array<{ service: string; operation: { route: string; access: string }; actor: { userId: string } }>;
      return items.find((e) => e.service === 'billing' && e.operation.route === '/claims/:claimId/denials/:denialId/close');
    }, { what: 'the close on the audit trail' });
    expect(accesses).toMatchObject({ operation: { access: 'write' }, actor: { userId: b.coder.user.id } });
  });

  it('the same service billed twice on one day: the first paid, the second CO-18; written off, the insurance part is gone and nothing was paid on it', async () => {
    const { patientId, claimId } = claims.duplicate;
    const first = await b.claim(claims.first.claimId);
    expect(first).toMatchObject({ status: 'paid', adjudications: [expect.objectContaining({ paidCents: 8500 })] });
    const second: ClaimView = await b.claim(claimId);
    expect(second).toMatchObject({ status: 'denied', adjudications: [expect.objectContaining({ paidCents: 0, deniedCents: 15000 })] });
    const denial = await denialOf(claimId);
    expect(denial).toMatchObject({ group: 'CO', reason: '18', amountCents: 15000 });
    expect(denial.reasonText).toMatch(/duplicate/i);
    explained(denial);
    expect(await b.balances(patientId)).toEqual({ totalCents: 17500, insuranceCents: 15000, patientCents: 2500, creditCents: 0 });

    const corrected = await close(denial, 'corrected', 'Nothing was corrected on this claim');
    expect([corrected.status, corrected.body.code]).toEqual([409, 'DENIAL.NOT_CORRECTED']);
    const written = await close(denial, 'written-off', 'Billed twice by mistake: the first claim was paid');
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ open: false, outcome: 'written-off', postingId: expect.stringMatching(/^post-/), balances: { insuranceCents: 0, patientCents: 2500 } });
    expect(await ofClaim(patientId, claimId)).toEqual([['charge', 15000, 'insurance', ''], ['adjustment', 15000, 'insurance', 'denial']]);
    expect(await b.balances(patientId)).toEqual({ totalCents: 2500, insuranceCents: 0, patientCents: 2500, creditCents: 0 });
    // Asked again (a double click): refused, and the write-off is not posted twice.
    const again = await close(denial, 'written-off', 'Billed twice by mistake: the first claim was paid');
    expect([again.status, again.body.code]).toEqual([409, 'DENIAL.ALREADY_CLOSED']);
    expect(await ofClaim(patientId, claimId)).toHaveLength(2);
  });

  it('past timely filing: CO-29 on every line, nothing paid; written off with a denial write-off', async () => {
    const { patientId, claimId } = claims.late;
    expect(await b.claim(claimId)).toMatchObject({ status: 'denied', adjudications: [expect.objectContaining({ paidCents: 0, deniedCents: 15000 })] });
    const denial = await denialOf(claimId);
    expect(denial).toMatchObject({ group: 'CO', reason: '29', amountCents: 15000 });
    expect(denial.reasonText).toMatch(/time limit/i);
    explained(denial);
    expect(await b.balances(patientId)).toEqual({ totalCents: 15000, insuranceCents: 15000, patientCents: 0, creditCents: 0 });
    const written = await close(denial, 'written-off', 'Filed past the payer limit; no proof of timely filing');
    expect(written.status).toBe(200);
    expect(await b.balances(patientId)).toEqual({ totalCents: 0, insuranceCents: 0, patientCents: 0, creditCents: 0 });
    const unknown = await b.coder.post(`/claims/${claimId}/denials/den-nothing/close`, { outcome: 'appealed', note: 'No such denial on this claim' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'DENIAL.NOT_FOUND']);
  });

  it("reach the analytics consumers de-identified: this payer's denials and payments with CARC / RARC codes and days to payment, by month", async () => {
    type ClaimRecord = Record<string, unknown> & { type: string; adjustmentReasons?: string[] };
    const mine = () =>
      probe.seen
        .filter((m) => m.topic === analyticsTopic('quality', 'claim'))
        .map((m) => ({ message: m, record: JSON.parse(m.value ?? '{}') as ClaimRecord }))
        .filter(({ record }) => record.payerId === payerId);
    // The CO-15 denial (N54) and the paid first visit (CO-45, PR-3), as billing's 835 posted them.
    const [denied, paid] = await waitFor(
      async () => {
        const records = mine();
        const d = records.find(({ record }) => record.type === 'claim.denied' && record.adjustmentReasons?.includes('CO-15'));
        const p = records.find(({ record }) => record.type === 'claim.paid' && record.paidCents === 8500);
        return d && p ? [d, p] : undefined;
      },
      { what: "this payer's claim records on the quality consumer's analytics topic" },
    );
    const month = new Date().toISOString().slice(0, 7);
    expect(denied.record).toMatchObject({ version: 1, month, siteId: BILLING_SITE, order: 'primary', frequency: '1', chargeCents: 15000, paidCents: 0, deniedCents: 15000, remarkCodes: ['N54'], daysToPayment: expect.any(Number) });
    expect(paid.record).toMatchObject({ adjustmentReasons: ['CO-45', 'PR-3'], patientResponsibilityCents: 2500, partial: false });
    expect(mine().filter(({ record }) => record.type === 'claim.submitted').length).toBeGreaterThanOrEqual(5);
    expect(mine().filter(({ record }) => record.type === 'claim.denied').map(({ record }) => record.adjustmentReasons)).toEqual(expect.arrayContaining([['CO-197'], ['CO-18'], ['CO-29']]));
    for (const { message, record } of mine()) {
      // No headers, a timestamp at the start of the month, the claim and patient as pseudonyms only.
      expect(message.headers).toEqual({});
      expect(new Date(Number(message.timestamp)).toISOString()).toMatch(/^\d{4}-\d{2}-01T00:00:00\.000Z$/);
      expect(record).not.toHaveProperty('week');
      expect(record.claim).toMatch(/^c_[0-9a-f]{24}$/);
      const text = JSON.stringify(record);
      for (const value of [...Object.values(claims).flatMap((c) => [c.claimId, c.patientId]), 'APL-2231', b.coder.user.id]) expect([value, text.includes(value)]).toEqual([value, false]);
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    }
  });
});
