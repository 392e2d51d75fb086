import { randomUUID } from 'node:crypto';
import { Controller, INestApplication } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { DeadLetterHeaders, deadLetterTopic, EventEnvelope, PatientRegisteredData, PatientRegisteredV1, Topics } from '@clinic-flow/contracts';
import { HealthRegistry, MongoModule, PlatformModule } from '@clinic-flow/platform';
import { MongoNetworkError } from 'mongodb';
import { KafkaProbe, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { EventFactory } from './event-factory';
import { KafkaEventServer, OnEvent } from './kafka-event.server';
import { createEventConsumers, MessagingModule } from './messaging.module';

const calls: Record<string, number> = {};
const completed: Record<string, number> = {};

/** A consumer whose behaviour is chosen by the patient's first name. */
@Controller()
class TestConsumer {
  @OnEvent(PatientRegisteredV1)
  async handle(@Payload() event: EventEnvelope<PatientRegisteredData>): Promise<void> {
    const key = event.data.patientId;
    calls[key] = (calls[key] ?? 0) + 1;
    if (event.data.firstName === 'Broken') throw new Error('the database said no');
    if (event.data.firstName === 'Flaky' && calls[key] < 3) throw new Error('transient failure');
    // More failures than the bounded retries allow: only waiting for the dependency gets it through.
    if (event.data.firstName === 'Offline' && calls[key] <= 5) throw new MongoNetworkError('connection 7 to 127.0.0.1:27017 closed');
    if (event.data.firstName === 'Offline') completed[key] = (completed[key] ?? 0) + 1;
  }
}

describe('Kafka consumer transport (real Kafka and FerretDB)', () => {
  const env = testInfraEnv();
  const groupId = `it-consumer-${randomUUID().slice(0, 8)}`;
  const key = `it-consumer-${randomUUID()}`;
  const factory = new EventFactory('patient-records');
  const probe = new KafkaProbe();
  let app: INestApplication;
  let server: KafkaEventServer;

  const event = (firstName: string, subject = key) => {
    const patientId = `${firstName.toLowerCase()}-${randomUUID()}`;
    return factory.envelope(PatientRegisteredV1, {
      subject,
      siteId: 'site-downtown',
      data: { patientId, mrn: 'MRN-2', firstName, lastName: 'Test', dateOfBirth: '1980-01-01', preferredChannel: 'email', email: 'x@example.com', registeredAtSiteId: 'site-downtown' },
    });
  };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ serviceName: 'notification', config: {} }),
        MongoModule.forRoot({ url: env.MONGO_URL, dbName: 'it_consumer' }),
        MessagingModule.forRoot({ service: 'notification', brokers: env.KAFKA_BROKERS.split(','), logLevel: 'silent' }),
      ],
      controllers: [TestConsumer],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    server = createEventConsumers(app, { groupId, retry: { attempts: 3, initialMs: 50, maxMs: 200 }, transientRetry: { initialMs: 50, maxMs: 200 } });
    app.connectMicroservice({ strategy: server });
    await app.startAllMicroservices();
    await app.init();
    // The consumer joins in the background (HTTP does not wait for it); its dead-letter topic exists once it consumes.
    await server.started();
    await probe.record([deadLetterTopic(groupId)]);
  });

  afterAll(async () => {
    await probe.close();
    await app.close();
  });

  it('validates, retries, dead-letters and skips duplicates without blocking the partition', async () => {
    const broken = event('Broken');
    const flaky = event('Flaky');
    const good = event('Good');
    const after = event('Good');
    const invalid = event('Invalid') as unknown as { data: Record<string, unknown> };
    invalid.data.dateOfBirth = 'yesterday';
    // All on one key, so one partition, in this order.
    await probe.publish(Topics.patients, key, 'not json at all');
    await probe.publish(Topics.patients, key, JSON.stringify(invalid));
    await probe.publish(Topics.patients, key, JSON.stringify(broken));
    await probe.publish(Topics.patients, key, JSON.stringify(flaky));
    await probe.publish(Topics.patients, key, JSON.stringify(good));
    await probe.publish(Topics.patients, key, JSON.stringify(good));
    await probe.publish(Topics.patients, key, JSON.stringify(after));

    const dead = await waitFor(async () => {
      const mine = probe.seen.filter((m) => m.key === key);
      return mine.length >= 3 && mine;
    }, { what: 'three dead letters' });
    expect(dead.map((d) => d.headers[DeadLetterHeaders.reason])).toEqual(['contract-violation', 'contract-violation', 'retries-exhausted']);
    expect(dead[0].value).toBe('not json at all');
    expect(dead[1].headers[DeadLetterHeaders.error]).toContain('dateOfBirth');
    expect(dead[2].headers[DeadLetterHeaders.error]).toBe('the database said no');
    expect(dead[2].headers[DeadLetterHeaders.attempts]).toBe('3');
    expect(dead[2].headers[DeadLetterHeaders.sourceTopic]).toBe(Topics.patients);
    expect(JSON.parse(dead[2].value!).id).toBe(broken.id);

    // The messages behind the poison ones were handled: the flaky one after retries, the
    // duplicated one exactly once (the event after it on the key is handled, so the duplicate was).
    await waitFor(async () => calls[after.data.patientId] === 1, { what: 'the event after the duplicate' });
    expect(calls[broken.data.patientId]).toBe(3);
    expect(calls[flaky.data.patientId]).toBe(3);
    expect(calls[good.data.patientId]).toBe(1);
  });

  /** Dead letters of one key, in the order they were sent (one key: one partition of the dead-letter topic). */
  const deadLettersOf = (k: string) => probe.seen.filter((m) => m.key === k);

  it('skips and counts an event type it does not know, dead-letters nothing, and goes on with the partition', async () => {
    const k = `it-unknown-${randomUUID()}`;
    // A type a newer producer may publish one day; no contract declares it here.
    const newer = { ...event('Newer', k), type: 'patient.teleported', data: { patientId: 'p-1', to: 'elsewhere' } };
    const marker = event('Good', k);
    const invalidMarker = event('Invalid', k) as unknown as { id: string; data: Record<string, unknown> };
    invalidMarker.data.dateOfBirth = 'yesterday';
    const before = server.stats.skippedUnknownTypes;
    await probe.publish(Topics.patients, k, JSON.stringify(newer));
    await probe.publish(Topics.patients, k, JSON.stringify(marker));
    await probe.publish(Topics.patients, k, JSON.stringify(invalidMarker));

    await waitFor(async () => calls[marker.data.patientId] === 1, { what: 'the event after the unknown one' });
    expect(server.stats.skippedUnknownTypes).toBe(before + 1);
    const consumer = (await app.get(HealthRegistry).report()).checks.consumer;
    expect(consumer).toMatchObject({ status: 'up', skippedUnknownTypes: before + 1 });
    // The invalid event behind it is dead-lettered; had the unknown one been, it would come first.
    const dead = await waitFor(async () => deadLettersOf(k).length >= 1 && deadLettersOf(k), { what: 'the dead letter of the invalid marker' });
    expect(dead.map((d) => JSON.parse(d.value!).id)).toEqual([invalidMarker.id]);
    expect(dead[0].headers[DeadLetterHeaders.reason]).toBe('contract-violation');
  });

  it('waits out a transient failure for longer than the bounded retries, handles the event once and dead-letters nothing', async () => {
    const k = `it-transient-${randomUUID()}`;
    const offline = event('Offline', k);
    const marker = event('Good', k);
    const invalidMarker = event('Invalid', k) as unknown as { id: string; data: Record<string, unknown> };
    invalidMarker.data.dateOfBirth = 'yesterday';
    await probe.publish(Topics.patients, k, JSON.stringify(offline));
    await probe.publish(Topics.patients, k, JSON.stringify(offline));
    await probe.publish(Topics.patients, k, JSON.stringify(marker));
    await probe.publish(Topics.patients, k, JSON.stringify(invalidMarker));

    const dead = await waitFor(async () => deadLettersOf(k).length >= 1 && deadLettersOf(k), { what: 'the dead letter of the invalid marker' });
    expect(dead.map((d) => JSON.parse(d.value!).id)).toEqual([invalidMarker.id]);
    expect(calls[offline.data.patientId]).toBe(6);
    expect(completed[offline.data.patientId]).toBe(1);
    // Order kept: the partition waited for the dependency before the next event.
    expect(calls[marker.data.patientId]).toBe(1);
    expect(server.stats.waitingOnDependency).toBe(0);
  });
});
