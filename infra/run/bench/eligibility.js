'use strict';
/*
 * Eligibility through the insurance service (issue 11), end to end against the clearinghouse simulator:
 *   batch     a nightly batch of 500 visits at one site and date: from POST /eligibility/batches to
 *             every check recorded (GET until done): visits per second, and the split the batch
 *             reports (planning, the simulator's hold, recording)
 *   realtime  on-demand checks POST /coverages/{id}/eligibility-checks through the gateway, one at a
 *             time and 8 at once: p50/p99/max, checks per second (270 built, sent, 271 parsed, the
 *             check recorded with its event)
 *
 * Set-up (not timed): patients registered and given a coverage through the gateway (scenarios that
 * answer: PPO, MCR, HMO, PAU, INA, TRM, NFD, DOB), and their visits fed to insurance as scheduling's
 * appointment.booked events for a weekday two months ahead (past the booking window: no booking
 * checks run meanwhile; scheduling's own booking is the booking benchmark's). It waits until
 * insurance holds every visit and patient before the batch starts.
 *
 * Standalone, against a system already running on $CLINIC_FLOW_TEST_PROFILE (default test):
 *   node infra/run/bench/eligibility.js
 * Settings: BENCH_ELIGIBILITY_VISITS (default 500), BENCH_ELIGIBILITY_RUNS (real-time checks per level, default 200).
 */
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { round1, sleep, summary, standalone, distinctName } = require('./common');

const VISITS = Number(process.env.BENCH_ELIGIBILITY_VISITS || 500);
const RUNS = Number(process.env.BENCH_ELIGIBILITY_RUNS || 200);
const SITE = { id: 'site-downtown', zone: 'America/New_York', name: 'Downtown' };
const MEMBERS = [['PPO', 'payer-acme', 'acme-gold-ppo'], ['MCR', 'payer-medicare', 'medicare-part-b'], ['HMO', 'payer-acme-care-hmo', 'acme-care-hmo'], ['PAU', 'payer-acme', 'acme-gold-ppo'], ['INA', 'payer-acme', 'acme-gold-ppo'], ['TRM', 'payer-acme', 'acme-gold-ppo'], ['NFD', 'payer-acme', 'acme-gold-ppo'], ['DOB', 'payer-acme', 'acme-gold-ppo']];

/** A weekday about two months ahead (yyyy-MM-dd). */
function benchDate() {
  const d = new Date(Date.now() + 60 * 86_400_000);
  while (d.getUTCDay() === 0 || d.getUTCDay() === 6) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

async function inPool(count, concurrency, work) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await work(next++);
  }));
}

