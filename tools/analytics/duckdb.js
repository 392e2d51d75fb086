'use strict';
/*
 * `npm run analytics:duckdb`: what an analytics consumer does with its de-identified streams
 * (README "Analytics streams"). Reads the consumer's topics `clinic.analytics.<consumer>.*.v1`
 * from the beginning to their current end, loads them into DuckDB (one row per record id: a replay
 * may publish a record twice), and prints one JSON document with the standard reports:
 * no-show rate by site, appointment type and week; reminder delivery and confirmation rates
 * by channel; claims' denial rate and days to payment by payer and month.
 *
 *   npm run analytics:duckdb                                   # dev profile, consumer "research"
 *   npm run analytics:duckdb -- --consumer quality             # another registered consumer
 *   npm run analytics:duckdb -- --profile test-c --type <appointment type id>
 *   npm run analytics:duckdb -- --consumer quality --payer <payer id>   # one payer's claims
 *   npm run analytics:duckdb -- --db analytics.duckdb          # keep the tables, query them with SQL later
 *   KAFKA_BROKERS=kafka:9092 npm run analytics:duckdb          # a deployment's brokers
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { randomUUID } = require('node:crypto');

const ROOT = path.resolve(__dirname, '..', '..');
const STREAMS = ['appointment', 'message', 'eligibility', 'claim'];

/** Columns of each table: every field the record contracts (libs/contracts/src/analytics.ts) define, plus the Kafka offset. */
const COLUMNS = {
  appointment: {
    id: 'VARCHAR', type: 'VARCHAR', version: 'INTEGER', year: 'INTEGER', week: 'VARCHAR', month: 'VARCHAR', siteId: 'VARCHAR', patient: 'VARCHAR',
    appointment: 'VARCHAR', appointmentTypeId: 'VARCHAR', appointmentTypeName: 'VARCHAR', leadTimeDays: 'INTEGER', hourOfDay: 'INTEGER',
    durationMinutes: 'INTEGER', telehealth: 'BOOLEAN', fromWaitlist: 'BOOLEAN', age: 'VARCHAR', zip3: 'VARCHAR', party: 'VARCHAR',
    noticeDays: 'INTEGER', via: 'VARCHAR', automatic: 'BOOLEAN', _partition: 'INTEGER', _offset: 'BIGINT',
  },
  message: {
    id: 'VARCHAR', type: 'VARCHAR', version: 'INTEGER', year: 'INTEGER', week: 'VARCHAR', month: 'VARCHAR', siteId: 'VARCHAR', patient: 'VARCHAR',
    message: 'VARCHAR', appointment: 'VARCHAR', kind: 'VARCHAR', channel: 'VARCHAR', attempts: 'INTEGER', action: 'VARCHAR', via: 'VARCHAR',
    _partition: 'INTEGER', _offset: 'BIGINT',
  },
  eligibility: {
    id: 'VARCHAR', type: 'VARCHAR', version: 'INTEGER', year: 'INTEGER', week: 'VARCHAR', month: 'VARCHAR', siteId: 'VARCHAR', patient: 'VARCHAR',
    appointment: 'VARCHAR', payerId: 'VARCHAR', status: 'VARCHAR', reason: 'VARCHAR', trigger: 'VARCHAR', order: 'VARCHAR',
    _partition: 'INTEGER', _offset: 'BIGINT',
  },
  claim: {
    id: 'VARCHAR', type: 'VARCHAR', version: 'INTEGER', year: 'INTEGER', week: 'VARCHAR', month: 'VARCHAR', siteId: 'VARCHAR', patient: 'VARCHAR',
    claim: 'VARCHAR', payerId: 'VARCHAR', order: 'VARCHAR', frequency: 'VARCHAR', chargeCents: 'BIGINT', paidCents: 'BIGINT',
    patientResponsibilityCents: 'BIGINT', deniedCents: 'BIGINT', adjustmentReasons: 'VARCHAR[]', remarkCodes: 'VARCHAR[]', daysToPayment: 'INTEGER',
    rejectedBy: 'VARCHAR', partial: 'BOOLEAN', _partition: 'INTEGER', _offset: 'BIGINT',
  },
};

