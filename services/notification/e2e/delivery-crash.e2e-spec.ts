import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { MongoClient } from 'mongodb';
import { E2E_JOB_TIMING, smsTo, testDataKeys, testInfraEnv, testTokenKeys, waitFor } from '@clinic-flow/testing';

const CHILD = path.join(__dirname, 'notification-crash-child.js');

/**
 * A real crash between sending and recording: a notification process (the built service module,
 * its own database and queue) is killed with SIGKILL right after the SMS provider accepted a
 * reminder and before the delivery is written. A fresh process takes the stalled job over (BullMQ
 * notices the dead worker's lock expire, in seconds with the e2e job timing), records the delivery
 * and sends nothing a second time.
 */
describe('delivery survives a process killed between send and record (real processes)', () => {
  const env = testInfraEnv();
  const run = randomUUID().slice(0, 8);
  const dbName = `e2e_crash_${run}`;
  const prefix = `crash${run}`;
  const mongo = new MongoClient(env.MONGO_URL);
  const redis = new IORedis(env.REDIS_URL);
  const children: ChildProcess[] = [];

  const childEnv = (extra: Record<string, string>) => ({
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    KAFKA_BROKERS: env.KAFKA_BROKERS,
    MONGO_URL: env.MONGO_URL,
    MONGO_DB: dbName,
    REDIS_URL: env.REDIS_URL,
    SMTP_URL: env.SMTP_URL,
    SMS_API_URL: env.SMS_SINK_URL,
    JWT_PUBLIC_KEYS: testTokenKeys().JWT_PUBLIC_KEYS,
    NOTIFICATION_SECRET: 'e2e-crash-notification-secret-0123456789abcdefgh',
    // Notification seals contacts and message snapshots: it does not start without data keys.
    ...testDataKeys(),
    LOG_LEVEL: 'silent',
    QUEUE_PREFIX: prefix,
    QUIET_HOURS: 'off',
    REMINDER_OFFSETS: 'PT1H',
    REMINDER_BACKOFF_MS: '200',
    // The dead process's lock expires in seconds, so the takeover does not wait BullMQ's 30 s.
    ...E2E_JOB_TIMING,
    ...(process.env.CLINIC_FLOW_DIST_DIR ? { CLINIC_FLOW_DIST_DIR: process.env.CLINIC_FLOW_DIST_DIR } : {}),
    ...extra,
  });
  const start = (extra: Record<string, string>) => {
    const child = spawn(process.execPath, [CHILD], { env: childEnv(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    children.push(child);
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    return { child, exited, output: () => output };
  };
  const reminderOf = (appointmentId: string) => mongo.db(dbName).collection<{ _id: string; status: string; attempts: number }>('reminders').findOne({ appointmentId });

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await mongo.db(dbName).dropDatabase().catch(() => undefined);
    await mongo.close();
    redis.disconnect();
  });

  it('the provider accepted, SIGKILL before the record: the next process records it sent, one SMS in all', async () => {
    const appointmentId = `crash-${run}`;
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const first = start({ CRASH_AFTER_SEND: '1', PLAN: JSON.stringify({ appointmentId, patientId: `p-${run}`, phone }) });
    const died = await Promise.race([first.exited, new Promise<null>((r) => setTimeout(() => r(null), 60_000))]);
    expect({ died, output: died?.signal === 'SIGKILL' ? '' : first.output() }).toEqual({ died: { code: null, signal: 'SIGKILL' }, output: '' });

    // What the crash left: the provider has the message, our record still says "sending".
    const sms = await smsTo(phone);
    expect(sms).toHaveLength(1);
    const pending = await reminderOf(appointmentId);
    expect(pending).toMatchObject({ status: 'sending', attempts: 1 });
    expect(await redis.get(`${prefix}:send:${pending!._id}`)).toBe(`sent:${sms[0].id}`);

    const second = start({});
    await waitFor(async () => second.output().includes('ready'), { what: 'the second notification process', timeoutMs: 30_000 });
    const sent = await waitFor(async () => {
      const r = await reminderOf(appointmentId);
      return r?.status === 'sent' && r;
    }, { what: 'the stalled reminder to be taken over and recorded sent', timeoutMs: 30_000, intervalMs: 250 });
    expect(sent.attempts).toBe(2);
    // The job of that message is done (no attempt of it runs again), and a send of it could only
    // have come before the record.
    const queue = new Queue('reminders', { connection: { url: env.REDIS_URL }, prefix });
    try {
      await waitFor(async () => (await queue.getJobState(sent._id)) === 'completed', { what: 'the job of the reminder to complete' });
    } finally {
      await queue.close();
    }
    expect(await smsTo(phone)).toHaveLength(1);
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 240_000);
});
