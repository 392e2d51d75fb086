'use strict';
/*
 * Reminder timing benchmark: 10,000 appointment reminders due over a few minutes; how late does
 * each go out, and is any lost or sent twice?
 *
 * Input path (what scheduling and patient-records would do, straight to Kafka): BENCH_REMINDER_PATIENTS
 * `patient.registered` events (half prefer email, half SMS), a reminder policy for a bench appointment
 * type with one step (PT1M) set through the gateway as an office manager, then BENCH_REMINDERS
 * `appointment.booked` events whose reminders fall evenly over BENCH_REMINDER_SPREAD_S seconds,
 * starting BENCH_REMINDER_LEAD_S seconds after publishing begins (time for notification to plan them).
 *
 * Measured from the `notification.sent` events (one per message, with scheduledFor and sentAt):
 * lateness = sentAt - scheduledFor (sentAt is taken after the provider accepted), p50/p99/max;
 * lost = planned messages never reported sent; duplicates = a message id reported twice, or a second
 * message with the same idempotency key at the SMS sink or Message-ID in the MailDev inbox.
 * Also reported: how fast the booking events were planned (first to last reminder created).
 *
 * Needs notification with quiet hours off (exports.overrides). Standalone, against a system already
 * running on $CLINIC_FLOW_TEST_PROFILE (default test): node infra/run/bench/reminders.js
 */
const crypto = require('node:crypto');
const { Kafka, Partitioners, logLevel } = require('kafkajs');

const TOPICS = {
  appointments: 'clinic.scheduling.appointment.v1',
  patients: 'clinic.patient-records.patient.v1',
  notifications: 'clinic.notification.message.v1',
};
const OFFSET_MS = 60_000;
const BATCH = 500;

const { round1, sleep, summary, standalone } = require('./common');

