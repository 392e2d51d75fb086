import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CLEARINGHOUSE_RECEIVER, CLINIC_SENDER, EXAMPLE_NPI, EligibilityInquiry, HttpClearinghouseAdapter, ReviewRequest, SequentialControlNumbers, exampleInquiry, parseInterchanges, summarize271,
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
