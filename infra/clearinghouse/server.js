'use strict';
/*
 * Why this exists: issue 11 checks insurance eligibility through a clearinghouse with X12 270/271.
 * In dev and tests there is none, so this local clearinghouse + payer simulator (Node http only,
 * parsing and building with our libs/x12) answers by scenario, chosen by the member id's prefix
 * (infra/clearinghouse/scenarios.js; README "Insurance: X12 layer and clearinghouse simulator").
 *
 *   POST /x12/realtime      (application/edi-x12) one interchange with one 270 -> 200 the 271 interchange,
 *                           or 200 a 999 interchange rejecting it; 503 or a held request by scenario
 *   POST /x12/batch         one or more interchanges, any number of 270s -> 202 the 999 interchange,
 *                           Location: /x12/batch/<id>
 *   GET  /x12/batch/<id>    -> 202 (Retry-After) until ready, then 200 the 271 interchange (one 271 per 270)
 *   GET  /admin/interchanges -> {items: [...]} what was received (control numbers, traces, member ids), oldest first
 *   DELETE /admin/interchanges -> clears them
 *   POST /x12/278           one 278 request -> the 278 response (infra/clearinghouse/authorizations.js)
 *   POST /x12/837, GET /x12/reports?since=<cursor>, POST /x12/pay-cycle, GET /admin/claims
 *                           professional claims: 999 at once, 277CA and 835 reports by cursor, a pay
 *                           cycle tests advance (infra/clearinghouse/claims.js, priced by adjudication.js)
 *   GET  /health            -> {status: 'ok'}
 * A body that is not X12 -> 400 {code, message}.
 *
 * Env: PORT (default 1095), HOST (127.0.0.1), DATA_DIR (keeps the control number sequence, so numbers
 * are never reused across restarts), CLEARINGHOUSE_SLOW_MS (SLW members, default 2000),
 * CLEARINGHOUSE_HOLD_MS (TMO members, default 120000), CLEARINGHOUSE_BATCH_DELAY_MS (default 1000).
 * Started by infra/infra.js as the 'clearinghouse' component.
 */
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');
const { loadX12 } = require('./ts-require');
const { scenarioFor, respond, tamper } = require('./scenarios');
const authorizations = require('./authorizations');
const envelopes = require('./envelopes');
const { createClaims } = require('./claims');

const x12 = loadX12();
const PORT = Number(process.env.PORT || 1095);
const HOST = process.env.HOST || '127.0.0.1';
const DATA_DIR = process.env.DATA_DIR || null;
const SLOW_MS = Number(process.env.CLEARINGHOUSE_SLOW_MS || 2000);
const HOLD_MS = Number(process.env.CLEARINGHOUSE_HOLD_MS || 120000);
const BATCH_DELAY_MS = Number(process.env.CLEARINGHOUSE_BATCH_DELAY_MS || 1000);
const MAX_BODY_BYTES = 20 * 1024 * 1024;
const SELF = { qualifier: 'ZZ', id: 'CLEARHOUSE' };

const SEQUENCE_FILE = DATA_DIR ? path.join(DATA_DIR, 'control-number') : null;
const lastNumber = SEQUENCE_FILE && fs.existsSync(SEQUENCE_FILE) ? Number(fs.readFileSync(SEQUENCE_FILE, 'utf8')) || 0 : 0;
const controlNumbers = new x12.SequentialControlNumbers(lastNumber, (n) => SEQUENCE_FILE && fs.writeFileSync(SEQUENCE_FILE, String(n)));

