'use strict';

/*
 * Why this exists: Clinic Flow sends SMS through a provider's HTTP API. In dev
 * and tests there is no real gateway, so this tiny sink (Node http only) plays
 * the provider: it accepts messages, remembers them in a JSONL file so they
 * survive restarts, and lets tests read them back.
 *
 *   POST   /messages          {to, body, from?, idempotencyKey?} -> 201 message
 *                             (seen idempotencyKey -> 200 with the original, nothing stored)
 *   GET    /messages?to=...   -> {items: [...]} oldest first, newest last
 *   DELETE /messages          -> clears everything, 200 {deleted: <count>}
 *   GET    /health            -> {status: 'ok'}
 *
 * Inbound (a patient replying), like a real provider's inbound webhook:
 *   PUT    /inbound/webhook   {url, secret} -> where replies go and the shared secret that signs them
 *   GET    /inbound/webhook   -> {url} (never the secret)
 *   POST   /inbound           {from, body, to?} -> the reply is forwarded as POST <url> with JSON
 *                             {id, from, to, body, receivedAt} and headers x-sms-timestamp (epoch s)
 *                             and x-sms-signature: hex HMAC-SHA256(secret, "<timestamp>\n<id>\n<from>\n<body>");
 *                             answers 200 {id, webhookStatus, webhookBody} (409 if no webhook is set)
 *   GET    /inbound           -> {items: [...]} replies received, with the webhook's answer
 *
 * Env: PORT (default 1090), HOST (default 127.0.0.1), DATA_FILE (JSONL; in-memory if unset),
 * INBOUND_WEBHOOK_URL / INBOUND_WEBHOOK_SECRET (initial webhook; PUT /inbound/webhook replaces it,
 * kept beside DATA_FILE so it survives restarts).
 * Started by infra/infra.js as the 'sms-sink' component.
 */

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');

const PORT = Number(process.env.PORT || 1090);
const HOST = process.env.HOST || '127.0.0.1';
const DATA_FILE = process.env.DATA_FILE || null;
const MAX_BODY_BYTES = 1024 * 1024;

let messages = [];
let byIdempotencyKey = new Map();
const inbound = [];
const WEBHOOK_FILE = DATA_FILE ? `${DATA_FILE}.webhook.json` : null;
let webhook = process.env.INBOUND_WEBHOOK_URL ? { url: process.env.INBOUND_WEBHOOK_URL, secret: process.env.INBOUND_WEBHOOK_SECRET || '' } : null;
if (WEBHOOK_FILE && fs.existsSync(WEBHOOK_FILE)) {
  try {
    webhook = JSON.parse(fs.readFileSync(WEBHOOK_FILE, 'utf8'));
  } catch {
    // A broken file: keep the env default.
  }
}

function remember(message) {
  messages.push(message);
  if (message.idempotencyKey) byIdempotencyKey.set(message.idempotencyKey, message);
}

function load() {
  if (!DATA_FILE || !fs.existsSync(DATA_FILE)) return;
  for (const line of fs.readFileSync(DATA_FILE, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      remember(JSON.parse(line));
    } catch {
      // A torn last line from a crash; skip it.
    }
  }
}

function persist(message) {
  if (DATA_FILE) fs.appendFileSync(DATA_FILE, `${JSON.stringify(message)}\n`);
}

function clear() {
  const count = messages.length;
  messages = [];
  byIdempotencyKey = new Map();
  if (DATA_FILE) fs.writeFileSync(DATA_FILE, '');
  return count;
}

function send(res, status, payload) {
  if (payload === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const body = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function error(res, status, code, message) {
  send(res, status, { code, message });
}

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('request body too large'), { status: 413, code: 'PAYLOAD_TOO_LARGE' }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      } catch {
        reject(Object.assign(new Error('request body is not valid JSON'), { status: 400, code: 'INVALID_JSON' }));
      }
    });
    req.on('error', reject);
  });
}

const isNonEmptyString = (value) => typeof value === 'string' && value.trim() !== '';

