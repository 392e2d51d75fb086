import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CLEARINGHOUSE_RECEIVER, CLINIC_SENDER, ClaimPayment, ClearinghouseReport, EXAMPLE_NPI, EXAMPLE_SUBMISSION, EligibilityInquiry, HttpClearinghouseAdapter, ProfessionalClaim,
  ReviewRequest, SequentialControlNumbers, exampleClaim, exampleInquiry, parseInterchanges, secondaryClaimFrom, summarize271,
} from '../index';

/*
 * Every simulator scenario end to end over HTTP through the adapter (needs the clearinghouse
 * component: `node infra/cli.js up --profile <profile>`).
 */
const validator = require('../../../../infra/components/x12-validator') as {
  ensureX12Validator(): void;
  validateX12Files(files: string[]): Array<{ sets: string[]; ok: boolean; errors: string[] }>;
};
const { profile } = require('../../../../infra/lib/profile') as { profile(name: string): { env: Record<string, string> } };
const BASE_URL = profile(process.env.CLINIC_FLOW_TEST_PROFILE || 'test').env.CLEARINGHOUSE_URL;
const RUN = `${process.pid}${Date.now() % 100000}`;

/** One sequence for the whole file: an interchange control number is never sent twice. */
const controlNumbers = new SequentialControlNumbers(Number(RUN) % 900_000_000);
const adapter = (timeoutMs = 5000) => new HttpClearinghouseAdapter({ baseUrl: BASE_URL, sender: CLINIC_SENDER, receiver: CLEARINGHOUSE_RECEIVER, controlNumbers, timeoutMs });
const isa13 = (interchange = '') => parseInterchanges(interchange)[0].controlNumber;

let n = 0;
function inquiry(memberId: string, overrides: Partial<EligibilityInquiry> = {}): EligibilityInquiry {
  n += 1;
  return exampleInquiry({ traceNumber: `IT-${RUN}-${n}`, subscriber: { ...exampleInquiry().subscriber, memberId }, ...overrides });
}

async function answered(memberId: string, overrides: Partial<EligibilityInquiry> = {}) {
  const outcome = await adapter().checkEligibility(inquiry(memberId, overrides));
  if (outcome.status !== 'answered') throw new Error(`expected an answer for ${memberId}, got ${JSON.stringify(outcome).slice(0, 400)}`);
  return outcome;
}