/**
 * No-show rate by site, appointment type and week (the visit's week: a rescheduled visit counts in
 * its last week). An appointment's outcome is its last of cancelled, no-show, checked in, completed;
 * the rate is no-shows among the visits that were due and reached an outcome (attended or no-show).
 */
const NO_SHOW_SQL = `
WITH visit AS (
  SELECT appointment,
    arg_max(siteId, _offset) FILTER (WHERE type IN ('appointment.booked', 'appointment.rescheduled')) AS site_id,
    max(appointmentTypeId) FILTER (WHERE type = 'appointment.booked') AS appointment_type_id,
    max(appointmentTypeName) FILTER (WHERE type = 'appointment.booked') AS appointment_type,
    arg_max(coalesce(week, month, CAST(year AS VARCHAR)), _offset) FILTER (WHERE type IN ('appointment.booked', 'appointment.rescheduled')) AS period,
    arg_max(type, _offset) FILTER (WHERE type IN ('appointment.cancelled', 'appointment.no-show', 'appointment.checked-in', 'appointment.completed')) AS outcome
  FROM appointment_events GROUP BY appointment
)
SELECT site_id, appointment_type_id, appointment_type, period,
  CAST(count(*) AS INTEGER) AS appointments,
  CAST(count(*) FILTER (WHERE outcome = 'appointment.cancelled') AS INTEGER) AS cancelled,
  CAST(count(*) FILTER (WHERE outcome = 'appointment.no-show') AS INTEGER) AS no_shows,
  CAST(count(*) FILTER (WHERE outcome IN ('appointment.checked-in', 'appointment.completed')) AS INTEGER) AS attended,
  round(count(*) FILTER (WHERE outcome = 'appointment.no-show')
    / nullif(count(*) FILTER (WHERE outcome IN ('appointment.no-show', 'appointment.checked-in', 'appointment.completed')), 0), 4) AS no_show_rate
FROM visit
WHERE appointment_type_id IS NOT NULL AND ($type = '' OR appointment_type_id = $type)
GROUP BY ALL
ORDER BY site_id, appointment_type_id, period`;

/**
 * Reminder delivery and confirmation by channel: appointment reminders, each counted once;
 * delivery rate = sent / (sent + failed) ("sent": the channel took it; the providers report no
 * delivery receipts), confirmation rate = confirmed from the reminder / sent. Skipped reminders
 * (no usable channel, quiet hours past their deadline) have no channel.
 */
const REMINDER_SQL = `
WITH msg AS (
  SELECT message,
    any_value(channel) FILTER (WHERE channel IS NOT NULL) AS channel,
    any_value(kind) FILTER (WHERE kind IS NOT NULL) AS kind,
    any_value(appointment) FILTER (WHERE appointment IS NOT NULL) AS appointment,
    bool_or(type = 'message.sent') AS sent,
    bool_or(type = 'message.failed') AS failed,
    bool_or(type = 'message.skipped') AS skipped,
    bool_or(type = 'message.answered' AND action = 'confirm') AS confirmed
  FROM message_events GROUP BY message
)
SELECT coalesce(channel, 'none') AS channel,
  CAST(count(*) AS INTEGER) AS reminders,
  CAST(count(*) FILTER (WHERE sent) AS INTEGER) AS sent,
  CAST(count(*) FILTER (WHERE failed AND NOT sent) AS INTEGER) AS failed,
  CAST(count(*) FILTER (WHERE skipped) AS INTEGER) AS skipped,
  CAST(count(*) FILTER (WHERE confirmed) AS INTEGER) AS confirmed,
  round(count(*) FILTER (WHERE sent) / nullif(count(*) FILTER (WHERE sent OR failed), 0), 4) AS delivery_rate,
  round(count(*) FILTER (WHERE confirmed) / nullif(count(*) FILTER (WHERE sent), 0), 4) AS confirmation_rate
FROM msg
WHERE kind = 'appointment-reminder'
  AND ($type = '' OR appointment IN (SELECT appointment FROM appointment_events WHERE type = 'appointment.booked' AND appointmentTypeId = $type))
GROUP BY ALL
ORDER BY channel`;

