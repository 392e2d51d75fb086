'use strict';

/*
 * Why this exists: Clinic Flow takes card payments through a payment adapter (billing's
 * payments/payment-adapter.ts). In dev and tests there is no processor, so this tiny card
 * simulator (Node http only) plays one: authorize+capture in one call, refunds, and idempotency
 * keys (the same key answers the same result and never charges twice). Test card tokens pick the
 * scenario:
 *
 *   tok_approved            captured
 *   tok_insufficient_funds  402 declined (insufficient_funds)
 *   tok_expired             402 declined (expired_card)
 *   tok_processor_error     503 (nothing charged; the key is not remembered, so a retry is fresh)
 *   tok_slow                captured after SLOW_MS (a client timeout; the retry with the same key gets the capture)
 *   A token may name its own card after a dot (`tok_approved.<card>`): the part before the dot picks
 *   the scenario, the whole token is the card (tests count one card's charges while others pay).
 *   anything else           402 declined (invalid_token)
 *
 *   POST /charges   {amountCents, token, idempotencyKey, description?} -> 201 {id, status:'captured', amountCents, token}
 *                   | 402 {status:'declined', declineCode, message} | 503; same key again -> the same answer (200)
 *                   | 409 when the key was used for another amount or token
 *   POST /refunds   {chargeId, amountCents, idempotencyKey} -> 201 {id, status:'refunded', chargeId, amountCents}
 *                   | 404 unknown charge | 409 more than captured minus refunded
 *   GET  /charges/:id, GET /charges?token=... -> what was charged (tests count charges)
 *   DELETE /charges -> clears everything
 *   GET  /health
 *
 * Env: PORT (default 1097), HOST (default 127.0.0.1), DATA_FILE (JSONL; in-memory if unset),
 * SLOW_MS (default 3000). Started by infra/infra.js as the 'payments' component.
 */

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');

const PORT = Number(process.env.PORT || 1097);
const HOST = process.env.HOST || '127.0.0.1';
const DATA_FILE = process.env.DATA_FILE || null;
const SLOW_MS = Number(process.env.SLOW_MS || 3000);

let charges = new Map();
let refunds = new Map();
/** idempotency key -> {status, body, fingerprint} */
let answers = new Map();

function apply(record) {
  if (record.kind === 'charge') charges.set(record.value.id, record.value);
  if (record.kind === 'refund') {
    refunds.set(record.value.id, record.value);
    const charge = charges.get(record.value.chargeId);
    if (charge) charge.refundedCents = (charge.refundedCents || 0) + record.value.amountCents;
  }
  if (record.kind === 'answer') answers.set(record.key, record.value);
}

function persist(record) {
  apply(record);
  if (DATA_FILE) fs.appendFileSync(DATA_FILE, `${JSON.stringify(record)}\n`);
}

if (DATA_FILE && fs.existsSync(DATA_FILE)) {
  for (const line of fs.readFileSync(DATA_FILE, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      apply(JSON.parse(line));
    } catch {
      // a torn last line from a crash
    }
  }
}