let received = [];
const batches = new Map();

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function send(res, status, body, headers = {}) {
  const json = typeof body !== 'string';
  res.writeHead(status, { 'content-type': json ? 'application/json' : 'application/edi-x12', ...headers });
  res.end(json ? JSON.stringify(body) : body);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(Object.assign(new Error('body too large'), { status: 413 }));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Parses the interchanges and reads each 270; a 270 that does not read is rejected in the 999. */
function receive(route, text) {
  const inquiries = [];
  const { interchanges, acks } = envelopes.receive(x12, text, (tx, interchange, partner) => {
    const inquiry = x12.parse270(tx, interchange.separators);
    if (!x12.isValidNpi(inquiry.provider.npi)) {
      return { status: 'R', errorCodes: ['I5'], segmentErrors: [{ segmentId: 'NM1', position: 5, loopId: '2100', code: '8', elementErrors: [{ position: '9', elementRef: '67', code: '7', badValue: inquiry.provider.npi }] }] };
    }
    inquiries.push({ ...inquiry, partner });
    return undefined;
  });
  received.push({
    id: crypto.randomUUID(), route, receivedAt: new Date().toISOString(),
    interchangeControlNumbers: interchanges.map((i) => i.controlNumber),
    transactions: interchanges.flatMap((i) => i.groups.flatMap((g) => g.transactions.map((t) => ({ setId: t.setId, controlNumber: t.controlNumber, groupControlNumber: g.controlNumber })))),
    inquiries: inquiries.map((q) => ({ traceNumber: q.traceNumber, memberId: q.subscriber.memberId, dateOfService: q.dateOfService, scenario: scenarioFor(q.subscriber.memberId).prefix || 'default' })),
  });
  return { inquiries, acks };
}

async function interchangeTo(partner, functionalId, transactions) {
  const controlNumber = await controlNumbers.next();
  return x12.writeInterchange({ sender: SELF, receiver: partner, controlNumber, usage: 'T', groups: [{ functionalId, controlNumber, transactions }] });
}

const acksText = (acks) => envelopes.acksInterchange(x12, interchangeTo, acks);
const responsesText = (inquiries) => interchangeTo(inquiries[0].partner, 'HB', inquiries.map((q, i) => tamper(q, x12.build271(respond(q), i + 1))));

async function realtime(req, res, text) {
  const { inquiries, acks } = receive('realtime', text);
  const count = envelopes.transactionCount(acks);
  if (count !== 1) return send(res, 400, { code: 'X12.REALTIME_ONE_INQUIRY', message: `the real-time route takes exactly one 270 (got ${count}); use /x12/batch` });
  if (!inquiries.length) return send(res, 200, await acksText(acks));
  const scenario = scenarioFor(inquiries[0].subscriber.memberId);
  if (scenario.http === 503) return envelopes.unavailable(send, res);
  if (scenario.http === 'timeout') return hold(res);
  if (scenario.slow) await sleep(SLOW_MS);
  return send(res, 200, await responsesText(inquiries));
}

/** Holds a request CLEARINGHOUSE_HOLD_MS (a payer that never answers), then 504 unless the caller gave up. */
const hold = (res) => envelopes.hold(send, res, HOLD_MS);

async function batch(req, res, text) {
  const { inquiries, acks } = receive('batch', text);
  const id = crypto.randomUUID();
  const slow = inquiries.some((q) => scenarioFor(q.subscriber.memberId).slow);
  const entry = { readyAt: Date.now() + BATCH_DELAY_MS + (slow ? SLOW_MS : 0), inquiries, answer: null };
  batches.set(id, entry);
  send(res, 202, await acksText(acks), { location: `/x12/batch/${id}`, 'x-batch-id': id });
  // The payer works on the batch while the caller waits; the answer is ready at readyAt at the earliest.
  if (inquiries.length) setImmediate(() => responsesText(inquiries).then((text) => (entry.answer = text), (error) => (entry.failure = error)));
}

async function poll(res, id) {
  const entry = batches.get(id);
  if (!entry) return send(res, 404, { code: 'BATCH.NOT_FOUND', message: `no batch ${id}` });
  if (!entry.inquiries.length) return send(res, 200, { status: 'done', message: 'no inquiry was accepted (see the 999)' });
  if (entry.failure) throw entry.failure;
  const wait = entry.readyAt - Date.now();
  if (wait > 0 || !entry.answer) return send(res, 202, { status: 'pending' }, { 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) });
  return send(res, 200, entry.answer);
}

// Claims (837P in; 999, 277CA and 835 out): infra/clearinghouse/claims.js.
const claims = createClaims({ x12, dataDir: DATA_DIR, send, interchangeTo, readBody });

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host || 'localhost'}`);
  try {
    if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (url.pathname === '/admin/interchanges' && req.method === 'GET') return send(res, 200, { items: received });
    if (url.pathname === '/admin/interchanges' && req.method === 'DELETE') {
      const deleted = received.length;
      received = [];
      return send(res, 200, { deleted });
    }
    // Prior authorizations (278): infra/clearinghouse/authorizations.js.
    if (req.method === 'POST' && url.pathname === '/x12/278') return await authorizations.handle(res, await readBody(req), { x12, send, interchangeTo, hold });
    if (req.method === 'GET' && url.pathname === '/admin/reviews') return send(res, 200, { items: authorizations.reviews() });
    if (await claims.handle(req, res, url)) return undefined;
    const batchId = /^\/x12\/batch\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (req.method === 'GET' && batchId) return await poll(res, batchId);
    if (req.method === 'POST' && (url.pathname === '/x12/realtime' || url.pathname === '/x12/batch')) {
      const text = await readBody(req);
      return url.pathname === '/x12/realtime' ? await realtime(req, res, text) : await batch(req, res, text);
    }
    return send(res, 404, { code: 'NOT_FOUND', message: `${req.method} ${url.pathname}` });
  } catch (error) {
    if (error && typeof error.code === 'string' && error.code.startsWith('X12.')) return send(res, 400, { code: error.code, message: error.message });
    if (error && error.status) return send(res, error.status, { code: 'BAD_REQUEST', message: error.message });
    console.error(`[clearinghouse] ${error && error.stack}`);
    return send(res, 500, { code: 'INTERNAL', message: 'simulator error' });
  }
});

if (DATA_DIR) fs.mkdirSync(DATA_DIR, { recursive: true });
server.listen(PORT, HOST, () => console.log(`[clearinghouse] listening on http://${HOST}:${PORT}`));
