import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CLEARINGHOUSE_RECEIVER, CLINIC_SENDER, EXAMPLE_SUBMISSION, EligibilityResponse, HttpClearinghouseAdapter, ImplementationAck, SequentialControlNumbers, build271, build835,
  build999, exampleClaim, exampleInquiry, parse270, parseInterchanges, writeInterchange,
} from '../index';

/*
 * The adapter against a clearinghouse that misbehaves (an in-process HTTP server): whatever comes
 * back, the caller gets a typed outcome, never an exception.
 */
type Reply = (request: string, url: string) => { status: number; body: string; type?: string; headers?: Record<string, string>; delayMs?: number };
let reply: Reply;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const r = reply(body, req.url ?? '');
    setTimeout(() => {
      if (res.destroyed) return;
      res.writeHead(r.status, { 'content-type': r.type ?? 'application/edi-x12', ...r.headers });
      res.end(r.body);
    }, r.delayMs ?? 0);
  });
});
let adapter: HttpClearinghouseAdapter;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  adapter = new HttpClearinghouseAdapter({ baseUrl: `http://127.0.0.1:${port}`, sender: CLINIC_SENDER, receiver: CLEARINGHOUSE_RECEIVER, controlNumbers: new SequentialControlNumbers(), timeoutMs: 2000 });
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const envelope = (functionalId: string, transactions: ReturnType<typeof build271>[]) =>
  writeInterchange({ sender: CLEARINGHOUSE_RECEIVER, receiver: CLINIC_SENDER, controlNumber: 900, usage: 'T', groups: [{ functionalId, controlNumber: 900, transactions }] });

/** The 271 transactions answering each 270 received, the echoed trace changed by `trace`. */
function answers(request: string, trace = (t: string) => t) {
  const [received] = parseInterchanges(request);
  return received.groups[0].transactions.map((tx, i) => {
    const inquiry = parse270(tx, received.separators);
    const response: EligibilityResponse = {
      referenceId: inquiry.traceNumber, payer: { name: 'ACME', id: '1', rejections: [] }, provider: { npi: inquiry.provider.npi, rejections: [] },
      subscriber: { memberId: inquiry.subscriber.memberId, traces: [{ type: '2', number: trace(inquiry.traceNumber), originatorId: inquiry.traceOriginatorId }], rejections: [], dates: [], benefits: [] },
    };
    return build271(response, i + 1);
  });
}
const answer = (request: string, trace = (t: string) => t) => envelope('HB', answers(request, trace));

