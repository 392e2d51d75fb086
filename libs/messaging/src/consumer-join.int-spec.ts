import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Controller, INestApplication } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { EventEnvelope, PatientRegisteredData, PatientRegisteredV1, Topics } from '@clinic-flow/contracts';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import { testInfraEnv, waitFor } from '@clinic-flow/testing';
import pino from 'pino';
import { createKafka, ensureTopics } from './kafka';
import { KafkaEventServer, OnEvent } from './kafka-event.server';
import { createEventConsumers, MessagingModule } from './messaging.module';

const handled: string[] = [];

@Controller()
class RecordingConsumer {
  @OnEvent(PatientRegisteredV1)
  async handle(@Payload() event: EventEnvelope<PatientRegisteredData>): Promise<void> {
    handled.push(event.id);
  }
}

/**
 * A member of the group that joins with a 20 s session and waits to be killed (-9: it never
 * leaves). Until its session expires, a new member's join cannot complete.
 */
function deadMemberOf(groupId: string, brokers: string): Promise<ChildProcess> {
  // A fresh broker (or one busy beside the unit tests) may refuse the first connect or join
  // (coordinator not available yet): the member retries instead of exiting on the first error.
  const script = `
    const { Kafka, logLevel } = require('kafkajs');
    const kafka = new Kafka({ clientId: 'doomed', brokers: ${JSON.stringify(brokers.split(','))}, logLevel: logLevel.NOTHING });
    const attempt = async (n) => {
      const consumer = kafka.consumer({ groupId: ${JSON.stringify(groupId)}, sessionTimeout: 20000, rebalanceTimeout: 20000, heartbeatInterval: 1000 });
      consumer.on(consumer.events.GROUP_JOIN, () => process.stdout.write('joined\\n'));
      consumer.on(consumer.events.CRASH, (e) => process.stderr.write('crash: ' + e.payload.error.message + '\\n'));
      try {
        await consumer.connect();
        await consumer.subscribe({ topics: [${JSON.stringify(Topics.patients)}] });
        await consumer.run({ eachMessage: async () => new Promise(() => undefined) });
      } catch (error) {
        process.stderr.write('attempt ' + n + ': ' + error.message + '\\n');
        await consumer.disconnect().catch(() => undefined);
        if (n >= 20) process.exit(1);
        setTimeout(() => attempt(n + 1), 500);
      }
    };
    attempt(1);
  `;
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('joined') && resolve(child));
    child.once('exit', (code) => reject(new Error(`the member exited (${code}) before joining: ${errors.trim()}`)));
  });
}

/* A restarted instance serves HTTP while its consumer is still waiting for a dead member's session to expire. */
describe('consumer group join in the background (real Kafka)', () => {
  const env = testInfraEnv();
  const groupId = `it-join-${randomUUID().slice(0, 8)}`;
  let app: INestApplication;
  let server: KafkaEventServer;
  let member: ChildProcess | undefined;

  afterAll(async () => {
    member?.kill('SIGKILL');
    await app?.close();
  });

  it('answers HTTP, readiness saying "joining", until the dead member is gone; then consumes', async () => {
    // The broker does not create topics on demand: on a fresh broker, where this file may run before
    // anything has created the patients topic, the member's subscribe would fail without this.
    const admin = createKafka({ brokers: env.KAFKA_BROKERS.split(','), clientId: 'it-join-admin', logger: pino({ level: 'silent' }) }).admin();
    await admin.connect();
    await ensureTopics(admin, [Topics.patients]).finally(() => admin.disconnect());
    member = await deadMemberOf(groupId, env.KAFKA_BROKERS);
    member.kill('SIGKILL'); // no LeaveGroup: the coordinator keeps it until its session expires
    const moduleRef = await Test.createTestingModule({
      imports: [
        PlatformModule.forRoot({ serviceName: 'notification', config: {} }),
        MongoModule.forRoot({ url: env.MONGO_URL, dbName: 'it_consumer_join' }),
        MessagingModule.forRoot({ service: 'notification', brokers: env.KAFKA_BROKERS.split(','), logLevel: 'silent' }),
      ],
      controllers: [RecordingConsumer],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    server = createEventConsumers(app, { groupId });
    app.connectMicroservice({ strategy: server });
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    const url = `${await app.getUrl()}/health/ready`.replace('[::1]', '127.0.0.1');

    const joining = await waitFor(async () => {
      const body = (await (await fetch(url)).json()) as { checks: { consumer?: { state?: string } } };
      return body.checks.consumer?.state === 'joining' && body;
    }, { what: 'readiness answering while the consumer joins' });
    expect(joining.checks.consumer).toMatchObject({ status: 'up', state: 'joining' });
    expect(server.stats.running).toBe(false);

    await waitFor(async () => server.stats.state === 'consuming', { timeoutMs: 60_000, what: 'the consumer joined once the dead member expired' });
    expect(server.stats.running).toBe(true);
  });
});