async function run({ gatewayUrl, login, env, log }) {
  const tag = Date.now().toString(36);
  const desk = await login('receptionist');
  const call = async (method, path, body) => {
    const res = await fetch(`${gatewayUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${desk}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  };

  // Set-up: patients with a coverage each.
  const patients = [];
  const setupStarted = performance.now();
  await inPool(VISITS, 8, async (i) => {
    const p = await call('POST', '/patients', { firstName: 'Elig', lastName: distinctName(i, `el${tag}`), dateOfBirth: '1975-03-09', email: `elig-${tag}-${i}@example.com`, preferredChannel: 'email' });
    if (p.status !== 201) throw new Error(`registration ${i}: ${p.status} ${JSON.stringify(p.body).slice(0, 200)}`);
    const [prefix, payerId, planId] = MEMBERS[i % MEMBERS.length];
    const c = await call('POST', `/patients/${p.body.id}/coverages`, { payerId, planId, order: 'primary', relationship: 'self', memberId: `${prefix}${tag.toUpperCase()}${i}`.slice(0, 15), effectiveDate: '2026-01-01' });
    if (c.status !== 201) throw new Error(`coverage ${i}: ${c.status} ${JSON.stringify(c.body).slice(0, 200)}`);
    patients[i] = { id: p.body.id, coverageId: c.body.id };
  });
  log(`[bench:eligibility] ${VISITS} patients with a coverage in ${round1((performance.now() - setupStarted) / 1000)} s`);

  // Their visits, as scheduling announces bookings.
  const date = benchDate();
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({ clientId: `bench-eligibility-${tag}`, brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const messages = patients.map((p, i) => {
    const appointmentId = `appt-bench-${tag}-${i}`;
    const start = new Date(Date.parse(`${date}T13:00:00Z`) + (i % 32) * 15 * 60_000).toISOString();
    const envelope = {
      id: randomUUID(), type: 'appointment.booked', version: 2, source: 'scheduling', time: new Date().toISOString(), subject: appointmentId, siteId: SITE.id,
      correlationId: `bench-eligibility-${tag}`, causationId: null,
      data: {
        appointmentId, patientId: p.id, providerId: `prov-bench-${i % 16}`, siteId: SITE.id, start, end: new Date(Date.parse(start) + 15 * 60_000).toISOString(), revision: 1,
        siteName: SITE.name, siteTimeZone: SITE.zone, providerName: 'Bench provider', durationMinutes: 15, status: 'booked', bookedBy: 'bench', appointmentTypeId: 'follow-up',
      },
    };
    return { key: appointmentId, value: JSON.stringify(envelope), headers: { 'event-id': envelope.id, 'event-type': envelope.type, 'event-version': '2', 'x-correlation-id': envelope.correlationId } };
  });
  for (let i = 0; i < messages.length; i += 100) await producer.send({ topic: 'clinic.scheduling.appointment.v1', acks: -1, messages: messages.slice(i, i + 100) });
  await producer.disconnect();

  // Wait until insurance holds every visit and every patient's name (its projections).
  const mongoose = require('mongoose');
  const db = await mongoose.createConnection(env.MONGO_URL, { dbName: 'clinic_insurance' }).asPromise();
  const ids = patients.map((p) => p.id);
  const waitStarted = Date.now();
  for (;;) {
    const visits = await db.collection('visits').countDocuments({ siteId: SITE.id, dateOfService: date, _id: { $regex: `^appt-bench-${tag}-` } });
    const known = await db.collection('patient_demographics').countDocuments({ _id: { $in: ids } });
    if (visits === VISITS && known === VISITS) break;
    if (Date.now() - waitStarted > 300_000) throw new Error(`insurance holds ${visits}/${VISITS} visits and ${known}/${VISITS} patients after 5 minutes`);
    await sleep(500);
  }
  await db.close();
  log(`[bench:eligibility] insurance holds the ${VISITS} visits of ${date}`);

  // The batch: request -> every check recorded.
  const t0 = performance.now();
  const requested = await call('POST', '/eligibility/batches', { siteId: SITE.id, date, run: `bench-${tag}` });
  if (requested.status !== 202) throw new Error(`batch request: ${requested.status} ${JSON.stringify(requested.body).slice(0, 300)}`);
  let batch;
  for (;;) {
    batch = (await call('GET', `/eligibility/batches/${requested.body.id}`)).body;
    if (batch.status === 'done') break;
    if (performance.now() - t0 > 600_000) throw new Error(`batch not done after 10 minutes: ${JSON.stringify(batch)}`);
    await sleep(100);
  }
  const totalMs = performance.now() - t0;
  const ours = batch.inquiries >= VISITS && batch.recorded === batch.inquiries;
  const batchReport = {
    visits: batch.visits, inquiries: batch.inquiries, recorded: batch.recorded, counts: batch.counts,
    totalMs: round1(totalMs), visitsPerSecond: round1(batch.visits / (totalMs / 1000)),
    requestToSubmittedMs: round1(Date.parse(batch.submittedAt) - Date.parse(batch.requestedAt)),
    submittedToDoneMs: round1(Date.parse(batch.completedAt) - Date.parse(batch.submittedAt)),
  };
  log(`[bench:eligibility] batch: ${JSON.stringify(batchReport)}`);

  // Real-time checks through the service.
  const realtime = {};
  let notRecorded = 0;
  for (const concurrency of [1, 8]) {
    const latencies = [];
    const started = performance.now();
    await inPool(RUNS, concurrency, async (i) => {
      const p = patients[(i * 7 + concurrency) % patients.length];
      const t = performance.now();
      const res = await call('POST', `/coverages/${p.coverageId}/eligibility-checks`, { dateOfService: date });
      latencies.push(performance.now() - t);
      if (res.status !== 201) notRecorded += 1;
    });
    realtime[`concurrency${concurrency}`] = { ...summary(latencies), perSecond: round1(RUNS / ((performance.now() - started) / 1000)) };
    log(`[bench:eligibility] real-time at ${concurrency}: ${JSON.stringify(realtime[`concurrency${concurrency}`])}`);
  }
  return { report: { batch: batchReport, realtime, notRecorded }, ok: ours && notRecorded === 0 };
}

module.exports = { run };

if (require.main === module) standalone('eligibility', run);
