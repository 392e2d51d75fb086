/*
 * The clearinghouse behind one interface: a caller sends typed inquiries and gets typed outcomes.
 * Nothing here throws for a payer or network failure: a timeout, a 503, a refused connection or an
 * AAA 42 is a 'payer-unavailable' outcome to retry later, a 999 rejection is 'rejected', and a reply
 * that does not parse or answers another trace is 'invalid-response' (a "needs attention" result),
 * and an inquiry that cannot be sent is 'invalid-inquiry' with its problems (nothing is sent).
 */
import type { ImplementationAck } from '../ack/ack-999';
import type { EligibilityInquiry, EligibilityResponse } from '../eligibility/eligibility.types';
import type { ReviewRequest, ReviewResponse } from '../authorization/review.types';
import type { ClaimAcknowledgmentReport } from '../claims/ack-277ca';
import type { BalanceProblem, Remittance } from '../claims/remittance-835';
import type { ClaimInterchange } from '../claims/claim-837p';
import type { ClaimSubmission, ProfessionalClaim } from '../claims/claim.types';

/** What was sent and received, to keep with the result (control numbers are never reused). */
export interface Exchange {
  interchangeControlNumber: string;
  request: string;
  response?: string;
}

export type EligibilityOutcome =
  | { status: 'answered'; traceNumber: string; response: EligibilityResponse; exchange: Exchange }
  | { status: 'payer-unavailable'; traceNumber: string; reason: 'timeout' | 'http-status' | 'network' | 'aaa-42'; detail: string; retryable: true; exchange: Exchange }
  | { status: 'rejected'; traceNumber: string; ack: ImplementationAck; exchange: Exchange }
  | { status: 'invalid-response'; traceNumber: string; code: string; detail: string; exchange: Exchange }
  /** Not sent: the inquiry itself is wrong (bad NPI, born after the visit...); nothing to retry until corrected. */
  | { status: 'invalid-inquiry'; traceNumber: string; code: 'X12.INVALID_INQUIRY'; problems: string[] };

/** An inquiry left out of a batch because it cannot be sent. */
export type RefusedInquiry = Extract<EligibilityOutcome, { status: 'invalid-inquiry' }>;

export type BatchReceipt =
  | {
      status: 'accepted';
      batchId: string;
      /** What was sent, in order (ST02 = position + 1): enough to match the answers after a restart. */
      sent: Array<{ traceNumber: string; traceOriginatorId: string; transactionControlNumber: number }>;
      acks: ImplementationAck[];
      refused: RefusedInquiry[];
      exchange: Exchange;
    }
  | { status: 'nothing-sent'; refused: RefusedInquiry[] }
  | { status: 'payer-unavailable'; reason: 'timeout' | 'http-status' | 'network'; detail: string; retryable: true; exchange: Exchange }
  | { status: 'invalid-response'; code: string; detail: string; exchange: Exchange };

export type BatchPoll =
  | { status: 'pending'; retryAfterMs: number }
  | { status: 'done'; outcomes: EligibilityOutcome[] }
  | { status: 'payer-unavailable'; reason: 'timeout' | 'http-status' | 'network'; detail: string; retryable: true };

/** The outcome of a prior authorization request (278): the payer's response, or why there is none. */
export type ReviewOutcome =
  | { status: 'answered'; traceNumber: string; response: ReviewResponse; exchange: Exchange }
  | { status: 'payer-unavailable'; traceNumber: string; reason: 'timeout' | 'http-status' | 'network' | 'aaa-42'; detail: string; retryable: true; exchange: Exchange }
  | { status: 'rejected'; traceNumber: string; ack: ImplementationAck; exchange: Exchange }
  | { status: 'invalid-response'; traceNumber: string; code: string; detail: string; exchange: Exchange }
  /** Not sent: the request itself is wrong (bad NPI, a diagnosis that is not ICD-10-CM...). */
  | { status: 'invalid-request'; traceNumber: string; code: 'X12.INVALID_REVIEW'; problems: string[] };