function settings(env = process.env) {
  const int = (name, fallback) => {
    const n = Number(env[name] ?? fallback);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer`);
    return n;
  };
  return {
    reminders: int('BENCH_REMINDERS', 10_000),
    patients: int('BENCH_REMINDER_PATIENTS', 200),
    leadMs: int('BENCH_REMINDER_LEAD_S', 240) * 1000,
    spreadMs: int('BENCH_REMINDER_SPREAD_S', 180) * 1000,
    graceMs: int('BENCH_REMINDER_GRACE_S', 300) * 1000,
  };
}

function envelope(type, source, subject, siteId, data) {
  const id = crypto.randomUUID();
  return { id, type, version: 1, source, time: new Date().toISOString(), subject, siteId, correlationId: `bench-${id}`, causationId: null, data };
}

async function sendAll(producer, topic, envelopes) {
  for (let i = 0; i < envelopes.length; i += BATCH) {
    await producer.send({ topic, messages: envelopes.slice(i, i + BATCH).map((e) => ({ key: e.subject, value: JSON.stringify(e) })) });
  }
}

async function run(ctx) {
  const s = settings();
  const log = ctx.log ?? (() => undefined);
  const env = ctx.env ?? require('../../infra').profile(process.env.CLINIC_FLOW_TEST_PROFILE || 'test').env;
  const runId = Date.now().toString(36);
  const typeId = `bench-reminders-${runId}`;

  const token = await ctx.login('office-manager');
  const put = await fetch(`${ctx.gatewayUrl}/api/v1/reminder-policies/appointment-types/${typeId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ steps: [{ offset: 'PT1M' }], quietHours: null }),
  });
  if (put.status !== 200) throw new Error(`reminder policy not stored: ${put.status} ${await put.text()}`);

  const kafka = new Kafka({ clientId: `bench-reminders-${runId}`, brokers: env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  const consumer = kafka.consumer({ groupId: `bench-reminders-${runId}` });
  const sent = new Map();
  let duplicateEvents = 0;
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [TOPICS.notifications], fromBeginning: false });
  const prefix = `rem_bench-${runId}-`;
  await consumer.run({
    eachMessage: async ({ message }) => {
      const e = JSON.parse(message.value.toString());
      if (e.type !== 'notification.sent' || !e.data.messageId.startsWith(prefix)) return;
      if (sent.has(e.data.messageId)) duplicateEvents++;
      else sent.set(e.data.messageId, e.data);
    },
  });
  // Let the group join before anything can be sent.
  await sleep(3000);

  const patients = Array.from({ length: s.patients }, (_, i) => {
    const id = `bench-${runId}-p${i}`;
    const byEmail = i % 2 === 0;
    return {
      patientId: id,
      mrn: `MRN-B${i}`,
      firstName: 'Bench',
      lastName: `Patient${i}`,
      dateOfBirth: '1980-01-01',
      preferredChannel: byEmail ? 'email' : 'sms',
      email: `bench-${runId}-${i}@example.com`,
      phone: `+1555${String(Number.parseInt(runId.slice(-4), 36) % 1000).padStart(3, '0')}${String(i).padStart(4, '0')}`,
      registeredAtSiteId: 'site-downtown',
      language: i % 4 === 1 ? 'es' : 'en',
      optedOutChannels: [],
    };
  });
  await sendAll(producer, TOPICS.patients, patients.map((p) => envelope('patient.registered', 'patient-records', p.patientId, 'site-downtown', p)));
  log(`[reminders] ${patients.length} patients published; planning ${s.reminders} reminders`);

  const publishStarted = Date.now();
  const firstDue = publishStarted + s.leadMs;
  const bookings = Array.from({ length: s.reminders }, (_, i) => {
    const due = firstDue + Math.floor((i * s.spreadMs) / s.reminders);
    const start = new Date(due + OFFSET_MS);
    const appointmentId = `bench-${runId}-${i}`;
    return envelope('appointment.booked', 'scheduling', appointmentId, 'site-downtown', {
      appointmentId,
      patientId: patients[i % patients.length].patientId,
      providerId: 'prov-ana-ruiz',
      providerName: 'Dr. Ana Ruiz',
      siteId: 'site-downtown',
      siteName: 'Downtown Family Clinic',
      siteTimeZone: 'America/New_York',
      start: start.toISOString(),
      end: new Date(start.getTime() + 15 * 60_000).toISOString(),
      durationMinutes: 15,
      reason: 'Benchmark',
      status: 'booked',
      bookedBy: 'bench',
      appointmentTypeId: typeId,
      appointmentTypeName: 'Benchmark visit',
      revision: 1,
    });
  });
  await sendAll(producer, TOPICS.appointments, bookings);
  const publishMs = Date.now() - publishStarted;
  log(`[reminders] ${bookings.length} bookings published in ${(publishMs / 1000).toFixed(1)}s; reminders due from +${s.leadMs / 1000}s over ${s.spreadMs / 1000}s`);

  const deadline = firstDue + s.spreadMs + s.graceMs;
  let lastLog = 0;
  while (sent.size < s.reminders && Date.now() < deadline) {
    await sleep(2000);
    if (Date.now() - lastLog > 15_000) {
      lastLog = Date.now();
      log(`[reminders] ${sent.size}/${s.reminders} sent`);
    }
  }
  // Late duplicates would arrive after the last first copy: give them a moment.
  await sleep(5000);
  await consumer.disconnect();
  await producer.disconnect();

  const lateness = [...sent.values()].map((d) => Date.parse(d.sentAt) - Date.parse(d.scheduledFor));
  const byChannel = { email: 0, sms: 0 };
  for (const d of sent.values()) byChannel[d.channel]++;

  // What the sinks received: one message per idempotency key (SMS) / Message-ID (email)?
  const smsKeys = new Map();
  for (const p of patients.filter((x) => x.preferredChannel === 'sms')) {
    const res = await fetch(`${env.SMS_SINK_URL}/messages?to=${encodeURIComponent(p.phone)}`);
    for (const m of (await res.json()).items) if (m.idempotencyKey?.startsWith(prefix)) smsKeys.set(m.idempotencyKey, (smsKeys.get(m.idempotencyKey) ?? 0) + 1);
  }
  const mailIds = new Map();
  const mails = await (await fetch(`${env.MAIL_API_URL}/email`)).json();
  for (const m of mails) {
    const id = (m.messageId ?? '').replace(/^<|@.*$/g, '');
    if (id.startsWith(prefix)) mailIds.set(id, (mailIds.get(id) ?? 0) + 1);
  }
  const dupes = (map) => [...map.values()].filter((n) => n > 1).length;

  const report = {
    input: `${s.reminders} appointment.booked events to Kafka (${s.patients} patients, email/SMS alternating), policy PT1M, due over ${s.spreadMs / 1000}s from +${s.leadMs / 1000}s`,
    publishSeconds: round1(publishMs / 1000),
    planned: s.reminders,
    sent: sent.size,
    lost: s.reminders - sent.size,
    duplicateSentEvents: duplicateEvents,
    byChannel,
    latenessMs: summary(lateness),
    sinks: { smsMessages: smsKeys.size, smsDuplicateKeys: dupes(smsKeys), emails: mailIds.size, emailDuplicateMessageIds: dupes(mailIds) },
  };
  const ok = report.lost === 0 && duplicateEvents === 0 && report.sinks.smsDuplicateKeys === 0 && report.sinks.emailDuplicateMessageIds === 0;
  return { report, ok };
}

/** Notification settings for this benchmark: quiet hours off (it runs at any hour), more workers. */
const overrides = { notification: { QUIET_HOURS: 'off', WORKER_CONCURRENCY: '32' } };

module.exports = { run, overrides, settings };

if (require.main === module) standalone('reminders', run);