/**
 * Claims' denial rate and days to payment by payer and month (the period of the claim's first
 * adjudication: its 835's payment date; a consumer registered for weeks gets weeks). A claim counts
 * once, by its first outcome of paid (in full or in part) or denied; a later reversal (a void or
 * replacement, which is a claim of its own) does not change it. Days to payment: from the claim's
 * last submission to the 835's payment date, over paid claims. The CARCs of the denials, most
 * frequent first, say why.
 */
const CLAIMS_SQL = `
WITH outcome AS (
  SELECT claim,
    any_value(payerId) AS payer_id,
    arg_min(coalesce(month, week, CAST(year AS VARCHAR)), _offset) AS period,
    arg_min(type, _offset) AS outcome,
    arg_min(daysToPayment, _offset) AS days_to_payment,
    arg_min(paidCents, _offset) AS paid_cents,
    arg_min(deniedCents, _offset) AS denied_cents,
    arg_min(adjustmentReasons, _offset) AS reasons
  FROM claim_events
  WHERE type IN ('claim.paid', 'claim.denied')
  GROUP BY claim
)
SELECT payer_id, period,
  CAST(count(*) AS INTEGER) AS adjudicated,
  CAST(count(*) FILTER (WHERE outcome = 'claim.paid') AS INTEGER) AS paid,
  CAST(count(*) FILTER (WHERE outcome = 'claim.denied') AS INTEGER) AS denied,
  round(count(*) FILTER (WHERE outcome = 'claim.denied') / count(*), 4) AS denial_rate,
  round(avg(days_to_payment) FILTER (WHERE outcome = 'claim.paid'), 1) AS avg_days_to_payment,
  CAST(max(days_to_payment) FILTER (WHERE outcome = 'claim.paid') AS INTEGER) AS max_days_to_payment,
  CAST(coalesce(sum(paid_cents), 0) AS DOUBLE) AS paid_cents,
  CAST(coalesce(sum(denied_cents), 0) AS DOUBLE) AS denied_cents,
  coalesce(list_sort(list_distinct(flatten(list(reasons) FILTER (WHERE outcome = 'claim.denied' AND reasons IS NOT NULL)))), CAST([] AS VARCHAR[])) AS denial_reasons
FROM outcome
WHERE $payer = '' OR payer_id = $payer
GROUP BY ALL
ORDER BY payer_id, period`;