const DECLINES = {
  tok_insufficient_funds: { declineCode: 'insufficient_funds', message: 'The card was declined: insufficient funds.' },
  tok_expired: { declineCode: 'expired_card', message: 'The card was declined: the card has expired.' },
};

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 1024 * 1024) reject(new Error('too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {});
      } catch (e) {
        reject(e);
      }
    });
    req.on('error', reject);
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function charge(body, res) {
  const { amountCents, token, idempotencyKey } = body;
  if (!Number.isInteger(amountCents) || amountCents <= 0 || typeof token !== 'string' || typeof idempotencyKey !== 'string' || !idempotencyKey) {
    return send(res, 400, { error: 'amountCents (positive integer), token and idempotencyKey are required' });
  }
  const fingerprint = `charge:${amountCents}:${token}`;
  const seen = answers.get(idempotencyKey);
  if (seen) {
    if (seen.fingerprint !== fingerprint) return send(res, 409, { error: 'idempotency key reused for a different charge' });
    return send(res, seen.status === 201 ? 200 : seen.status, { ...seen.body, replayed: true });
  }
  const scenario = token.split('.')[0];
  if (scenario === 'tok_processor_error') return send(res, 503, { error: 'processor unavailable' });
  if (scenario === 'tok_slow') await sleep(SLOW_MS);
  const again = answers.get(idempotencyKey);
  if (again) return send(res, again.status === 201 ? 200 : again.status, { ...again.body, replayed: true });
  let status;
  let answer;
  if (scenario === 'tok_approved' || scenario === 'tok_slow') {
    const value = { id: `ch_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`, status: 'captured', amountCents, token, refundedCents: 0, createdAt: new Date().toISOString() };
    persist({ kind: 'charge', value });
    status = 201;
    answer = { id: value.id, status: 'captured', amountCents, token };
  } else {
    status = 402;
    answer = { status: 'declined', ...(DECLINES[scenario] || { declineCode: 'invalid_token', message: 'The card token is not valid.' }) };
  }
  persist({ kind: 'answer', key: idempotencyKey, value: { status, body: answer, fingerprint } });
  return send(res, status, answer);
}

function refund(body, res) {
  const { chargeId, amountCents, idempotencyKey } = body;
  if (!Number.isInteger(amountCents) || amountCents <= 0 || typeof chargeId !== 'string' || typeof idempotencyKey !== 'string' || !idempotencyKey) {
    return send(res, 400, { error: 'chargeId, amountCents (positive integer) and idempotencyKey are required' });
  }
  const fingerprint = `refund:${chargeId}:${amountCents}`;
  const seen = answers.get(idempotencyKey);
  if (seen) {
    if (seen.fingerprint !== fingerprint) return send(res, 409, { error: 'idempotency key reused for a different refund' });
    return send(res, 200, { ...seen.body, replayed: true });
  }
  const original = charges.get(chargeId);
  if (!original) return send(res, 404, { error: `no charge ${chargeId}` });
  if ((original.refundedCents || 0) + amountCents > original.amountCents) return send(res, 409, { error: 'refund exceeds what is left of the charge' });
  const value = { id: `re_${crypto.randomUUID().replace(/-/g, '').slice(0, 20)}`, status: 'refunded', chargeId, amountCents, createdAt: new Date().toISOString() };
  persist({ kind: 'refund', value });
  persist({ kind: 'answer', key: idempotencyKey, value: { status: 201, body: value, fingerprint } });
  return send(res, 201, value);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host || 'localhost'}`);
  try {
    if (req.method === 'GET' && url.pathname === '/health') return send(res, 200, { status: 'ok' });
    if (req.method === 'POST' && url.pathname === '/charges') return await charge(await readJson(req), res);
    if (req.method === 'POST' && url.pathname === '/refunds') return refund(await readJson(req), res);
    if (req.method === 'GET' && url.pathname === '/charges') {
      const token = url.searchParams.get('token');
      return send(res, 200, { items: [...charges.values()].filter((c) => !token || c.token === token) });
    }
    if (req.method === 'GET' && url.pathname.startsWith('/charges/')) {
      const found = charges.get(decodeURIComponent(url.pathname.slice('/charges/'.length)));
      return found ? send(res, 200, found) : send(res, 404, { error: 'no such charge' });
    }
    if (req.method === 'DELETE' && url.pathname === '/charges') {
      charges = new Map();
      refunds = new Map();
      answers = new Map();
      if (DATA_FILE) fs.writeFileSync(DATA_FILE, '');
      return send(res, 200, { deleted: true });
    }
    return send(res, 404, { error: 'not found' });
  } catch (error) {
    return send(res, 400, { error: String(error && error.message) });
  }
});

server.listen(PORT, HOST, () => {
  console.log(`card simulator listening on http://${HOST}:${PORT}`);
});