/** Why the clearinghouse could not be reached: retry later, nothing was taken. */
export interface ClearinghouseUnavailable {
  status: 'clearinghouse-unavailable';
  reason: 'timeout' | 'http-status' | 'network';
  detail: string;
  retryable: true;
}

/** The 999 verdict on one claim (one claim per transaction set). */
export interface ClaimAck {
  claimId: string;
  transactionControlNumber: string;
  /** IK501: A accepted, E accepted with errors, R/M/W/X rejected. */
  status: 'A' | 'E' | 'M' | 'R' | 'W' | 'X';
  accepted: boolean;
}

export type ClaimSubmissionOutcome =
  /** The 999 came back: per claim accepted (the 277CA follows by fetchReports) or rejected (correct and send again). */
  | { status: 'acknowledged'; submissionId: string; claims: ClaimAck[]; acks: ImplementationAck[]; exchange: Exchange }
  | (ClearinghouseUnavailable & { exchange: Exchange })
  | { status: 'invalid-response'; code: string; detail: string; exchange: Exchange };

/** One report the clearinghouse queued: a 277CA, an 835 with its balancing problems (empty when it balances), or a file that does not read. */
export type ClearinghouseReport =
  | { id: number; kind: '277CA'; createdAt: string; text: string; acknowledgments: ClaimAcknowledgmentReport[] }
  | { id: number; kind: '835'; createdAt: string; text: string; interchangeControlNumber: string; remittances: Array<{ remittance: Remittance; problems: BalanceProblem[] }> }
  | { id: number; kind: 'unreadable'; createdAt: string; text: string; code: string; detail: string };

export type ReportsFetch =
  | { status: 'ok'; items: ClearinghouseReport[]; cursor: number }
  | ClearinghouseUnavailable
  | { status: 'invalid-response'; code: string; detail: string };

export type PayCycleOutcome =
  | { status: 'ok'; cycle: number; remittances: Array<{ reportId: number; payerId: string; traceNumber: string; paymentCents: number; method: string; claims: number }> }
  | ClearinghouseUnavailable
  | { status: 'invalid-response'; code: string; detail: string };

export interface ClearinghouseAdapter {
  /**
   * Writes claims into one 837P interchange with the adapter's parties and control number source
   * (never reused). Throws X12Error X12.INVALID_CLAIM when a claim must not be sent: check
   * claimProblems first.
   */
  claimInterchange(claims: ProfessionalClaim[], submission: ClaimSubmission): Promise<ClaimInterchange>;
  /** Sends an 837P interchange; the 999 comes back at once. Never throws for clearinghouse trouble. */
  submitClaims(interchangeText: string): Promise<ClaimSubmissionOutcome>;
  /** The 277CAs and 835s queued after the cursor (0 the first time), parsed; pass the returned cursor next time. */
  fetchReports(cursor: number): Promise<ReportsFetch>;
  /** Asks the simulator to run a pay cycle (tests and the demo only: a real clearinghouse has none). */
  advancePayCycle(options?: { date?: string }): Promise<PayCycleOutcome>;
  /** One real-time prior authorization request (278) and its response; never throws for payer trouble. */
  requestReview(request: ReviewRequest): Promise<ReviewOutcome>;
  /** One real-time inquiry (CORE-like): the 271, or why there is none. Never throws for payer trouble. */
  checkEligibility(inquiry: EligibilityInquiry): Promise<EligibilityOutcome>;
  /** Sends many inquiries in one interchange (those that cannot be sent are refused, the rest go); the 999 comes back at once, the 271s by poll. */
  submitEligibilityBatch(inquiries: EligibilityInquiry[]): Promise<BatchReceipt>;
  pollEligibilityBatch(receipt: Extract<BatchReceipt, { status: 'accepted' }>): Promise<BatchPoll>;
}
