import { randomUUID } from 'node:crypto';
import { Admin, ConfigResourceTypes } from 'kafkajs';
import pino from 'pino';
import { analyticsTopic, deadLetterTopic, Topics } from '@clinic-flow/contracts';
import { testInfraEnv } from '@clinic-flow/testing';
import { createKafka, ensureTopics, retryKafka } from './kafka';

const DAY_MS = 24 * 3600 * 1000;

/** Topic configs as the broker reports them (only the ones named). */
async function configsOf(admin: Admin, topic: string, names: string[]): Promise<Record<string, string>> {
  const described = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: names }] });
  return Object.fromEntries(described.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
}

async function partitionsOf(admin: Admin, topic: string): Promise<number> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  return topics[0].partitions.length;
}

/** Retention and partitions per kind of topic, as the broker reports them after ensureTopics. */
describe('topic settings (real Kafka)', () => {
  const kafka = createKafka({ brokers: testInfraEnv().KAFKA_BROKERS.split(','), clientId: 'it-topic-settings', logger: pino({ level: 'silent' }) });
  const admin = kafka.admin();
  const tag = randomUUID().slice(0, 8);

  beforeAll(() => admin.connect());
  afterAll(() => admin.disconnect());

  it('creates each kind of topic with its retention, cleanup policy and partitions', async () => {
    const domain = `clinic.it-${tag}.thing.v1`;
    const deadLetters = deadLetterTopic(`it-${tag}`);
    const analytics = analyticsTopic(`it-${tag}`, 'appointment');
    await ensureTopics(admin, [domain, deadLetters, analytics, Topics.sites]);
    const names = ['cleanup.policy', 'retention.ms', 'retention.bytes'];

    expect(await configsOf(admin, domain, names)).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) });
    expect(await partitionsOf(admin, domain)).toBe(6);
    expect(await configsOf(admin, deadLetters, names)).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': String(90 * DAY_MS) });
    expect(await partitionsOf(admin, deadLetters)).toBe(3);
    expect(await configsOf(admin, analytics, names)).toMatchObject({ 'cleanup.policy': 'delete', 'retention.ms': '-1', 'retention.bytes': '-1' });
    expect(await partitionsOf(admin, analytics)).toBe(6);
    expect(await configsOf(admin, Topics.sites, ['cleanup.policy', 'min.compaction.lag.ms'])).toEqual({ 'cleanup.policy': 'compact', 'min.compaction.lag.ms': String(DAY_MS) });
  });

  it("brings an existing topic's configs back to its kind's (a topic made by an older build or by hand), leaving its partitions", async () => {
    const deadLetters = deadLetterTopic(`it-old-${tag}`);
    // Right after creation the broker may not know the topic's leader yet: retried like the services do.
    await retryKafka(() => admin.createTopics({ waitForLeaders: true, topics: [{ topic: deadLetters, numPartitions: 2, replicationFactor: -1, configEntries: [{ name: 'retention.ms', value: String(7 * DAY_MS) }] }] }));
    expect(await retryKafka(() => configsOf(admin, deadLetters, ['retention.ms']))).toEqual({ 'retention.ms': String(7 * DAY_MS) });

    await ensureTopics(admin, [deadLetters]);
    expect(await configsOf(admin, deadLetters, ['cleanup.policy', 'retention.ms'])).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': String(90 * DAY_MS) });
    expect(await partitionsOf(admin, deadLetters)).toBe(2);
  });
});
