'use strict';
/*
 * The bare engines, measured on the same infrastructure in the same run as the system's own figures,
 * so the system is judged by ratios to what its engines can do here and now (a busy machine slows
 * both alike):
 *   database  raw inserts of an appointment-sized document with the bare driver (mongoose's own
 *             MongoDB driver), closed loop at concurrency 1, 16, 64; and compare-and-set updates
 *             (filter on _id and version, $inc version), each worker on a document of its own (FerretDB
 *             1.24 lets two compare-and-set writers of one document both win: see README)
 *   kafka     raw kafkajs produce-to-consume: one message at a time (the hop's latency, produce
 *             acks=-1 to the consumer's eachMessage) and 16 senders side by side (messages per second)
 *   bullmq    raw BullMQ delayed jobs: BENCH_ENGINE_JOBS jobs due over BENCH_ENGINE_JOB_SPREAD_S
 *             seconds; lateness = processing start minus due time; and the time of one Queue.add
 *
 * Everything it writes is its own: a collection, a topic and a queue named after the run, removed
 * at the end. Standalone, against a running infrastructure of $CLINIC_FLOW_TEST_PROFILE (default
 * test): node infra/run/bench/engines.js
 * Settings: BENCH_ENGINE_OPS per level (default 2000), BENCH_ENGINE_MESSAGES (default 1000),
 * BENCH_ENGINE_JOBS (default 2000), BENCH_ENGINE_JOB_SPREAD_S (default 20).
 */
const { performance } = require('node:perf_hooks');
const { positiveInt, round1, sleep, summary, standalone } = require('./common');

const LEVELS = [1, 16, 64];

function settings(env = process.env) {
  return {
    ops: positiveInt('BENCH_ENGINE_OPS', env.BENCH_ENGINE_OPS || '2000'),
    messages: positiveInt('BENCH_ENGINE_MESSAGES', env.BENCH_ENGINE_MESSAGES || '1000'),
    jobs: positiveInt('BENCH_ENGINE_JOBS', env.BENCH_ENGINE_JOBS || '2000'),
    jobSpreadMs: positiveInt('BENCH_ENGINE_JOB_SPREAD_S', env.BENCH_ENGINE_JOB_SPREAD_S || '20') * 1000,
  };
}

/** `total` calls of `op(i, worker)` by `concurrency` workers in a closed loop: ops/s and latency. */
async function closedLoop(concurrency, total, op) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < total; i = next++) {
        const t = performance.now();
        await op(i, worker);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const wallMs = performance.now() - started;
  return { concurrency, operations: total, perSecond: round1(total / (wallMs / 1000)), latencyMs: summary(latencies) };
}

/** An appointment-sized document (about 1 KB, like scheduling's with its history and outbox). */
const appointmentLike = (i) => ({
  _id: `bench-${i}-${Math.random().toString(36).slice(2)}`,
  version: 1,
  status: 'booked',
  providerId: `prov-${i % 20}`,
  patientId: `pat-${i}`,
  siteId: 'site-downtown',
  start: new Date(Date.now() + i * 60_000),
  reason: 'x'.repeat(200),
  history: [{ action: 'booked', by: 'bench', at: new Date(), revision: 1 }],
  outbox: [{ id: `evt-${i}`, type: 'appointment.booked', payload: 'y'.repeat(400) }],
});

async function database(env, s, log) {
  const { MongoClient } = require('mongoose').mongo;
  const client = new MongoClient(env.MONGO_URL, { maxPoolSize: 64 });
  await client.connect();
  const collection = client.db('bench_engines').collection(`run_${Date.now().toString(36)}`);
  try {
    const inserts = [];
    for (const concurrency of LEVELS) {
      inserts.push(await closedLoop(concurrency, s.ops, (i) => collection.insertOne(appointmentLike(concurrency * 1_000_000 + i))));
      log(`[bench:engines] database: ${inserts.at(-1).perSecond} inserts/s at concurrency ${concurrency}`);
    }
    const casUpdates = [];
    for (const concurrency of LEVELS) {
      const docs = Array.from({ length: concurrency }, (_, w) => ({ ...appointmentLike(9_000_000 + concurrency * 100 + w), version: 0 }));
      await collection.insertMany(docs);
      const versions = docs.map(() => 0);
      let lost = 0;
      const level = await closedLoop(concurrency, s.ops, async (_i, worker) => {
        const res = await collection.updateOne({ _id: docs[worker]._id, version: versions[worker] }, { $set: { status: 'confirmed' }, $inc: { version: 1 } });
        if (res.modifiedCount === 1) versions[worker]++;
        else lost++;
      });
      casUpdates.push({ ...level, refused: lost });
      log(`[bench:engines] database: ${level.perSecond} compare-and-set updates/s at concurrency ${concurrency}`);
    }
    return { inserts, casUpdates };
  } finally {
    await collection.drop().catch(() => undefined);
    await client.close();
  }
}

