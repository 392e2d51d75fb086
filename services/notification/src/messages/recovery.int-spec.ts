import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import IORedis from 'ioredis';
import { SiteScope } from '@clinic-flow/auth';
import { JobQueue, JobReconciler } from '@clinic-flow/messaging';
import { mailsTo, smsTo, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { AppModule } from '../app.module';
import { ContactsRepository } from '../contacts/contacts.repository';
import { AppointmentEventsService } from './appointment-events.service';
import { MessageJobData, MessagesQueue } from './messages.queue';
import { MessagesRepository } from './messages.repository';
import { MessageRecord } from './messages.schema';
import { bookedEvent, notificationTestConfig } from './notification-it.test-support';

/*
 * Redis loses every job (FLUSHALL of the test profile's Redis) while the database still holds the
 * planned messages: the reconciler adds back the jobs of messages still scheduled, each due one
 * runs once, and a message already sent is not sent again. Its periodic tick finds the loss by
 * the marker a full pass leaves in Redis (gone with the flush) and reads nothing while it is there. A message stuck `sending` (its worker
 * died, its job gone) is resolved by the stuck-send rule. Real Redis, FerretDB, MailDev and SMS sink.
 */
describe('jobs lost by Redis are re-planned from the database (real infrastructure)', () => {
  const env = testInfraEnv();
  const run = randomUUID().slice(0, 8);
  const redis = new IORedis(env.REDIS_URL);
  const scope = SiteScope.service('test');
  let app: INestApplication;

  beforeAll(async () => {
    // No periodic pass: the test calls the reconciler itself (the pass at start finds nothing of this run).
    const config = notificationTestConfig(`rec${run}`, { JOBS_RECONCILE_INTERVAL_MS: '0', SEND_STUCK_AFTER_MS: '3000', SEND_LEASE_MS: '3000' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    redis.disconnect();
  });

  async function patient(channel: 'email' | 'sms'): Promise<{ patientId: string; address: string }> {
    const patientId = `p-${randomUUID()}`;
    const address = channel === 'email' ? `rec-${randomUUID().slice(0, 8)}@example.com` : `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    await app.get(ContactsRepository).upsertIfNewer({
      _id: patientId, firstName: 'Rec', ...(channel === 'email' ? { email: address } : { phone: address }),
      preferredChannel: channel, language: 'en', optedOutChannels: [], asOf: new Date(), updatedAt: new Date(),
    });
    return { patientId, address };
  }

  /** Books a visit whose one reminder (PT1H before it) is due `inMs` from now; returns the reminder. */
  async function book(patientId: string, inMs: number): Promise<MessageRecord> {
    const appointmentId = `it-${randomUUID()}`;
    await app.get(AppointmentEventsService).booked(bookedEvent(appointmentId, patientId, new Date(Date.now() + 3600_000 + inMs), run));
    const repo = app.get(MessagesRepository);
    return (await repo.listForAppointment(scope, (await repo.findView(scope, appointmentId))!))[0];
  }

  const statusOf = async (id: string) => (await app.get(MessagesRepository).findMessage(scope, id))?.status;

  it('after FLUSHALL, scheduled messages get their jobs back and go out once; a sent one is not redone', async () => {
    const done = await patient('email');
    const sentBefore = await book(done.patientId, 1500);
    await waitFor(async () => (await statusOf(sentBefore._id)) === 'sent', { what: 'the first reminder to be sent' });

    const a = await patient('email');
    const b = await patient('sms');
    const dueSoon = await book(a.patientId, 5000);
    const dueNow = await book(b.patientId, 3000);
    expect([await statusOf(dueSoon._id), await statusOf(dueNow._id)]).toEqual(['scheduled', 'scheduled']);
    // Redis loses everything: the jobs, the finished job of the sent message, the send markers.
    await redis.flushall();
    expect(await redis.dbsize()).toBe(0);

    const report = await app.get(JobReconciler).reconcile();
    expect(report.failed).toEqual([]);
    // This run's two scheduled messages are re-planned, the sent one is not (other runs' leftovers in the same database may be too).
    expect(report.replanned.reminders).toEqual(expect.arrayContaining([dueSoon._id, dueNow._id]));
    expect(report.replanned.reminders).not.toContain(sentBefore._id);
    const again = await app.get(JobReconciler).reconcile();
    expect(again.replanned.reminders).toEqual([]);

    await waitFor(async () => (await statusOf(dueSoon._id)) === 'sent' && (await statusOf(dueNow._id)) === 'sent', { what: 'both re-planned reminders to be sent', timeoutMs: 30_000 });
    expect(await mailsTo(a.address)).toHaveLength(1);
    expect(await smsTo(b.address)).toHaveLength(1);
    // A later message to the first patient: once it is in the inbox, a second copy of the first would be too.
    const later = await book(done.patientId, 1500);
    await app.get(JobReconciler).reconcile();
    await waitFor(async () => (await mailsTo(done.address)).some((m) => m.messageId?.includes(later._id)), { what: 'the later message' });
    expect((await mailsTo(done.address)).map((m) => m.messageId)).toEqual([expect.stringContaining(sentBefore._id), expect.stringContaining(later._id)]);
  });

  it('a tick reads nothing while Redis keeps the marker; the first tick after FLUSHALL re-plans every scheduled message', async () => {
    const reconciler = app.get(JobReconciler);
    const a = await patient('email');
    const b = await patient('sms');
    const dueSoon = await book(a.patientId, 4000);
    const dueLater = await book(b.patientId, 5000);
    // A full pass leaves the marker; the ticks after it only look at the marker.
    expect((await reconciler.reconcile()).failed).toEqual([]);
    expect(await redis.exists(reconciler.markerKey)).toBe(1);
    expect(reconciler.markerKey).toBe(`itrec${run}:jobs-reconciled:reminders`);
    expect(await reconciler.check()).toBeNull();

    await redis.flushall();
    const report = await reconciler.check();
    expect(report?.failed).toEqual([]);
    expect(report?.replanned.reminders).toEqual(expect.arrayContaining([dueSoon._id, dueLater._id]));
    expect(await redis.exists(reconciler.markerKey)).toBe(1);
    expect(await reconciler.check()).toBeNull();

    await waitFor(async () => (await statusOf(dueSoon._id)) === 'sent' && (await statusOf(dueLater._id)) === 'sent', { what: 'both re-planned reminders to be sent', timeoutMs: 30_000 });
    expect(await mailsTo(a.address)).toHaveLength(1);
    expect(await smsTo(b.address)).toHaveLength(1);
  });

  /** A message whose worker claimed it (`sending`) and died, its job lost with Redis. */
  async function stuck(channel: 'email' | 'sms', marker?: string): Promise<{ message: MessageRecord; address: string }> {
    const who = await patient(channel);
    const message = await book(who.patientId, 60_000);
    await app.get(MessagesRepository).transition(scope, message._id, 'scheduled', { status: 'sending', channel }, [], { attempts: 1 });
    await app.get<JobQueue<MessageJobData>>(MessagesQueue.token).remove(message._id);
    if (marker) await redis.set(`itrec${run}:send:${message._id}`, marker);
    return { message, address: who.address };
  }

  it('a message stuck `sending` past its lease: email without evidence is uncertain (not resent), SMS is resent once, a recorded send is recorded sent', async () => {
    const email = await stuck('email');
    const sms = await stuck('sms');
    const recorded = await stuck('email', 'sent:provider-42');
    // Within the lease nothing is decided.
    await app.get(JobReconciler).reconcile();
    expect(await statusOf(email.message._id)).toBe('sending');

    const resolved = await waitFor(
      async () => {
        await app.get(JobReconciler).reconcile();
        const [e, s, r] = await Promise.all([email, sms, recorded].map((x) => app.get(MessagesRepository).findMessage(scope, x.message._id)));
        return e?.status !== 'sending' && s?.status !== 'sending' && r?.status !== 'sending' && { e: e!, s: s!, r: r! };
      },
      { what: 'the stuck messages to be resolved', timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(resolved.e.status).toBe('uncertain');
    expect(resolved.e.failureReason).toMatch(/may or may not have reached the patient/);
    expect(resolved.r).toMatchObject({ status: 'sent', providerMessageId: 'provider-42' });
    // The SMS was put back and re-planned (due in a minute); the recorded and uncertain ones got no job.
    expect(resolved.s.status).toBe('scheduled');
    const prefix = `itrec${run}`;
    expect(await redis.exists(`${prefix}:reminders:${sms.message._id}`)).toBe(1);
    expect(await redis.exists(`${prefix}:reminders:${email.message._id}`)).toBe(0);
    expect(await redis.exists(`${prefix}:reminders:${recorded.message._id}`)).toBe(0);
    expect(await mailsTo(email.address)).toHaveLength(0);
    expect(await mailsTo(recorded.address)).toHaveLength(0);
  });
});
