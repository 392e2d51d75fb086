/*
 * The clearinghouse adapter over HTTP (the local simulator's routes: POST /x12/realtime,
 * POST /x12/batch, GET /x12/batch/<id>), bodies application/edi-x12.
 */
import { parse999 } from '../ack/ack-999';
import type { ControlNumberSource } from '../control-numbers';
import { InterchangeParty, ParsedInterchange, parseInterchanges, writeInterchange } from '../envelope';
import type { EligibilityInquiry, EligibilityResponse } from '../eligibility/eligibility.types';
import { build270, inquiryProblems } from '../eligibility/inquiry-270';
import { parse271 } from '../eligibility/response-271';
import { formatInterchangeControlNumber } from '../control-numbers';
import { X12Error } from '../segments';
import { build278Request, echoedTrace, parse278Response, reviewRequestProblems } from '../authorization/review-278';
import type { ReviewRequest } from '../authorization/review.types';
import { build837PInterchange, ClaimInterchange } from '../claims/claim-837p';
import type { ClaimSubmission, ProfessionalClaim } from '../claims/claim.types';
import { parse277CA } from '../claims/ack-277ca';
import { parse835, remittanceProblems } from '../claims/remittance-835';
import {
  BatchPoll, BatchReceipt, ClaimAck, ClaimSubmissionOutcome, ClearinghouseAdapter, ClearinghouseReport, EligibilityOutcome, Exchange, PayCycleOutcome,
  RefusedInquiry, ReportsFetch, ReviewOutcome,
} from './clearinghouse.adapter';

export interface HttpClearinghouseOptions {
  baseUrl: string;
  sender: InterchangeParty;
  receiver: InterchangeParty;
  controlNumbers: ControlNumberSource;
  /** Real-time answer deadline (CORE allows 20 s); default 20000. */
  timeoutMs?: number;
  usage?: 'T' | 'P';
}

type Failure = { reason: 'timeout' | 'http-status' | 'network'; detail: string };

type Answer = { response: EligibilityResponse } | { error: { code: string; detail: string } };
const traceKey = (originatorId: string, number: string) => `${originatorId}\u0000${number}`;

/**
 * Each 271 of an answer, parsed once and keyed by the trace it echoes (TRN*2 on the patient's
 * level). A 271 that does not read is kept as an error under the trace it echoes, so one bad
 * transaction spoils only its own inquiry.
 */
function answersByTrace(interchanges: ParsedInterchange[]): Map<string, Answer> {
  const answers = new Map<string, Answer>();
  for (const interchange of interchanges) {
    for (const group of interchange.groups) {
      for (const tx of group.transactions.filter((t) => t.setId === '271')) {
        try {
          const response = parse271(tx, interchange.separators);
          for (const t of (response.dependent ?? response.subscriber).traces.filter((trace) => trace.type === '2')) answers.set(traceKey(t.originatorId, t.number), { response });
        } catch (error) {
          const detail = { code: (error as { code?: string }).code ?? 'X12.STRUCTURE', detail: (error as Error).message };
          for (const trn of tx.segments.filter((seg) => seg.tag === 'TRN' && seg.elements[0] === '2')) answers.set(traceKey(trn.elements[2] ?? '', trn.elements[1] ?? ''), { error: detail });
        }
      }
    }
  }
  return answers;
}

function refusal(inquiry: EligibilityInquiry): RefusedInquiry | undefined {
  const problems = inquiryProblems(inquiry);
  return problems.length ? { status: 'invalid-inquiry', traceNumber: inquiry.traceNumber, code: 'X12.INVALID_INQUIRY', problems } : undefined;
}

export class HttpClearinghouseAdapter implements ClearinghouseAdapter {
  constructor(private readonly options: HttpClearinghouseOptions) {}

