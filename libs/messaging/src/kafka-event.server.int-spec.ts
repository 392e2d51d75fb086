import { randomUUID } from 'node:crypto';
import { Controller, INestApplication } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { DeadLetterHeaders, deadLetterTopic, EventEnvelope, PatientRegisteredData, PatientRegisteredV1, Topics } from '@clinic-flow/contracts';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import { KafkaProbe, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { EventFactory } from './event-factory';
import { OnEvent } from './kafka-event.server';
import { createEventConsumers, MessagingModule } from './messaging.module';

const calls: Record<string, number> = {};

/** A consumer whose behaviour is chosen by the patient's first name. */
@Controller()
class TestConsumer {
  @OnEvent(PatientRegisteredV1)
  async handle(@Payload() event: EventEnvelope<PatientRegisteredData>): Promise<void> {
    const key = event.data.patientId;
    calls[key] = (calls[key] ?? 0) + 1;
    if (event.data.firstName === 'Broken') throw new Error('the database said no');
    if (event.data.firstName === 'Flaky' && calls[key] < 3) throw new Error('transient failure');
  }
}

describe('Kafka consumer transport (real Kafka and FerretDB)', () => {
  const env = testInfraEnv();
  const groupId = `it-consumer-${randomUUID().slice(0, 8)}`;
  const key = `it-consumer-${randomUUID()}`;
  const factory = new EventFactory('patient-records');
  const probe = new KafkaProbe();
  let app: INestApplication;

  const event = (firstName: string) => {
    const patientId = `${firstName.toLowerCase()}-${randomUUID()}`;
    return factory.envelope(PatientRegisteredV1, {
      subject: key,
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
    app.connectMicroservice({ strategy: createEventConsumers(app, { groupId, retry: { attempts: 3, initialMs: 50, maxMs: 200 } }) });
    await app.startAllMicroservices();
    await app.init();
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
    const invalid = event('Invalid') as unknown as { data: Record<string, unknown> };
    invalid.data.dateOfBirth = 'yesterday';
    // All on one key, so one partition, in this order.
    await probe.publish(Topics.patients, key, 'not json at all');
    await probe.publish(Topics.patients, key, JSON.stringify(invalid));
    await probe.publish(Topics.patients, key, JSON.stringify(broken));
    await probe.publish(Topics.patients, key, JSON.stringify(flaky));
    await probe.publish(Topics.patients, key, JSON.stringify(good));
    await probe.publish(Topics.patients, key, JSON.stringify(good));

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
    // duplicated one exactly once.
    await waitFor(async () => calls[good.data.patientId] === 1, { what: 'the good event' });
    expect(calls[broken.data.patientId]).toBe(3);
    expect(calls[flaky.data.patientId]).toBe(3);
    await new Promise((r) => setTimeout(r, 500));
    expect(calls[good.data.patientId]).toBe(1);
  });
});
