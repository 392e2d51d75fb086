import { randomUUID } from 'node:crypto';
import { Global, INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import IORedis from 'ioredis';
import { SiteScope } from '@clinic-flow/auth';
import { mailsTo, smsTo, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { AppModule } from '../app.module';
import { SEND_FAULTS, SendFaults } from '../channels/channel';
import { ContactsRepository } from '../contacts/contacts.repository';
import { IdempotentChannel } from '../channels/idempotent.channel';
import { SmsChannel } from '../channels/sms.channel';
import { AppointmentEventsService } from './appointment-events.service';
import { bookedEvent, notificationTestConfig } from './notification-it.test-support';
import { MessagesRepository } from './messages.repository';

/**
 * The crash between handing a message to the provider and recording it: the provider accepted,
 * the service died before writing `sent`. Recovery (the BullMQ retry, or the stalled-job re-run
 * after a real process death) must not send a second message and must end `sent`.
 * The notification module runs in-process against the real Redis, FerretDB, MailDev and SMS sink,
 * with its own database and queue prefix.
 */
describe('delivery: crash between send and record (real infrastructure)', () => {
  const env = testInfraEnv();
  const run = randomUUID().slice(0, 8);
  const faults: SendFaults & { crashes: string[] } = { crashes: [] };
  let app: INestApplication;
  const redis = new IORedis(env.REDIS_URL);

  @Global()
  @Module({ providers: [{ provide: SEND_FAULTS, useValue: faults }], exports: [SEND_FAULTS] })
  class FaultsModule {}

  beforeAll(async () => {
    const config = notificationTestConfig(run, { REMINDER_BACKOFF_MS: '200', SEND_LEASE_MS: '2000' });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config), FaultsModule] }).compile();
    app = moduleRef.createNestApplication();
    await app.init();
  });
  afterAll(async () => {
    await app?.close();
    redis.disconnect();
  });

  async function bookDueNow(patientId: string): Promise<string> {
    const appointmentId = `it-${randomUUID()}`;
    const event = bookedEvent(appointmentId, patientId, new Date(Date.now() + 3600_000 + 1500), run);
    await app.get(AppointmentEventsService).booked(event);
    return appointmentId;
  }

  const reminderOf = async (appointmentId: string) => {
    const repo = app.get(MessagesRepository);
    const view = await repo.findView(SiteScope.service('test'), appointmentId);
    return (await repo.listForAppointment(SiteScope.service('test'), view!))[0];
  };

  it('the provider accepted, the process died before recording: the retry records `sent` and nothing is sent twice', async () => {
    const patientId = `p-${randomUUID()}`;
    const email = `crash-${run}@example.com`;
    await app.get(ContactsRepository).upsertIfNewer({ _id: patientId, firstName: 'Crash', email, preferredChannel: 'email', language: 'en', optedOutChannels: [], asOf: new Date(), updatedAt: new Date() });
    faults.afterSend = (messageId) => {
      if (faults.crashes.includes(messageId)) return;
      faults.crashes.push(messageId);
      throw new Error('simulated crash between send and record');
    };
    const appointmentId = await bookDueNow(patientId);

    const sent = await waitFor(async () => {
      const r = await reminderOf(appointmentId);
      return r?.status === 'sent' && r;
    }, { what: 'the reminder to end sent', timeoutMs: 30_000 });
    expect(faults.crashes).toEqual([sent._id]);
    expect(sent.attempts).toBe(2);
    expect(await redis.get(`it${run}:send:${sent._id}`)).toMatch(/^sent:/);
    // A later message to the same patient, sent after this one ended: once it is in the inbox, a
    // second copy of the first (which could only have gone out before it was recorded) would be too.
    faults.afterSend = undefined;
    const later = await reminderOf(await bookDueNow(patientId));
    await waitFor(async () => (await mailsTo(email)).some((m) => m.messageId?.includes(later._id)), { what: 'the later message', timeoutMs: 30_000 });
    const mails = await mailsTo(email);
    expect(mails.map((m) => m.messageId)).toEqual(expect.arrayContaining([expect.stringContaining(sent._id), expect.stringContaining(later._id)]));
    expect(mails).toHaveLength(2);
  });

  it('the process died during the provider call (marker left `sending`): after the lease the resend carries the same key and the provider drops it', async () => {
    const phone = `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    // What a process dying mid-call leaves behind: the provider got the message, our marker says `sending`.
    const messageId = `rem_it-${randomUUID()}_PT1H_x`;
    await fetch(`${env.SMS_SINK_URL}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ to: phone, body: 'Reminder (sent before the crash)', idempotencyKey: messageId }) });
    await redis.set(`it${run}:send:${messageId}`, `sending:${Date.now() - 5000}`);
    const channel = new IdempotentChannel(new SmsChannel(env.SMS_SINK_URL), redis, { prefix: `it${run}`, leaseMs: 2000 });
    const result = await channel.send({ to: phone, subject: '', text: 'Reminder (resent after recovery)', idempotencyKey: messageId });
    expect(result.providerMessageId).toBeTruthy();
    const received = await smsTo(phone);
    expect(received).toHaveLength(1);
    expect(received[0].body).toBe('Reminder (sent before the crash)');
    expect(await redis.get(`it${run}:send:${messageId}`)).toBe(`sent:${received[0].id}`);
    // A fresh marker (another attempt mid-call) is never taken over.
    await redis.set(`it${run}:send:${messageId}-2`, `sending:${Date.now()}`);
    await expect(channel.send({ to: phone, subject: '', text: 'x', idempotencyKey: `${messageId}-2` })).rejects.toThrow('being sent by another attempt');
  });
});