describe('clearinghouse simulator through the HTTP adapter', () => {
  it('active PPO: deductible, amount met and remaining, copay, coinsurance; the trace echoed, control numbers of its own', async () => {
    const request = inquiry('PPO100200');
    const outcome = await adapter().checkEligibility(request);
    expect(outcome.status).toBe('answered');
    if (outcome.status !== 'answered') return;
    expect(outcome.response.subscriber.traces[0]).toMatchObject({ type: '2', number: request.traceNumber });
    expect(summarize271(outcome.response)).toMatchObject({ coverage: 'active', planName: 'ACME GOLD PPO', copayCents: 2500, coinsurancePercent: 0.2, deductibleCents: 150000, deductibleRemainingCents: 35050 });
    expect(outcome.response.subscriber.benefits.find((b) => b.info === 'C' && b.timePeriod === '24')?.amountCents).toBe(114950);
    const again = await answered('PPO100201');
    expect(isa13(outcome.exchange.response)).not.toBe(outcome.exchange.interchangeControlNumber);
    expect(Number(isa13(again.exchange.response))).toBeGreaterThan(Number(isa13(outcome.exchange.response)));
    expect(Number(again.exchange.interchangeControlNumber)).toBe(Number(outcome.exchange.interchangeControlNumber) + 1);
    const received = (await (await fetch(`${BASE_URL}/admin/interchanges`)).json()) as { items: Array<{ interchangeControlNumbers: string[]; inquiries: Array<{ traceNumber: string }> }> };
    expect(received.items.find((i) => i.inquiries.some((q) => q.traceNumber === request.traceNumber))?.interchangeControlNumbers).toEqual([outcome.exchange.interchangeControlNumber]);
  });

  it('Medicare, inactive, terminated before the visit, HMO with referral, prior authorization', async () => {
    expect(summarize271((await answered('MCR1EG4TE5MK73')).response)).toMatchObject({ coverage: 'active', insuranceType: 'MA', deductibleRemainingCents: 0 });
    expect(summarize271((await answered('INA555')).response).coverage).toBe('inactive');
    const terminated = summarize271((await answered('TRM777', { dateOfService: '2026-12-15' })).response);
    expect(terminated).toMatchObject({ coverage: 'inactive', coverageEnds: '2026-11-15' });
    expect(summarize271((await answered('HMO42')).response)).toMatchObject({ coverage: 'active', referralRequired: true, copayCents: 1500 });
    expect(summarize271((await answered('PAU9', { serviceTypes: ['62'] })).response).authorizationRequiredFor).toEqual(['62']);
  });

  it('member not found (AAA 75) and a wrong date of birth (AAA 71) come back as rejections', async () => {
    expect(summarize271((await answered('NFD1')).response).rejections.map((r) => r.reasonCode)).toEqual(['75']);
    expect(summarize271((await answered('DOB1')).response).rejections.map((r) => r.reasonCode)).toEqual(['71']);
  });

  it('a payer that is unavailable (AAA 42, HTTP 503, a timeout) is a typed outcome, never an exception', async () => {
    expect(await adapter().checkEligibility(inquiry('UNA1'))).toMatchObject({ status: 'payer-unavailable', reason: 'aaa-42', retryable: true });
    expect(await adapter().checkEligibility(inquiry('SVC1'))).toMatchObject({ status: 'payer-unavailable', reason: 'http-status' });
    expect(await adapter(800).checkEligibility(inquiry('TMO1'))).toMatchObject({ status: 'payer-unavailable', reason: 'timeout' });
    const unreachable = new HttpClearinghouseAdapter({ baseUrl: 'http://127.0.0.1:9', sender: CLINIC_SENDER, receiver: CLEARINGHOUSE_RECEIVER, controlNumbers: new SequentialControlNumbers() });
    expect(await unreachable.checkEligibility(inquiry('PPO1'))).toMatchObject({ status: 'payer-unavailable', reason: 'network' });
  });

  it('a slow reply still answers within the deadline, and times out past it', async () => {
    expect((await adapter(10_000).checkEligibility(inquiry('SLW1'))).status).toBe('answered');
    expect(await adapter(300).checkEligibility(inquiry('SLW2'))).toMatchObject({ status: 'payer-unavailable', reason: 'timeout' });
  });

  it('a batch: 999 at once, the 271s by poll, each matched to its inquiry by trace', async () => {
    const inquiries = ['PPO1', 'INA1', 'NFD1', 'UNA1', 'HMO1'].map((m) => inquiry(m));
    const client = adapter();
    const receipt = await client.submitEligibilityBatch(inquiries);
    expect(receipt.status).toBe('accepted');
    if (receipt.status !== 'accepted') return;
    expect(receipt.acks).toHaveLength(1);
    expect(receipt.acks[0]).toMatchObject({ groupStatus: 'A', included: 5, accepted: 5 });
    let poll = await client.pollEligibilityBatch(receipt);
    expect(poll.status).toBe('pending');
    while (poll.status === 'pending') {
      await new Promise((r) => setTimeout(r, 200));
      poll = await client.pollEligibilityBatch(receipt);
    }
    expect(poll.status).toBe('done');
    if (poll.status !== 'done') return;
    expect(poll.outcomes.map((o) => [o.traceNumber, o.status])).toEqual(inquiries.map((q, i) => [q.traceNumber, i === 3 ? 'payer-unavailable' : 'answered']));
    const coverage = poll.outcomes.map((o) => (o.status === 'answered' ? summarize271(o.response).coverage : o.status));
    expect(coverage).toEqual(['active', 'inactive', 'rejected', 'payer-unavailable', 'active']);
  });

  it("the simulator's answers on the wire (271s, a rejecting 999) pass the independent validators from PyPI", async () => {
    const texts: string[] = [];
    for (const member of ['PPO7', 'MCR7', 'TRM7', 'NFD7', 'DOB7', 'UNA7', 'HMO7', 'PAU7']) {
      const outcome = await adapter().checkEligibility(inquiry(member));
      texts.push('exchange' in outcome ? outcome.exchange.response ?? '' : '');
    }
    const receipt = await adapter().submitEligibilityBatch([inquiry('PPO8')]);
    if (receipt.status !== 'accepted') throw new Error('batch not accepted');
    const broken = receipt.exchange.request.replace(/NM1\*IL\*[^~]*~/, '').replace(/SE\*(\d+)\*0001/, (_m, c) => `SE*${Number(c) - 1}*0001`);
    texts.push(await (await fetch(`${BASE_URL}/x12/batch`, { method: 'POST', body: broken })).text());
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearinghouse-'));
    const files = texts.map((text, i) => {
      const name = path.join(dir, `${i}.x12`);
      fs.writeFileSync(name, text);
      return name;
    });
    const reports = validator.validateX12Files(files);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(reports.map((r) => [r.sets.join(','), r.errors])).toEqual([...texts.slice(0, -1).map(() => ['271', []]), ['999', []]]);
  });

  it('a 270 the clearinghouse cannot read is rejected in a 999, and a body that is not X12 is a 400', async () => {
    const client = adapter();
    const receipt = await client.submitEligibilityBatch([inquiry('PPO1')]);
    if (receipt.status !== 'accepted') throw new Error('batch not accepted');
    const broken = receipt.exchange.request.replace(/NM1\*IL\*[^~]*~/, '').replace(/SE\*(\d+)\*0001/, (_m, c) => `SE*${Number(c) - 1}*0001`);
    const res = await fetch(`${BASE_URL}/x12/batch`, { method: 'POST', body: broken, headers: { 'content-type': 'application/edi-x12' } });
    expect(res.status).toBe(202);
    expect(await res.text()).toMatch(/IK5\*R\*I5~AK9\*R\*1\*1\*0~/);
    const bad = await fetch(`${BASE_URL}/x12/realtime`, { method: 'POST', body: 'hello', headers: { 'content-type': 'application/edi-x12' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('X12.NOT_X12');
  });

  describe('prior authorization (278 005010X217) on POST /x12/278', () => {
    let k = 0;
    const review = (memberId: string, overrides: Partial<ReviewRequest> = {}): ReviewRequest => {
      k += 1;
      return {
        traceNumber: `PA-${RUN}-${k}`, traceOriginatorId: '9CLINICFLW', payer: { name: 'ACME HEALTH', id: '87726' },
        requester: { organizationName: 'CLINIC FLOW MEDICAL GROUP', npi: EXAMPLE_NPI },
        subscriber: { memberId, lastName: 'SMITH', firstName: 'ROBERT', birthDate: '1943-05-19', gender: 'M' },
        diagnosisCodes: ['M54.50'], from: '2026-12-01', to: '2026-12-31', quantity: 6, services: [{ procedureCode: 'X7055', quantity: 6 }], ...overrides,
      };
    };

    it('certified (A1), modified (A6: fewer units), not certified (A3), pended (A4) then certified on the same trace, the trace echoed', async () => {
      const approved = await adapter().requestReview(review('AUA1'));
      expect(approved.status).toBe('answered');
      if (approved.status !== 'answered') return;
      expect(approved.response.event.decision).toMatchObject({ action: 'A1', authorizationNumber: expect.stringMatching(/^PA/), quantity: 6, from: '2026-12-01', to: '2026-12-31' });
      expect(Number(isa13(approved.exchange.response))).toBeGreaterThan(0);
      const modified = await adapter().requestReview(review('AUM1'));
      expect(modified.status === 'answered' && modified.response.event.decision).toMatchObject({ action: 'A6', quantity: 3 });
      const denied = await adapter().requestReview(review('AUD1'));
      expect(denied.status === 'answered' && denied.response.event.decision).toMatchObject({ action: 'A3', reasonCode: '35' });
      const pending = review('AUP1');
      const first = await adapter().requestReview(pending);
      expect(first.status === 'answered' && first.response.event.decision?.action).toBe('A4');
      const second = await adapter().requestReview(pending);
      expect(second.status === 'answered' && second.response.event.decision?.action).toBe('A1');
      // One control number sequence for 270s and 278s: each interchange its own number.
      expect(second.status === 'answered' && first.status === 'answered' && Number(second.exchange.interchangeControlNumber) > Number(first.exchange.interchangeControlNumber)).toBe(true);
    });

    it('a payer that is down (AAA 42, HTTP 503) is an outcome; a request that cannot be sent is refused before anything is sent', async () => {
      expect(await adapter().requestReview(review('UNA2'))).toMatchObject({ status: 'payer-unavailable', reason: 'aaa-42' });
      expect(await adapter().requestReview(review('SVC2'))).toMatchObject({ status: 'payer-unavailable', reason: 'http-status' });
      expect(await adapter().requestReview(review('AUA2', { diagnosisCodes: ['not-icd'] }))).toMatchObject({ status: 'invalid-request', problems: [expect.stringContaining('ICD-10-CM')] });
    });

    /*
     * Neither PyPI validator knows 005010X217: pyx12 4.0.0 ships 278 maps of 004010X094(A1) only
     * ("Map not found" for X217) and linuxforhealth-x12 0.57.0 models 270/271/276/277/834/835/837.
     * What is checked independently here is the 999 the simulator answers a 278 it cannot read.
     */
    it('a 278 the clearinghouse cannot read is rejected in a 999 that pyx12 validates', async () => {
      const approved = await adapter().requestReview(review('AUA3'));
      const broken = approved.status === 'answered' ? approved.exchange.request.replace(/NM1\*IL\*[^~]*~/, '').replace(/SE\*(\d+)\*0001/, (_m, c) => `SE*${Number(c) - 1}*0001`) : '';
      const text = await (await fetch(`${BASE_URL}/x12/278`, { method: 'POST', body: broken, headers: { 'content-type': 'application/edi-x12' } })).text();
      expect(text).toMatch(/AK1\*HI\*.*IK5\*R\*I5~AK9\*R\*1\*1\*0~/);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearinghouse-278-'));
      const file = path.join(dir, '999.x12');
      fs.writeFileSync(file, text);
      const [report] = validator.validateX12Files([file]);
      fs.rmSync(dir, { recursive: true, force: true });
      expect([report.sets, report.errors]).toEqual([['999'], []]);
    });
  });
});

/*
 * Claims (issue 12): 837P -> 999 at once -> 277CA by report -> pay cycle -> 835, exact amounts by
 * plan (infra/clearinghouse/adjudication.js). Service dates and BHT04 are fixed, so amounts do not
 * depend on the day the test runs; member ids carry the run so each run starts a fresh deductible.
 */
describe('claims: 837P, 999, 277CA and 835 through the HTTP adapter', () => {
  const submission = { ...EXAMPLE_SUBMISSION, at: new Date('2026-12-16T09:30:00Z') };
  const sent: string[] = [];
  const received: string[] = [];
  let cursor = 0;
  let c = 0;
  const claimId = (tag: string) => {
    c += 1;
    return `${tag}${RUN}${c}`.slice(0, 20);
  };
  const member = (prefix: string) => `${prefix}${RUN}`;
  const claim = (prefix: string, overrides: Partial<ProfessionalClaim> = {}): ProfessionalClaim => {
    const base = exampleClaim();
    const id = overrides.claimId ?? claimId(prefix.slice(0, 3));
    return exampleClaim({
      claimId: id,
      subscriber: { ...base.subscriber, memberId: member(prefix) },
      lines: base.lines.map((l, i) => ({ ...l, lineId: `${id}-${i + 1}` })),
      ...overrides,
    });
  };
  const lines = (id: string, specs: Array<[string, number, string?]>, date = '2026-12-15') =>
    specs.map(([procedureCode, chargeCents, modifier], i) => ({ lineId: `${id}-${i + 1}`, procedureCode, ...(modifier ? { modifiers: [modifier] } : {}), chargeCents, units: 1, diagnosisPointers: [1], serviceDate: date }));

  async function submit(claims: ProfessionalClaim[]) {
    const client = adapter();
    const interchange = await client.claimInterchange(claims, submission);
    sent.push(interchange.text);
    const outcome = await client.submitClaims(interchange.text);
    if (outcome.status !== 'acknowledged') throw new Error(`not acknowledged: ${JSON.stringify(outcome).slice(0, 400)}`);
    return outcome;
  }

  /** Reports after our cursor until `done` says we have what we wait for (never a fixed sleep). */
  async function reportsUntil(done: (items: ClearinghouseReport[]) => boolean) {
    const all: ClearinghouseReport[] = [];
    for (let attempt = 0; attempt < 50 && !done(all); attempt += 1) {
      const fetched = await adapter().fetchReports(cursor);
      if (fetched.status !== 'ok') throw new Error(`reports: ${JSON.stringify(fetched)}`);
      cursor = fetched.cursor;
      all.push(...fetched.items);
      received.push(...fetched.items.map((i) => i.text));
      if (!done(all)) await new Promise((r) => setTimeout(r, 100));
    }
    return all;
  }
  const acksOf = (items: ClearinghouseReport[]) => items.flatMap((i) => (i.kind === '277CA' ? i.acknowledgments.flatMap((a) => a.claims) : []));
  const paymentsOf = (items: ClearinghouseReport[]) => items.flatMap((i) => (i.kind === '835' ? i.remittances : []));
  const acked = async (claims: ProfessionalClaim[]) => {
    const ids = claims.map((x) => x.claimId);
    const items = await reportsUntil((all) => ids.every((id) => acksOf(all).some((a) => a.claimId === id)));
    return new Map(acksOf(items).map((a) => [a.claimId, a]));
  };
  async function payCycle(ids: string[]) {
    const cycle = await adapter().advancePayCycle({ date: '2026-12-23' });
    expect(cycle.status).toBe('ok');
    const items = await reportsUntil((all) => ids.every((id) => paymentsOf(all).some((p) => p.remittance.claims.some((x) => x.claimId === id))));
    const remittances = paymentsOf(items);
    for (const r of remittances) expect(r.problems).toEqual([]);
    const find = (id: string, status?: string) => {
      for (const { remittance } of remittances) {
        const payment = remittance.claims.find((x) => x.claimId === id && (!status || x.status === status));
        if (payment) return { remittance, payment };
      }
      throw new Error(`no payment for ${id}`);
    };
    return { find, remittances };
  }
  const amounts = (p: ClaimPayment) => ({
    status: p.status, chargeCents: p.chargeCents, paidCents: p.paidCents, patientResponsibilityCents: p.patientResponsibilityCents,
    lines: p.lines.map((l) => [l.lineId, l.paidCents, l.allowedCents, l.adjustments.map((a) => `${a.group}-${a.reason} ${a.amountCents}`).join(', '), l.remarkCodes.join(',')]),
  });

  beforeAll(async () => {
    const start = await adapter().fetchReports(0);
    if (start.status !== 'ok') throw new Error('clearinghouse down');
    cursor = start.cursor;
    // Only what this file queues from now on: skip what earlier runs left.
    for (let more = await adapter().fetchReports(cursor); more.status === 'ok' && more.items.length; more = await adapter().fetchReports(cursor)) cursor = more.cursor;
  });

  let primary: ProfessionalClaim;
  let primaryPayment: ClaimPayment;

  it('PPO: 999 accepts, 277CA accepts with a payer claim number, the 835 pays copay, deductible, coinsurance and CO-45 to the cent, matched by our line ids', async () => {
    primary = claim('PPO');
    const mri = claim('PPO', { claimId: claimId('MRI'), totalChargeCents: 120000, priorAuthorization: 'PA7F3A2B1C09' });
    mri.lines = lines(mri.claimId, [['X7055', 120000]], '2026-12-14');
    const outcome = await submit([primary, mri]);
    expect(outcome.claims).toEqual([
      { claimId: primary.claimId, transactionControlNumber: '0001', status: 'A', accepted: true },
      { claimId: mri.claimId, transactionControlNumber: '0002', status: 'A', accepted: true },
    ]);
    const acks = await acked([primary, mri]);
    expect(acks.get(primary.claimId)).toMatchObject({ accepted: true, statuses: [{ category: 'A2', code: '20', entity: 'PR' }], totalChargeCents: 21000, payerClaimControlNumber: expect.stringMatching(/^87726\d{9}$/) });
    const { find } = await payCycle([primary.claimId, mri.claimId]);
    const visit = find(primary.claimId);
    primaryPayment = visit.payment;
    expect(visit.payment.payerClaimControlNumber).toBe(acks.get(primary.claimId)?.payerClaimControlNumber);
    expect(amounts(visit.payment)).toEqual({
      status: '1', chargeCents: 21000, paidCents: 8500, patientResponsibilityCents: 4000,
      lines: [
        [`${primary.claimId}-1`, 8500, 11000, 'CO-45 4000, PR-3 2500', ''],
        [`${primary.claimId}-2`, 0, 1500, 'CO-45 4500, PR-1 1500', ''],
      ],
    });
    // The deductible left after the visit ($350.50 - $15.00) is taken next, then 20% coinsurance.
    expect(amounts(find(mri.claimId).payment)).toEqual({
      status: '1', chargeCents: 120000, paidCents: 45160, patientResponsibilityCents: 44840,
      lines: [[`${mri.claimId}-1`, 45160, 90000, 'CO-45 30000, PR-1 33550, PR-2 11290', '']],
    });
    expect(visit.remittance).toMatchObject({ method: 'ACH', paymentCents: 53660, payee: { npi: EXAMPLE_NPI }, traceNumber: expect.stringMatching(/^EFT\d{9}$/) });
  });

  it('Medicare secondary from the primary 835: pays the remaining patient responsibility up to its allowed amount less the primary payment', async () => {
    const secondaryClaim = secondaryClaimFrom(primary, primaryPayment, {
      claimId: claimId('SEC'), payer: { name: 'MEDICARE', id: 'CMS01' }, primaryAdjudicatedDate: '2026-12-23',
      subscriber: { ...primary.subscriber, payerResponsibility: 'S', memberId: member('MCR'), claimFilingIndicator: 'MB', groupNumber: undefined },
    });
    await submit([secondaryClaim]);
    expect((await acked([secondaryClaim])).get(secondaryClaim.claimId)?.accepted).toBe(true);
    const { find } = await payCycle([secondaryClaim.claimId]);
    expect(amounts(find(secondaryClaim.claimId).payment)).toEqual({
      status: '2', chargeCents: 21000, paidCents: 1000, patientResponsibilityCents: 3000,
      lines: [
        [`${primary.claimId}-1`, 0, 7500, 'CO-45 4000, PR-2 2500, OA-23 8500', ''],
        [`${primary.claimId}-2`, 1000, 1000, 'CO-45 4500, PR-2 500', ''],
      ],
    });
  });

  it('denials: bundled pair (CO-97 M15), no authorization (CO-197), a foreign authorization (CO-15), timely filing (CO-29), a duplicate (CO-18); member not found rejected in the 277CA', async () => {
    const bundled = claim('PPO', { claimId: claimId('BND'), totalChargeCents: 19000 });
    bundled.lines = lines(bundled.claimId, [['X9213', 15000], ['X9211', 4000]]);
    const noAuth = claim('PPO', { claimId: claimId('NOA'), totalChargeCents: 120000 });
    noAuth.lines = lines(noAuth.claimId, [['X7055', 120000]], '2026-12-10');
    const foreignAuth = { ...noAuth, claimId: claimId('FRA'), priorAuthorization: 'XYZ123', lines: lines(`${noAuth.claimId}F`, [['X7055', 120000]], '2026-12-11') };
    const late = claim('PPO', { claimId: claimId('LATE') });
    late.lines = late.lines.map((l) => ({ ...l, serviceDate: '2026-01-02' }));
    const duplicate = { ...primary, claimId: claimId('DUP') };
    const notFound = claim('NFD', { claimId: claimId('NFD') });
    const outcome = await submit([bundled, noAuth, foreignAuth, late, duplicate, notFound]);
    expect(outcome.claims.map((x) => x.status)).toEqual(['A', 'A', 'A', 'A', 'A', 'A']);
    const acks = await acked([bundled, noAuth, foreignAuth, late, duplicate, notFound]);
    expect(acks.get(notFound.claimId)).toMatchObject({ accepted: false, statuses: [{ category: 'A3', code: '33', entity: 'IL' }], message: 'SUBSCRIBER AND SUBSCRIBER ID NOT FOUND' });
    const ids = [bundled, noAuth, foreignAuth, late, duplicate].map((x) => x.claimId);
    const { find } = await payCycle(ids);
    const bundledPayment = find(bundled.claimId).payment;
    expect(amounts(bundledPayment).lines).toEqual([
      [`${bundled.claimId}-1`, 8500, 11000, 'CO-45 4000, PR-3 2500', ''],
      [`${bundled.claimId}-2`, 0, 0, 'CO-97 4000', 'M15'],
    ]);
    expect(amounts(find(noAuth.claimId).payment)).toMatchObject({ status: '4', paidCents: 0, lines: [[`${noAuth.claimId}-1`, 0, 0, 'CO-197 120000', '']] });
    expect(amounts(find(foreignAuth.claimId).payment)).toMatchObject({ status: '4', paidCents: 0, lines: [[expect.any(String), 0, 0, 'CO-15 120000', 'N54']] });
    expect(amounts(find(late.claimId).payment)).toMatchObject({ status: '4', paidCents: 0, patientResponsibilityCents: 0, lines: [[expect.any(String), 0, 0, 'CO-29 15000', ''], [expect.any(String), 0, 0, 'CO-29 6000', '']] });
    expect(amounts(find(duplicate.claimId).payment)).toMatchObject({ status: '4', paidCents: 0, lines: [[expect.any(String), 0, 0, 'CO-18 15000', ''], [expect.any(String), 0, 0, 'CO-18 6000', '']] });
    const notPaid = await adapter().fetchReports(0);
    expect(notPaid.status === 'ok' && paymentsOf(notPaid.items).some((p) => p.remittance.claims.some((x) => x.claimId === notFound.claimId))).toBe(false);
  });

  it('void (8) of a paid claim: CLP 22 with every amount negated on the next cycle, a zero payment (NON) with a forwarding balance the next payment recovers', async () => {
    const payer = { name: 'VOID TEST PLAN', id: `V${RUN}`.slice(0, 10) };
    const original = claim('PPOV', { claimId: claimId('ORG'), payer });
    await submit([original]);
    const pcc = (await acked([original])).get(original.claimId)?.payerClaimControlNumber ?? '';
    const paid = (await payCycle([original.claimId])).find(original.claimId).payment;
    expect(paid).toMatchObject({ status: '1', paidCents: 8500 });
    const voided = { ...original, frequency: '8' as const, payerClaimControlNumber: pcc };
    await submit([voided]);
    expect((await acked([voided])).get(voided.claimId)).toMatchObject({ accepted: true });
    const { find } = await payCycle([voided.claimId]);
    const reversal = find(voided.claimId, '22');
    expect(amounts(reversal.payment)).toEqual({
      status: '22', chargeCents: -21000, paidCents: -8500, patientResponsibilityCents: -4000,
      lines: [
        [`${original.claimId}-1`, -8500, -11000, 'CO-45 -4000, PR-3 -2500', ''],
        [`${original.claimId}-2`, 0, -1500, 'CO-45 -4500, PR-1 -1500', ''],
      ],
    });
    expect(reversal.payment.payerClaimControlNumber).toBe(pcc);
    expect(reversal.remittance).toMatchObject({ paymentCents: 0, method: 'NON', handling: 'H', providerAdjustments: [{ reason: 'FB', amountCents: -8500 }] });
    // A second void of the same claim is refused at the 277CA.
    const again = { ...voided, claimId: claimId('VD2') };
    await submit([again]);
    expect((await acked([again])).get(again.claimId)).toMatchObject({ accepted: false, statuses: [{ category: 'A7', code: '21' }] });
    // The next payment to that payee recovers the $85.00 carried.
    const next = claim('PPOV', { claimId: claimId('NXT'), payer, totalChargeCents: 120000, priorAuthorization: 'PA12345' });
    next.lines = lines(next.claimId, [['X7055', 120000]], '2026-12-12');
    await submit([next]);
    await acked([next]);
    const recovered = (await payCycle([next.claimId])).find(next.claimId);
    expect(recovered.remittance.providerAdjustments).toEqual([{ reason: 'FB', reference: expect.stringMatching(/^FWD/), amountCents: 8500 }]);
    expect(recovered.remittance.paymentCents).toBe(recovered.payment.paidCents - 8500);
  });

  it('replacement (7): the original reversed (22) and the corrected claim adjudicated again in the same 835; interest appears as a PLB L6', async () => {
    const original = claim('INT', { claimId: claimId('RPO') });
    await submit([original]);
    const pcc = (await acked([original])).get(original.claimId)?.payerClaimControlNumber ?? '';
    const first = (await payCycle([original.claimId])).find(original.claimId);
    expect(first.payment.paidCents).toBe(8500);
    expect(first.remittance.providerAdjustments).toEqual([{ reason: 'L6', reference: expect.stringMatching(/^INTEREST/), amountCents: -85 }]);
    expect(first.remittance.paymentCents).toBe(8585);
    const replacement: ProfessionalClaim = { ...original, frequency: '7', payerClaimControlNumber: pcc, totalChargeCents: 15000, lines: [original.lines[0]] };
    await submit([replacement]);
    const newPcc = (await acked([replacement])).get(replacement.claimId)?.payerClaimControlNumber;
    const { find } = await payCycle([replacement.claimId]);
    const reversal = find(replacement.claimId, '22');
    const again = find(replacement.claimId, '1');
    expect(reversal.payment).toMatchObject({ paidCents: -8500, payerClaimControlNumber: pcc });
    expect(again.payment).toMatchObject({ paidCents: 8500, chargeCents: 15000, payerClaimControlNumber: newPcc, frequency: '7' });
    // Same 835: reversal -85.00 + new 85.00 + interest 0.85.
    expect(again.remittance.traceNumber).toBe(reversal.remittance.traceNumber);
    expect(again.remittance.paymentCents).toBe(85);
  });

  it('an 837 that does not read is rejected in the 999; an SVC member is a 503 (clearinghouse unavailable); an unreachable one too', async () => {
    const client = adapter();
    const interchange = await client.claimInterchange([claim('PPO')], submission);
    const broken = interchange.text.replace(/CLM\*[^~]*~/, '').replace(/SE\*(\d+)\*0001/, (_m, n) => `SE*${Number(n) - 1}*0001`);
    const rejected = await client.submitClaims(broken);
    expect(rejected).toMatchObject({ status: 'acknowledged', claims: [{ claimId: '', status: 'R', accepted: false }], acks: [{ groupStatus: 'R' }] });
    received.push(rejected.exchange.response ?? '');
    const down = await client.submitClaims((await client.claimInterchange([claim('SVC')], submission)).text);
    expect(down).toMatchObject({ status: 'clearinghouse-unavailable', reason: 'http-status', retryable: true });
    const unreachable = new HttpClearinghouseAdapter({ baseUrl: 'http://127.0.0.1:9', sender: CLINIC_SENDER, receiver: CLEARINGHOUSE_RECEIVER, controlNumbers: new SequentialControlNumbers() });
    expect(await unreachable.fetchReports(0)).toMatchObject({ status: 'clearinghouse-unavailable', reason: 'network' });
    expect(await unreachable.advancePayCycle()).toMatchObject({ status: 'clearinghouse-unavailable', reason: 'network' });
  });

  it('our 837Ps and the simulator 277CAs, 835s and 999s all pass pyx12 (005010X222A1, X214, X221A1, X231A1)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clearinghouse-claims-'));
    const texts = [...sent, ...received];
    const files = texts.map((text, i) => {
      const name = path.join(dir, `${i}.x12`);
      fs.writeFileSync(name, text);
      return name;
    });
    const reports = validator.validateX12Files(files);
    fs.rmSync(dir, { recursive: true, force: true });
    const sets = new Set(reports.flatMap((r) => r.sets));
    expect([...sets].sort()).toEqual(['277', '835', '837', '999']);
    expect(reports.filter((r) => r.errors.length).map((r) => [r.sets.join(','), r.errors])).toEqual([]);
  });
});