function parseArgs(argv) {
  const args = { profile: process.env.CLINIC_FLOW_PROFILE || 'dev', consumer: 'research', db: ':memory:', type: null, payer: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${name} needs a value`);
    if (name === '--profile') args.profile = value;
    else if (name === '--consumer') args.consumer = value;
    else if (name === '--db') args.db = value;
    else if (name === '--type') args.type = value;
    else if (name === '--payer') args.payer = value;
    else throw new Error(`unknown argument ${name} (use --profile, --consumer, --type, --payer, --db)`);
  }
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(args.consumer)) throw new Error(`--consumer ${args.consumer}: not a consumer name`);
  return args;
}

/** Every record of the topics from the beginning to the end they had when reading started, with partition and offset. */
async function readTopics(brokers, topics) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({ clientId: `analytics-duckdb-${randomUUID().slice(0, 8)}`, brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  if (!present.length) {
    await admin.disconnect();
    throw new Error(`no such topics: ${topics.join(', ')} (is the consumer registered in ANALYTICS_CONSUMERS?)`);
  }
  // A stream added by a newer build has no topic until patient-records runs that build: read as empty.
  for (const t of topics.filter((t) => !existing.has(t))) process.stderr.write(`analytics:duckdb: no topic ${t} yet; read as empty\n`);
  const pending = new Map();
  for (const topic of present) {
    for (const p of await admin.fetchTopicOffsets(topic)) {
      if (BigInt(p.high) > BigInt(p.low)) pending.set(`${topic}/${p.partition}`, BigInt(p.high) - 1n);
    }
  }
  await admin.disconnect();
  const rows = Object.fromEntries(topics.map((t) => [t, []]));
  if (!pending.size) return rows;
  // A group of its own that never commits: the consumer's position elsewhere is not touched.
  const consumer = kafka.consumer({ groupId: `analytics-duckdb-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: present, fromBeginning: true });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out reading ${[...pending.keys()].join(', ')}`)), 120_000);
    consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }) => {
          const last = pending.get(`${topic}/${partition}`);
          if (last === undefined) return;
          rows[topic].push({ ...JSON.parse(message.value.toString()), _partition: partition, _offset: Number(message.offset) });
          if (BigInt(message.offset) >= last) pending.delete(`${topic}/${partition}`);
          if (!pending.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return rows;
}

/**
 * Loads records (per stream, each with its Kafka `_partition` and `_offset`) into DuckDB, as tables
 * appointment_events, message_events, eligibility_events and claim_events, and runs the reports (the
 * appointment ones for one appointment type or all, the claims one for one payer or all).
 */
async function analyze(records, { db = ':memory:', type = null, payer = null } = {}) {
  const { DuckDBInstance } = require('@duckdb/node-api');
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analytics-duckdb-'));
  const loaded = {};
  try {
    for (const stream of STREAMS) {
      const file = path.join(dir, `${stream}.ndjson`);
      fs.writeFileSync(file, (records[stream] ?? []).map((r) => JSON.stringify(r)).join('\n'));
      const columns = Object.entries(COLUMNS[stream]).map(([name, t]) => `'${name}': '${t}'`).join(', ');
      // One row per record id, the first seen (a record published twice is the same record).
      await connection.run(`CREATE OR REPLACE TABLE ${stream}_events AS
        SELECT * EXCLUDE (rn) FROM (
          SELECT *, row_number() OVER (PARTITION BY id ORDER BY _offset) AS rn
          FROM read_json('${file.replace(/'/g, "''")}', format = 'newline_delimited', columns = {${columns}})
        ) WHERE rn = 1`);
      const count = await connection.runAndReadAll(`SELECT CAST(count(*) AS INTEGER) AS n FROM ${stream}_events`);
      loaded[stream] = count.getRowObjectsJson()[0].n;
    }
    const noShowRate = (await connection.runAndReadAll(NO_SHOW_SQL, { type: type ?? '' })).getRowObjectsJson();
    const reminderRates = (await connection.runAndReadAll(REMINDER_SQL, { type: type ?? '' })).getRowObjectsJson();
    const claims = (await connection.runAndReadAll(CLAIMS_SQL, { payer: payer ?? '' })).getRowObjectsJson();
    return { loaded, noShowRate, reminderRates, claims };
  } finally {
    connection.closeSync();
    instance.closeSync();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Reads a consumer's analytics topics from the beginning and reports on them (see analyze). */
async function report({ brokers, consumer, db = ':memory:', type = null, payer = null }) {
  const topics = Object.fromEntries(STREAMS.map((s) => [s, `clinic.analytics.${consumer}.${s}.v1`]));
  const rows = await readTopics(brokers, Object.values(topics));
  const records = Object.fromEntries(STREAMS.map((s) => [s, rows[topics[s]]]));
  return { consumer, topics: Object.values(topics), ...(await analyze(records, { db, type, payer })) };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const brokers = (process.env.KAFKA_BROKERS || require(path.join(ROOT, 'infra/lib/profile.js')).profile(args.profile).env.KAFKA_BROKERS).split(',');
  const result = await report({ brokers, consumer: args.consumer, db: args.db, type: args.type, payer: args.payer });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`analytics:duckdb failed: ${error.message}\n`);
    process.exitCode = 1;
  });
}

module.exports = { report, analyze, readTopics };
