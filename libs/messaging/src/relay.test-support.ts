import mongoose, { Connection } from 'mongoose';
import pino from 'pino';
import { PatientRegisteredV1, Topics } from '@clinic-flow/contracts';
import { KafkaProbe, testInfraEnv } from '@clinic-flow/testing';
import { EventFactory, OutboxEntry } from './event-factory';
import { createKafka, createProducer, ensureTopics } from './kafka';
import { EventPublisher } from './publisher';

/**
 * What the outbox tests share against the real infrastructure: a database connection, a connected
 * publisher, a probe recording the patients topic, and events keyed by a subject of the test's own.
 */
export class RelayTestKit {
  readonly logger = pino({ level: 'silent' });
  readonly probe = new KafkaProbe();
  connection!: Connection;
  publisher!: EventPublisher;
  private readonly factory = new EventFactory('patient-records');
  private readonly kafka;

  constructor(clientId: string) {
    this.kafka = createKafka({ brokers: testInfraEnv().KAFKA_BROKERS.split(','), clientId, logger: this.logger });
  }

  async start(): Promise<this> {
    const admin = this.kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [Topics.patients]);
    await admin.disconnect();
    this.connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: 'it_messaging' }).asPromise();
    this.publisher = new EventPublisher(createProducer(this.kafka));
    await this.publisher.connect();
    await this.probe.record([Topics.patients]);
    return this;
  }

  /** Another connected publisher on the same brokers (the caller disconnects it). */
  async newPublisher(): Promise<EventPublisher> {
    const publisher = new EventPublisher(createProducer(this.kafka));
    await publisher.connect();
    return publisher;
  }

  async stop(): Promise<void> {
    await this.probe.close();
    await this.publisher.disconnect();
    await this.connection.close();
  }

  /** A valid `patient.registered` for this subject, as an outbox entry. */
  eventFor(subject: string): OutboxEntry {
    return this.factory.outboxEntry(PatientRegisteredV1, {
      subject,
      siteId: 'site-downtown',
      data: { patientId: subject, mrn: 'MRN-1', firstName: 'A', lastName: 'B', dateOfBirth: '1980-01-01', preferredChannel: 'email', email: 'a@example.com', registeredAtSiteId: 'site-downtown' },
    });
  }

  /** Ids of the events seen on Kafka with this key, in order. */
  published(subject: string): string[] {
    return this.probe.seen.filter((m) => m.key === subject).map((m) => JSON.parse(m.value!).id as string);
  }
}
