import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { SiteScope } from '@clinic-flow/auth';
import { NotificationFailedV1, Topics } from '@clinic-flow/contracts';
import { workContext } from '@clinic-flow/platform';
import { KafkaProbe, waitFor } from '@clinic-flow/testing';
import { AppModule } from '../app.module';
import { ContactsRepository } from '../contacts/contacts.repository';
import { AppointmentEventsService } from './appointment-events.service';
import { bookedEvent, notificationTestConfig } from './notification-it.test-support';
import { MessagesRepository } from './messages.repository';

/**
 * A message whose provider keeps failing: after its last attempt the message ends `failed` with
 * the provider's error and `notification.failed` is published (through the outbox), instead of
 * staying `scheduled` or `sending`. The SMS provider here is a real HTTP server that answers 503
 * to every message; everything else is the real Redis, FerretDB and Kafka.
 */
describe('delivery: a provider that keeps failing (real infrastructure)', () => {
  const run = randomUUID().slice(0, 8);
  const probe = new KafkaProbe();
  const providerCalls: string[] = [];
  let provider: http.Server;
  let app: INestApplication;

  beforeAll(async () => {
    provider = http.createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/messages') providerCalls.push(String(req.headers['idempotency-key']));
      const status = req.url === '/health' ? 200 : 503;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: status === 503 ? 'carrier unavailable' : 'ok' }));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const config = notificationTestConfig(`fail_${run}`, {
      SMS_API_URL: `http://127.0.0.1:${(provider.address() as AddressInfo).port}`,
      REMINDER_ATTEMPTS: '3',
      REMINDER_BACKOFF_MS: '100',
    });
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.register(config)] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await probe.record([Topics.notifications]);
  });
  afterAll(async () => {
    await probe.close();
    await app?.close();
    await new Promise((resolve) => provider?.close(resolve));
  });

  it('ends `failed` with the error after the last attempt and publishes notification.failed', async () => {
    const patientId = `p-${randomUUID()}`;
    const appointmentId = `it-fail-${randomUUID()}`;
    await app.get(ContactsRepository).upsertIfNewer({ _id: patientId, firstName: 'Fail', phone: '+15550000001', preferredChannel: 'sms', language: 'en', optedOutChannels: [], asOf: new Date(), updatedAt: new Date() });
    const event = bookedEvent(appointmentId, patientId, new Date(Date.now() + 3600_000 + 1000), run);
    // As the consumer does: the event's trace is the job's, and the failure event's.
    await workContext.run({ correlationId: run, causationId: event.id }, () => app.get(AppointmentEventsService).booked(event));

    const repo = app.get(MessagesRepository);
    const failed = await waitFor(async () => {
      const [message] = await repo.listForAppointment(SiteScope.service('test'), (await repo.findView(SiteScope.service('test'), appointmentId))!);
      return message?.status === 'failed' && message;
    }, { what: 'the message to end failed', timeoutMs: 30_000 });
    expect(failed.failureReason).toBe('SMS provider answered 503: carrier unavailable');
    expect(failed.attempts).toBe(3);
    expect(providerCalls.filter((key) => key === failed._id)).toHaveLength(3);

    const published = await waitFor(async () => {
      const list = probe.envelopes((m) => m.key === appointmentId).filter((e) => e.type === NotificationFailedV1.type);
      return list.length > 0 && list;
    }, { what: 'notification.failed' });
    expect(published).toHaveLength(1);
    expect(published[0]).toMatchObject({ subject: appointmentId, correlationId: run, data: { messageId: failed._id, kind: 'appointment-reminder', error: 'SMS provider answered 503: carrier unavailable', attempts: 3 } });
  });
});
