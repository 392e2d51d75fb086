'use strict';
/*
 * The simulator's prior authorizations (X12 278 005010X217), kept apart from the eligibility routes:
 *
 *   POST /x12/278    (application/edi-x12) one interchange with one 278 request -> 200 the 278 response
 *                    interchange, or 200 a 999 rejecting a request that does not read; 503 or a held
 *                    request for the SVC/TMO member ids as on /x12/realtime
 *   GET  /admin/reviews -> {items: [...]} the reviews received (traces, member ids, scenario, action), oldest first
 *
 * The payer's decision is chosen by the member id's prefix (README "Prior authorization"):
 *   AUA / any other  certified in total (A1): an authorization number, the units and dates asked for
 *   AUM              modified (A6): half the units asked for (at least 1), the dates asked for
 *   AUD              not certified (A3), decision reason code 35 in HCR03
 *   AUP              pended (A4) the first time; the same trace sent again is certified (A1)
 *   UNA              AAA 42 (unable to respond now) on the UMO level
 *   SVC / TMO        HTTP 503 / the request held CLEARINGHOUSE_HOLD_MS, like the eligibility routes
 */
const crypto = require('crypto');
const envelopes = require('./envelopes');

const SCENARIOS = [
  { prefix: 'AUM', name: 'modified (A6): half the units asked for' },
  { prefix: 'AUD', name: 'not certified (A3), reason 35' },
  { prefix: 'AUP', name: 'pended (A4), certified when the same trace is asked again' },
  { prefix: 'AUA', name: 'certified in total (A1)' },
  { prefix: 'UNA', name: 'unable to respond now (AAA 42)' },
  { prefix: 'SVC', name: 'HTTP 503', http: 503 },
  { prefix: 'TMO', name: 'held, then 504', http: 'timeout' },
];
const DEFAULT = { prefix: '', name: 'certified in total (A1) (any other member id)' };
const scenarioFor = (memberId) => SCENARIOS.find((s) => memberId.toUpperCase().startsWith(s.prefix)) ?? DEFAULT;

/** Pended reviews by trace: asked again with the same trace, they are decided. */
const pended = new Map();
const reviews = [];

const authorizationNumber = () => `PA${crypto.randomBytes(5).toString('hex').toUpperCase()}`;

/** The typed 278 response (libs/x12 ReviewResponse) for a parsed request. */
function decide(request, scenario) {
  const key = `${request.traceOriginatorId}|${request.traceNumber}`;
  const asked = { from: request.from, to: request.to, quantityQualifier: request.quantityQualifier || 'VS' };
  let action = 'A1';
  let decision;
  if (scenario.prefix === 'AUP' && !pended.has(key)) {
    pended.set(key, true);
    action = 'A4';
    decision = { action, messages: ['ADDITIONAL REVIEW IN PROGRESS'] };
  } else if (scenario.prefix === 'AUD') {
    action = 'A3';
    decision = { action, reasonCode: '35', messages: ['NOT MEDICALLY NECESSARY AS SUBMITTED'] };
  } else if (scenario.prefix === 'AUM') {
    action = 'A6';
    decision = { action, authorizationNumber: authorizationNumber(), ...asked, quantity: Math.max(1, Math.floor(request.quantity / 2)), messages: [] };
  } else {
    decision = { action, authorizationNumber: authorizationNumber(), ...asked, quantity: request.quantity, messages: [] };
  }
  const busy = scenario.prefix === 'UNA';
  return {
    action: busy ? 'AAA42' : action,
    response: {
      referenceId: request.referenceId || request.traceNumber,
      payer: { name: request.payer.name, id: request.payer.id, rejections: busy ? [{ validRequest: true, reasonCode: '42', followUpCode: 'R', reason: 'Unable to respond at current time' }] : [] },
      requester: { name: request.requester.organizationName || request.requester.lastName, npi: request.requester.npi, rejections: [] },
      subscriber: { memberId: request.subscriber.memberId, lastName: request.subscriber.lastName, firstName: request.subscriber.firstName, rejections: [] },
      event: {
        traces: [{ type: '2', number: request.traceNumber, originatorId: request.traceOriginatorId }, { type: '1', number: `SIM-${request.traceNumber}`.slice(0, 50), originatorId: '9CLEARHOUS' }],
        rejections: [],
        serviceType: request.serviceType,
        decision: busy ? undefined : decision,
      },
      services: busy ? [] : request.services.map((s) => ({ procedureCode: s.procedureCode, decision: { ...decision, messages: [] } })),
    },
  };
}

/**
 * Handles POST /x12/278. `ctx` is the server's: { x12, send, interchangeTo, hold }.
 * A body that is not X12 throws (the server answers 400).
 */
async function handle(res, text, ctx) {
  const { x12, send, interchangeTo, hold } = ctx;
  const requests = [];
  const { interchanges, acks } = envelopes.receive(x12, text, (tx, interchange, partner) => {
    const request = x12.parse278Request(tx, interchange.separators);
    if (x12.reviewRequestProblems(request).length) return { status: 'R', errorCodes: ['I5'], segmentErrors: [{ segmentId: 'UM', position: 1, code: '8', elementErrors: [] }] };
    requests.push({ ...request, partner });
    return undefined;
  });
  const count = envelopes.transactionCount(acks);
  if (count !== 1) return send(res, 400, { code: 'X12.REALTIME_ONE_REQUEST', message: `the 278 route takes exactly one 278 request (got ${count})` });
  if (!requests.length) return send(res, 200, await envelopes.acksInterchange(x12, interchangeTo, acks));
  const request = requests[0];
  const scenario = scenarioFor(request.subscriber.memberId);
  const entry = { traceNumber: request.traceNumber, memberId: request.subscriber.memberId, scenario: scenario.prefix || 'default', receivedAt: new Date().toISOString(), interchangeControlNumbers: interchanges.map((i) => i.controlNumber) };
  reviews.push(entry);
  if (scenario.http === 503) return envelopes.unavailable(send, res);
  if (scenario.http === 'timeout') return hold(res);
  const { action, response } = decide(request, scenario);
  entry.action = action;
  return send(res, 200, await interchangeTo(request.partner, 'HI', [x12.build278Response(response, 1)]));
}

module.exports = { SCENARIOS, DEFAULT, scenarioFor, handle, reviews: () => reviews };