  private async interchange(inquiries: EligibilityInquiry[]): Promise<Exchange> {
    const transactions = inquiries.map((inquiry, i) => build270(inquiry, i + 1));
    const controlNumber = await this.options.controlNumbers.next();
    const request = writeInterchange({
      sender: this.options.sender, receiver: this.options.receiver, controlNumber, usage: this.options.usage ?? 'T',
      groups: [{ functionalId: 'HS', controlNumber, transactions }],
    });
    return { interchangeControlNumber: formatInterchangeControlNumber(controlNumber), request };
  }

  private async call(method: 'GET' | 'POST', path: string, body?: string, contentType = 'application/edi-x12'): Promise<{ response: Response; text: string } | Failure> {
    try {
      const response = await fetch(`${this.options.baseUrl}${path}`, {
        method, body, headers: body === undefined ? {} : { 'content-type': contentType },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 20_000),
      });
      const text = await response.text();
      if (response.status >= 500) return { reason: 'http-status', detail: `the clearinghouse answered HTTP ${response.status}` };
      return { response, text };
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'TimeoutError' || name === 'AbortError') return { reason: 'timeout', detail: `no answer within ${this.options.timeoutMs ?? 20_000} ms` };
      return { reason: 'network', detail: `the clearinghouse is unreachable: ${(error as Error).message}` };
    }
  }

  /** The outcome for one inquiry from the answer's 271s (matched by the echoed trace). */
  private outcome(inquiry: Pick<EligibilityInquiry, 'traceNumber' | 'traceOriginatorId'>, answers: Map<string, Answer>, exchange: Exchange): EligibilityOutcome {
    const traceNumber = inquiry.traceNumber;
    const answer = answers.get(traceKey(inquiry.traceOriginatorId, traceNumber));
    if (!answer) return { status: 'invalid-response', traceNumber, code: 'X12.TRACE_MISMATCH', detail: `no 271 echoes trace ${traceNumber}`, exchange };
    if ('error' in answer) return { status: 'invalid-response', traceNumber, ...answer.error, exchange };
    const { response } = answer;
    const busy = response.payer.rejections.find((r) => r.reasonCode === '42') ?? response.provider.rejections.find((r) => r.reasonCode === '42');
    if (busy) return { status: 'payer-unavailable', traceNumber, reason: 'aaa-42', detail: busy.reason, retryable: true, exchange };
    return { status: 'answered', traceNumber, response, exchange };
  }

  async checkEligibility(inquiry: EligibilityInquiry): Promise<EligibilityOutcome> {
    const refused = refusal(inquiry);
    if (refused) return refused;
    const exchange = await this.interchange([inquiry]);
    const traceNumber = inquiry.traceNumber;
    const reply = await this.call('POST', '/x12/realtime', exchange.request);
    if ('reason' in reply) return { status: 'payer-unavailable', traceNumber, ...reply, retryable: true, exchange };
    exchange.response = reply.text;
    if (!reply.response.ok) return { status: 'invalid-response', traceNumber, code: 'CLEARINGHOUSE.REFUSED', detail: `HTTP ${reply.response.status}: ${reply.text.slice(0, 300)}`, exchange };
    let interchanges: ParsedInterchange[];
    try {
      interchanges = parseInterchanges(reply.text);
    } catch (error) {
      return { status: 'invalid-response', traceNumber, code: (error as { code?: string }).code ?? 'X12.NOT_X12', detail: (error as Error).message, exchange };
    }
    const ackTx = interchanges.flatMap((i) => i.groups).flatMap((g) => g.transactions).find((t) => t.setId === '999');
    if (ackTx) {
      const ack = parse999(ackTx);
      if (ack.transactions.some((t) => t.status !== 'A' && t.status !== 'E')) return { status: 'rejected', traceNumber, ack, exchange };
    }
    return this.outcome(inquiry, answersByTrace(interchanges), exchange);
  }

  /**
   * One 278 in its own interchange (functional group HI, control number from the same sequence as
   * the 270s: never reused), posted to /x12/278; the response must echo our trace (TRN*2).
   */
  async requestReview(request: ReviewRequest): Promise<ReviewOutcome> {
    const traceNumber = request.traceNumber;
    const problems = reviewRequestProblems(request);
    if (problems.length) return { status: 'invalid-request', traceNumber, code: 'X12.INVALID_REVIEW', problems };
    const controlNumber = await this.options.controlNumbers.next();
    const exchange: Exchange = {
      interchangeControlNumber: formatInterchangeControlNumber(controlNumber),
      request: writeInterchange({
        sender: this.options.sender, receiver: this.options.receiver, controlNumber, usage: this.options.usage ?? 'T',
        groups: [{ functionalId: 'HI', controlNumber, transactions: [build278Request(request, 1)] }],
      }),
    };
    const reply = await this.call('POST', '/x12/278', exchange.request);
    if ('reason' in reply) return { status: 'payer-unavailable', traceNumber, ...reply, retryable: true, exchange };
    exchange.response = reply.text;
    if (!reply.response.ok) return { status: 'invalid-response', traceNumber, code: 'CLEARINGHOUSE.REFUSED', detail: `HTTP ${reply.response.status}: ${reply.text.slice(0, 300)}`, exchange };
    try {
      const interchanges = parseInterchanges(reply.text);
      const transactions = interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.map((tx) => ({ tx, separators: i.separators }))));
      const ackTx = transactions.find((t) => t.tx.setId === '999');
      if (ackTx) {
        const ack = parse999(ackTx.tx);
        if (ack.transactions.some((t) => t.status !== 'A' && t.status !== 'E')) return { status: 'rejected', traceNumber, ack, exchange };
      }
      for (const { tx, separators } of transactions.filter((t) => t.tx.setId === '278')) {
        const response = parse278Response(tx, separators);
        const busy = [...response.payer.rejections, ...response.requester.rejections].find((r) => r.reasonCode === '42');
        const echoed = echoedTrace(response);
        if (busy && !echoed) return { status: 'payer-unavailable', traceNumber, reason: 'aaa-42', detail: busy.reason, retryable: true, exchange };
        if (echoed?.number === traceNumber && echoed.originatorId === request.traceOriginatorId) {
          if (busy) return { status: 'payer-unavailable', traceNumber, reason: 'aaa-42', detail: busy.reason, retryable: true, exchange };
          return { status: 'answered', traceNumber, response, exchange };
        }
      }
      return { status: 'invalid-response', traceNumber, code: 'X12.TRACE_MISMATCH', detail: `no 278 response echoes trace ${traceNumber}`, exchange };
    } catch (error) {
      return { status: 'invalid-response', traceNumber, code: (error as { code?: string }).code ?? 'X12.NOT_X12', detail: (error as Error).message, exchange };
    }
  }

  async submitEligibilityBatch(all: EligibilityInquiry[]): Promise<BatchReceipt> {
    const refused = all.map(refusal).filter((r): r is RefusedInquiry => r !== undefined);
    const refusedTraces = new Set(refused.map((r) => r.traceNumber));
    const inquiries = all.filter((inquiry) => !refusedTraces.has(inquiry.traceNumber));
    if (!inquiries.length) return { status: 'nothing-sent', refused };
    const exchange = await this.interchange(inquiries);
    const reply = await this.call('POST', '/x12/batch', exchange.request);
    if ('reason' in reply) return { status: 'payer-unavailable', ...reply, retryable: true, exchange };
    exchange.response = reply.text;
    const batchId = reply.response.headers.get('x-batch-id');
    if (reply.response.status !== 202 || !batchId) return { status: 'invalid-response', code: 'CLEARINGHOUSE.REFUSED', detail: `HTTP ${reply.response.status}: ${reply.text.slice(0, 300)}`, exchange };
    try {
      const acks = parseInterchanges(reply.text).flatMap((i) => i.groups).flatMap((g) => g.transactions).filter((t) => t.setId === '999').map(parse999);
      return {
        status: 'accepted', batchId, acks, refused, exchange,
        sent: inquiries.map((q, i) => ({ traceNumber: q.traceNumber, traceOriginatorId: q.traceOriginatorId, transactionControlNumber: i + 1 })),
      };
    } catch (error) {
      return { status: 'invalid-response', code: (error as { code?: string }).code ?? 'X12.NOT_X12', detail: (error as Error).message, exchange };
    }
  }

  async pollEligibilityBatch(receipt: Extract<BatchReceipt, { status: 'accepted' }>): Promise<BatchPoll> {
    const reply = await this.call('GET', `/x12/batch/${encodeURIComponent(receipt.batchId)}`);
    if ('reason' in reply) return { status: 'payer-unavailable', ...reply, retryable: true };
    if (reply.response.status === 202) return { status: 'pending', retryAfterMs: Number(reply.response.headers.get('retry-after') ?? '1') * 1000 };
    const exchange: Exchange = { ...receipt.exchange, response: reply.text };
    const rejected = new Map(receipt.acks.flatMap((a) => a.transactions.filter((t) => t.status !== 'A' && t.status !== 'E').map((t) => [Number(t.controlNumber), a] as const)));
    let interchanges: ParsedInterchange[] = [];
    let unparsable: Error | undefined;
    if (reply.response.headers.get('content-type')?.includes('edi-x12')) {
      try {
        interchanges = parseInterchanges(reply.text);
      } catch (error) {
        unparsable = error as Error;
      }
    }
    const answers = answersByTrace(interchanges);
    const outcomes = receipt.sent.map((inquiry): EligibilityOutcome => {
      const ack = rejected.get(inquiry.transactionControlNumber);
      if (ack) return { status: 'rejected', traceNumber: inquiry.traceNumber, ack, exchange };
      if (unparsable) return { status: 'invalid-response', traceNumber: inquiry.traceNumber, code: (unparsable as { code?: string }).code ?? 'X12.NOT_X12', detail: unparsable.message, exchange };
      return this.outcome(inquiry, answers, exchange);
    });
    return { status: 'done', outcomes };
  }

  async claimInterchange(claims: ProfessionalClaim[], submission: ClaimSubmission): Promise<ClaimInterchange> {
    return build837PInterchange(claims, { sender: this.options.sender, receiver: this.options.receiver, controlNumbers: this.options.controlNumbers, submission, usage: this.options.usage });
  }

  async submitClaims(interchangeText: string): Promise<ClaimSubmissionOutcome> {
    let sent: Map<string, string>;
    let interchangeControlNumber = '';
    try {
      const interchanges = parseInterchanges(interchangeText);
      interchangeControlNumber = interchanges[0].controlNumber;
      // ST02 -> CLM01 of what we send, to name the claims in the 999's verdicts.
      sent = new Map(interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.map((t) => [`${g.controlNumber}|${t.controlNumber}`, t.segments.find((s) => s.tag === 'CLM')?.elements[0] ?? ''] as const))));
    } catch (error) {
      throw new X12Error('X12.INVALID_CLAIM', `the claims interchange does not read: ${(error as Error).message}`);
    }
    const exchange: Exchange = { interchangeControlNumber, request: interchangeText };
    const reply = await this.call('POST', '/x12/837', interchangeText);
    if ('reason' in reply) return { status: 'clearinghouse-unavailable', ...reply, retryable: true, exchange };
    exchange.response = reply.text;
    if (!reply.response.ok) return { status: 'invalid-response', code: 'CLEARINGHOUSE.REFUSED', detail: `HTTP ${reply.response.status}: ${reply.text.slice(0, 300)}`, exchange };
    try {
      const acks = parseInterchanges(reply.text).flatMap((i) => i.groups).flatMap((g) => g.transactions).filter((t) => t.setId === '999').map(parse999);
      const claims: ClaimAck[] = acks.flatMap((ack) => ack.transactions.map((t) => ({
        claimId: sent.get(`${ack.groupControlNumber}|${t.controlNumber}`) ?? '', transactionControlNumber: t.controlNumber, status: t.status, accepted: t.status === 'A' || t.status === 'E',
      })));
      const missing = [...sent.entries()].filter(([key]) => !acks.some((a) => a.transactions.some((t) => `${a.groupControlNumber}|${t.controlNumber}` === key)));
      if (missing.length) return { status: 'invalid-response', code: 'X12.ACK_MISMATCH', detail: `the 999 says nothing of claims ${missing.map(([, id]) => id).join(', ')}`, exchange };
      return { status: 'acknowledged', submissionId: reply.response.headers.get('x-submission-id') ?? '', claims, acks, exchange };
    } catch (error) {
      return { status: 'invalid-response', code: (error as { code?: string }).code ?? 'X12.NOT_X12', detail: (error as Error).message, exchange };
    }
  }

  async fetchReports(cursor: number): Promise<ReportsFetch> {
    const partner = encodeURIComponent(this.options.sender.id);
    const reply = await this.call('GET', `/x12/reports?since=${cursor}&partner=${partner}`);
    if ('reason' in reply) return { status: 'clearinghouse-unavailable', ...reply, retryable: true };
    let body: { items: Array<{ id: number; kind: string; createdAt: string; text: string }>; cursor: number };
    try {
      if (!reply.response.ok) throw new Error(`HTTP ${reply.response.status}: ${reply.text.slice(0, 300)}`);
      body = JSON.parse(reply.text);
      if (!Array.isArray(body.items) || !Number.isInteger(body.cursor)) throw new Error('no items or cursor');
    } catch (error) {
      return { status: 'invalid-response', code: 'CLEARINGHOUSE.REFUSED', detail: (error as Error).message };
    }
    const items = body.items.map((item): ClearinghouseReport => {
      const base = { id: item.id, createdAt: item.createdAt, text: item.text };
      try {
        const interchanges = parseInterchanges(item.text);
        const transactions = interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.map((tx) => ({ tx, separators: i.separators }))));
        if (transactions.length && transactions.every((t) => t.tx.setId === '835')) {
          const remittances = transactions.map(({ tx, separators }) => {
            const remittance = parse835(tx, separators);
            return { remittance, problems: remittanceProblems(remittance) };
          });
          return { ...base, kind: '835', interchangeControlNumber: interchanges[0].controlNumber, remittances };
        }
        if (transactions.length && transactions.every((t) => t.tx.setId === '277')) {
          return { ...base, kind: '277CA', acknowledgments: transactions.map(({ tx, separators }) => parse277CA(tx, separators)) };
        }
        return { ...base, kind: 'unreadable', code: 'X12.UNEXPECTED_SET', detail: `expected 277 or 835 transaction sets, got ${transactions.map((t) => t.tx.setId).join(', ') || 'none'}` };
      } catch (error) {
        return { ...base, kind: 'unreadable', code: (error as { code?: string }).code ?? 'X12.NOT_X12', detail: (error as Error).message };
      }
    });
    return { status: 'ok', items, cursor: body.cursor };
  }

  async advancePayCycle(options: { date?: string } = {}): Promise<PayCycleOutcome> {
    const reply = await this.call('POST', '/x12/pay-cycle', JSON.stringify(options), 'application/json');
    if ('reason' in reply) return { status: 'clearinghouse-unavailable', ...reply, retryable: true };
    try {
      if (!reply.response.ok) throw new Error(`HTTP ${reply.response.status}: ${reply.text.slice(0, 300)}`);
      const body = JSON.parse(reply.text) as { cycle: number; remittances: Extract<PayCycleOutcome, { status: 'ok' }>['remittances'] };
      return { status: 'ok', cycle: body.cycle, remittances: body.remittances };
    } catch (error) {
      return { status: 'invalid-response', code: 'CLEARINGHOUSE.REFUSED', detail: (error as Error).message };
    }
  }
}