async function kafka(env, s, log) {
  const { Kafka, Partitioners, logLevel } = require('kafkajs');
  const run = Date.now().toString(36);
  const topic = `bench.engines.${run}`;
  const client = new Kafka({ clientId: `bench-engines-${run}`, brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = client.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
  const producer = client.producer({ createPartitioner: Partitioners.DefaultPartitioner, idempotent: true });
  const consumer = client.consumer({ groupId: `bench-engines-${run}`, maxWaitTimeInMs: 100 });
  const arrived = new Map();
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
    await consumer.run({ eachMessage: async ({ message }) => void arrived.get(message.key.toString())?.(performance.now()) });
    await joined;
    const send = async (key) => {
      const got = new Promise((resolve) => arrived.set(key, resolve));
      const t = performance.now();
      await producer.send({ topic, acks: -1, messages: [{ key, value: 'z'.repeat(700) }] });
      const receivedAt = await got;
      arrived.delete(key);
      return receivedAt - t;
    };
    // Warm-up (metadata, first fetch), not measured.
    for (let i = 0; i < 20; i++) await send(`warm-${i}`);
    const hops = [];
    for (let i = 0; i < s.messages; i++) hops.push(await send(`one-${i}`));
    const hop = summary(hops);
    log(`[bench:kafka] produce-to-consume one at a time: p50 ${hop.p50} ms, p99 ${hop.p99} ms`);
    const side = await closedLoop(16, s.messages, (i) => send(`many-${i}`));
    log(`[bench:engines] kafka: ${side.perSecond} messages/s produced and consumed by 16 senders`);
    return { hopMs: hop, sixteenSenders: side };
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

async function bullmq(env, s, log) {
  const { Queue, Worker } = require('bullmq');
  const name = `bench-engines-${Date.now().toString(36)}`;
  const connection = { url: env.REDIS_URL };
  const queue = new Queue(name, { connection });
  const lateness = [];
  const seen = new Set();
  let duplicates = 0;
  const worker = new Worker(
    name,
    async (job) => {
      const now = Date.now();
      if (seen.has(job.id)) duplicates++;
      seen.add(job.id);
      lateness.push(now - job.data.dueAt);
    },
    { connection, concurrency: 16 },
  );
  try {
    await worker.waitUntilReady();
    // Time to add every job before the first is due (a few ms each on a quiet machine).
    const leadMs = 5000 + s.jobs * 3;
    const first = Date.now() + leadMs;
    const adds = [];
    let addedAfterDue = 0;
    for (let i = 0; i < s.jobs; i++) {
      const dueAt = first + Math.floor((i * s.jobSpreadMs) / s.jobs);
      const t = performance.now();
      if (Date.now() >= dueAt) addedAfterDue++;
      await queue.add('due', { dueAt }, { jobId: `job-${i}`, delay: Math.max(0, dueAt - Date.now()), removeOnComplete: true });
      adds.push(performance.now() - t);
    }
    const deadline = first + s.jobSpreadMs + 60_000;
    while (seen.size < s.jobs && Date.now() < deadline) await sleep(200);
    const late = summary(lateness);
    log(`[bench:engines] bullmq: ${seen.size}/${s.jobs} delayed jobs ran, lateness p50 ${late.p50} ms, p99 ${late.p99} ms`);
    return { jobs: s.jobs, spreadSeconds: s.jobSpreadMs / 1000, addedAfterDue, ran: seen.size, lost: s.jobs - seen.size, duplicates, latenessMs: late, addMs: summary(adds) };
  } finally {
    await worker.close();
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** ctx = { env (the profile's MONGO_URL, KAFKA_BROKERS, REDIS_URL), log }. */
async function run(ctx) {
  const s = { ...settings(), ...(ctx.settings ?? {}) };
  const log = ctx.log ?? (() => undefined);
  const report = { benchmark: 'engines', database: await database(ctx.env, s, log), kafka: await kafka(ctx.env, s, log), bullmq: await bullmq(ctx.env, s, log) };
  return { report, ok: report.bullmq.lost === 0 && report.bullmq.duplicates === 0 };
}

/**
 * The system's figures over its engines' (bench.js, when both ran): how much of what the engines
 * can do here and now the system turns into work, against the targets of issue 14.
 */
function ratios(report) {
  const out = {};
  const at = (levels, c) => levels?.find((l) => l.concurrency === c);
  const inserts16 = at(report.engines?.database?.inserts, 16)?.perSecond;
  const bookings16 = at(report.booking?.levels, 16)?.bookingsPerSecond;
  if (inserts16 && bookings16) out.bookingsPerSecondOverRawInserts_c16 = { value: round1((bookings16 / inserts16) * 1000) / 1000, target: '>= 0.1' };
  const hop = report.engines?.kafka?.hopMs?.p99;
  const add = report.engines?.bullmq?.addMs?.p99;
  const planned1 = at(report.booking?.levels, 1)?.bookingToRemindersScheduledMs?.p99;
  if (hop && add && planned1) out.reminderPlannedP99OverKafkaHopPlusQueueAdd_c1 = { value: round1((planned1 / (hop + add)) * 100) / 100, target: '<= 2' };
  const planned64 = at(report.booking?.levels, 64)?.bookingToRemindersScheduledMs?.p99;
  if (planned64) out.reminderPlannedP99_c64_ms = { value: planned64, target: '< 1000' };
  const rawLate = report.engines?.bullmq?.latenessMs?.p99;
  const late = report.reminders?.latenessMs?.p99;
  if (rawLate && late) out.reminderLatenessP99OverRawBullmq = { value: round1((late / rawLate) * 100) / 100, target: '<= 1.5' };
  return out;
}

module.exports = { run, settings, ratios };

if (require.main === module) standalone('engines', run);