describe('HttpClearinghouseAdapter', () => {
  it('answers with the 271 that echoes our trace', async () => {
    reply = (request) => ({ status: 200, body: answer(request) });
    expect(await adapter.checkEligibility(exampleInquiry())).toMatchObject({ status: 'answered', traceNumber: 'TRACE-0001' });
  });

  it("a 271 that answers another inquiry's trace needs attention (X12.TRACE_MISMATCH)", async () => {
    reply = (request) => ({ status: 200, body: answer(request, (t) => `${t}-OTHER`) });
    expect(await adapter.checkEligibility(exampleInquiry())).toMatchObject({ status: 'invalid-response', code: 'X12.TRACE_MISMATCH' });
  });

  it('a reply that is not X12, or X12 with wrong counts, needs attention', async () => {
    reply = () => ({ status: 200, body: '<html>gateway</html>' });
    expect(await adapter.checkEligibility(exampleInquiry())).toMatchObject({ status: 'invalid-response', code: 'X12.NOT_X12' });
    reply = (request) => ({ status: 200, body: answer(request).replace(/SE\*(\d+)/, 'SE*2') });
    expect(await adapter.checkEligibility(exampleInquiry())).toMatchObject({ status: 'invalid-response', code: 'X12.ENVELOPE' });
  });

  it('a 999 rejecting our 270 is a rejection with the acknowledgment', async () => {
    reply = (request) => {
      const [received] = parseInterchanges(request);
      const ack = {
        functionalId: 'HS', groupControlNumber: received.groups[0].controlNumber, transactions: [{ setId: '270', controlNumber: '0001', status: 'R' as const, errorCodes: ['I5'], segmentErrors: [] }],
        groupStatus: 'R' as const, included: 1, received: 1, accepted: 0, groupErrorCodes: [],
      };
      return { status: 200, body: envelope('FA', [build999(ack, 1)]) };
    };
    const outcome = await adapter.checkEligibility(exampleInquiry());
    expect(outcome).toMatchObject({ status: 'rejected', ack: { groupStatus: 'R' } });
  });

  it('an HTTP 503 means the payer is unavailable, to retry; a 4xx needs attention', async () => {
    reply = () => ({ status: 503, body: '{}', type: 'application/json' });
    expect(await adapter.checkEligibility(exampleInquiry())).toMatchObject({ status: 'payer-unavailable', reason: 'http-status', retryable: true });
    reply = () => ({ status: 400, body: '{"code":"X12.NOT_X12"}', type: 'application/json' });
    expect(await adapter.checkEligibility(exampleInquiry())).toMatchObject({ status: 'invalid-response', code: 'CLEARINGHOUSE.REFUSED' });
  });

  it('a batch: each inquiry gets its own outcome; a 271 that does not read spoils only its own', async () => {
    let sent = '';
    reply = (request, url) => {
      if (url === '/x12/batch') {
        sent = request;
        const [received] = parseInterchanges(request);
        const ack = {
          functionalId: 'HS', groupControlNumber: received.groups[0].controlNumber, groupStatus: 'A' as const, included: 2, received: 2, accepted: 2, groupErrorCodes: [],
          transactions: received.groups[0].transactions.map((t) => ({ setId: '270', controlNumber: t.controlNumber, status: 'A' as const, errorCodes: [], segmentErrors: [] })),
        };
        return { status: 202, body: envelope('FA', [build999(ack, 1)]), headers: { 'x-batch-id': 'b-1' } };
      }
      const [first, second] = answers(sent);
      first.segments.push({ tag: 'DTP', elements: ['346', 'D8', '2026-13-01'] });
      return { status: 200, body: envelope('HB', [first, second]) };
    };
    const receipt = await adapter.submitEligibilityBatch([exampleInquiry({ traceNumber: 'B-1' }), exampleInquiry({ traceNumber: 'B-2' })]);
    if (receipt.status !== 'accepted') throw new Error(`not accepted: ${receipt.status}`);
    expect(receipt.sent.map((s) => [s.traceNumber, s.transactionControlNumber])).toEqual([['B-1', 1], ['B-2', 2]]);
    const poll = await adapter.pollEligibilityBatch(receipt);
    expect(poll.status === 'done' && poll.outcomes.map((o) => [o.traceNumber, o.status, 'code' in o ? o.code : undefined])).toEqual([
      ['B-1', 'invalid-response', 'X12.STRUCTURE'],
      ['B-2', 'answered', undefined],
    ]);
  });

  it('an inquiry that cannot be sent is a typed refusal and nothing goes out', async () => {
    let calls = 0;
    reply = (request) => {
      calls += 1;
      return { status: 200, body: answer(request) };
    };
    const bad = exampleInquiry({ traceNumber: 'BAD-1', provider: { organizationName: 'X', npi: '1234567890' } });
    expect(await adapter.checkEligibility(bad)).toEqual({
      status: 'invalid-inquiry', traceNumber: 'BAD-1', code: 'X12.INVALID_INQUIRY', problems: ['provider NPI is not a valid NPI (10 digits with a correct check digit)'],
    });
    expect(await adapter.submitEligibilityBatch([bad])).toMatchObject({ status: 'nothing-sent', refused: [{ traceNumber: 'BAD-1' }] });
    expect(calls).toBe(0);
  });

  describe('claims', () => {
    /** A 999 accepting or rejecting each 837 of what was sent. */
    const ackOf = (request: string, status: (i: number) => 'A' | 'R' = () => 'A') => {
      const [received] = parseInterchanges(request);
      const transactions = received.groups[0].transactions.map((t, i) => ({ setId: '837', controlNumber: t.controlNumber, status: status(i), errorCodes: [], segmentErrors: [] }));
      const ack: ImplementationAck = { functionalId: 'HC', groupControlNumber: received.groups[0].controlNumber, transactions, groupStatus: 'P', included: 2, received: 2, accepted: 1, groupErrorCodes: [] };
      return envelope('FA', [build999(ack, 1)]);
    };
    const claims = () => adapter.claimInterchange([exampleClaim(), exampleClaim({ claimId: 'CLM-0002' })], EXAMPLE_SUBMISSION);

    it("names each claim in the 999's verdicts; a 999 that forgets one needs attention", async () => {
      reply = (request) => ({ status: 200, body: ackOf(request, (i) => (i === 0 ? 'A' : 'R')), headers: { 'x-submission-id': 'SUB9' } });
      const outcome = await adapter.submitClaims((await claims()).text);
      expect(outcome).toMatchObject({
        status: 'acknowledged', submissionId: 'SUB9',
        claims: [{ claimId: 'CLM-0001', transactionControlNumber: '0001', status: 'A', accepted: true }, { claimId: 'CLM-0002', transactionControlNumber: '0002', status: 'R', accepted: false }],
      });
      reply = (request) => ({ status: 200, body: ackOf(request).replace(/AK2\*837\*0002[^~]*~IK5\*A~/, '').replace(/SE\*(\d+)\*0001/, (_m, n) => `SE*${Number(n) - 2}*0001`) });
      expect(await adapter.submitClaims((await claims()).text)).toMatchObject({ status: 'invalid-response', code: 'X12.ACK_MISMATCH', detail: expect.stringContaining('CLM-0002') });
    });

    it('a 503, a timeout or a refused connection is "clearinghouse unavailable", to retry; a 4xx needs attention', async () => {
      const text = (await claims()).text;
      reply = () => ({ status: 503, body: '{}', type: 'application/json' });
      expect(await adapter.submitClaims(text)).toMatchObject({ status: 'clearinghouse-unavailable', reason: 'http-status', retryable: true });
      expect(await adapter.fetchReports(0)).toMatchObject({ status: 'clearinghouse-unavailable', reason: 'http-status' });
      expect(await adapter.advancePayCycle()).toMatchObject({ status: 'clearinghouse-unavailable', reason: 'http-status' });
      reply = (request) => ({ status: 200, body: ackOf(request), delayMs: 3000 });
      expect(await adapter.submitClaims(text)).toMatchObject({ status: 'clearinghouse-unavailable', reason: 'timeout' });
      reply = () => ({ status: 400, body: '{"code":"X12.NOT_X12"}', type: 'application/json' });
      expect(await adapter.submitClaims(text)).toMatchObject({ status: 'invalid-response', code: 'CLEARINGHOUSE.REFUSED' });
    });

    it('reports: a balanced 835 parsed with no problems, an unbalanced one with its problems, a file that does not read kept as unreadable', async () => {
      const remittance = {
        handling: 'I' as const, paymentCents: 8500, method: 'CHK' as const, paymentDate: '2026-12-23', traceNumber: 'CHK1', payerTraceId: '1987654321',
        payer: { name: 'ACME', address: { line1: 'A', city: 'B', state: 'CT', postalCode: '06101' }, technicalContact: { phone: '1' } }, payee: { name: 'C', npi: '1234567893' },
        claims: [{ claimId: 'CLM-0001', status: '1' as const, chargeCents: 15000, paidCents: 8500, claimFilingIndicator: '12', payerClaimControlNumber: 'P1', adjustments: [{ group: 'CO' as const, reason: '45', amountCents: 6500 }], patient: { lastName: 'S' }, lines: [] }],
        providerAdjustments: [],
      };
      const good = envelope('HP', [build835(remittance, 1)]);
      const unbalanced = envelope('HP', [build835({ ...remittance, paymentCents: 9000 }, 1)]);
      let asked = '';
      reply = (_request, url) => {
        asked = url;
        return {
          status: 200, type: 'application/json',
          body: JSON.stringify({ cursor: 9, items: [{ id: 7, kind: '835', createdAt: 'now', text: good }, { id: 8, kind: '835', createdAt: 'now', text: unbalanced }, { id: 9, kind: '277CA', createdAt: 'now', text: 'garbage' }] }),
        };
      };
      const fetched = await adapter.fetchReports(6);
      expect(asked).toBe('/x12/reports?since=6&partner=CLINICFLOW');
      if (fetched.status !== 'ok') throw new Error(fetched.status);
      expect(fetched.cursor).toBe(9);
      expect(fetched.items.map((i) => [i.id, i.kind, i.kind === '835' ? i.remittances[0].problems.map((p) => [p.level, p.differenceCents]) : i.kind === 'unreadable' ? i.code : ''])).toEqual([
        [7, '835', []], [8, '835', [['payment', -500]]], [9, 'unreadable', 'X12.NOT_X12'],
      ]);
    });
  });
});
