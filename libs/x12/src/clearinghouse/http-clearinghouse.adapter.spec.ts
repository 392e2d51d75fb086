import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CLEARINGHOUSE_RECEIVER, CLINIC_SENDER, EligibilityResponse, HttpClearinghouseAdapter, SequentialControlNumbers, build271, build999, exampleInquiry,
  parse270, parseInterchanges, writeInterchange,
} from '../index';

/*
 * The adapter against a clearinghouse that misbehaves (an in-process HTTP server): whatever comes
 * back, the caller gets a typed outcome, never an exception.
 */
type Reply = (request: string, url: string) => { status: number; body: string; type?: string; headers?: Record<string, string> };
let reply: Reply;
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const r = reply(body, req.url ?? '');
    res.writeHead(r.status, { 'content-type': r.type ?? 'application/edi-x12', ...r.headers });
    res.end(r.body);
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
});