async function createMessage(req, res) {
  const input = await readJson(req);
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    return error(res, 400, 'VALIDATION_ERROR', 'body must be a JSON object');
  }
  const missing = ['to', 'body'].filter((field) => !isNonEmptyString(input[field]));
  if (missing.length) {
    return error(res, 400, 'VALIDATION_ERROR', `missing or empty field(s): ${missing.join(', ')}`);
  }
  const idempotencyKey = input.idempotencyKey || req.headers['idempotency-key'] || undefined;
  if (idempotencyKey !== undefined && !isNonEmptyString(idempotencyKey)) {
    return error(res, 400, 'VALIDATION_ERROR', 'idempotencyKey must be a non-empty string');
  }
  if (idempotencyKey && byIdempotencyKey.has(idempotencyKey)) {
    return send(res, 200, byIdempotencyKey.get(idempotencyKey));
  }
  const message = {
    id: crypto.randomUUID(),
    to: input.to,
    body: input.body,
    ...(isNonEmptyString(input.from) ? { from: input.from } : {}),
    ...(idempotencyKey ? { idempotencyKey } : {}),
    receivedAt: new Date().toISOString(),
  };
  persist(message);
  remember(message);
  return send(res, 201, message);
}

async function setWebhook(req, res) {
  const input = await readJson(req);
  if (!input || !isNonEmptyString(input.url) || !isNonEmptyString(input.secret)) {
    return error(res, 400, 'VALIDATION_ERROR', 'body must be {url, secret} with non-empty strings');
  }
  try {
    new URL(input.url);
  } catch {
    return error(res, 400, 'VALIDATION_ERROR', 'url must be an absolute URL');
  }
  webhook = { url: input.url, secret: input.secret };
  if (WEBHOOK_FILE) fs.writeFileSync(WEBHOOK_FILE, JSON.stringify(webhook), { mode: 0o600 });
  return send(res, 200, { url: webhook.url });
}

/** Signs and forwards a reply to the webhook, as a provider does; one attempt, its answer is returned. */
async function receiveInbound(req, res) {
  const input = await readJson(req);
  const missing = ['from', 'body'].filter((field) => !input || !isNonEmptyString(input[field]));
  if (missing.length) return error(res, 400, 'VALIDATION_ERROR', `missing or empty field(s): ${missing.join(', ')}`);
  if (!webhook) return error(res, 409, 'NO_WEBHOOK', 'no inbound webhook is configured (PUT /inbound/webhook)');
  const message = { id: crypto.randomUUID(), from: input.from, to: input.to || 'clinic', body: input.body, receivedAt: new Date().toISOString() };
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = crypto.createHmac('sha256', webhook.secret).update(`${timestamp}\n${message.id}\n${message.from}\n${message.body}`).digest('hex');
  let webhookStatus = 0;
  let webhookBody = null;
  try {
    const answer = await fetch(webhook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sms-timestamp': timestamp, 'x-sms-signature': signature },
      body: JSON.stringify(message),
      signal: AbortSignal.timeout(10_000),
    });
    webhookStatus = answer.status;
    const text = await answer.text();
    try {
      webhookBody = JSON.parse(text);
    } catch {
      webhookBody = text;
    }
  } catch (err) {
    webhookBody = { error: err.message };
  }
  inbound.push({ ...message, webhookStatus });
  return send(res, 200, { id: message.id, webhookStatus, webhookBody });
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://localhost');
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '') || '/'}`;
  switch (route) {
    case 'GET /health':
      return send(res, 200, { status: 'ok' });
    case 'POST /messages':
      return createMessage(req, res);
    case 'GET /messages': {
      const to = url.searchParams.get('to');
      return send(res, 200, { items: to ? messages.filter((m) => m.to === to) : messages });
    }
    case 'DELETE /messages':
      return send(res, 200, { deleted: clear() });
    case 'PUT /inbound/webhook':
      return setWebhook(req, res);
    case 'GET /inbound/webhook':
      return send(res, 200, { url: webhook ? webhook.url : null });
    case 'POST /inbound':
      return receiveInbound(req, res);
    case 'GET /inbound':
      return send(res, 200, { items: inbound });
    default:
      if (['/health', '/messages', '/inbound', '/inbound/webhook'].includes(url.pathname)) {
        return error(res, 405, 'METHOD_NOT_ALLOWED', `${req.method} is not allowed on ${url.pathname}`);
      }
      return error(res, 404, 'NOT_FOUND', `no route for ${req.method} ${url.pathname}`);
  }
}

load();
if (DATA_FILE) fs.mkdirSync(path.dirname(DATA_FILE), { recursive: true });

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (res.headersSent) return res.destroy();
    return error(res, err.status || 500, err.code || 'INTERNAL_ERROR', err.message);
  });
});

server.listen(PORT, HOST, () => {
  console.log(`sms-sink listening on http://${HOST}:${PORT} (${messages.length} stored message(s), data: ${DATA_FILE || 'memory'})`);
});

function shutdown(signal) {
  console.log(`sms-sink: ${signal}, shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}

process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));
