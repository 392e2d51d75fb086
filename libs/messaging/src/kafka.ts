import { Admin, ConfigResourceTypes, Kafka, logLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { topicSettings } from '@clinic-flow/contracts';

/*
 * kafkajs is the client the product owner named, and it is no longer maintained. It stays
 * behind this library: services never import it, so it can be replaced in one place.
 */

export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

const levels: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
};

export function createKafka({ brokers, clientId, logger }: KafkaOptions): Kafka {
  const kafkaLogger = logger.child({ component: 'kafka' });
  return new Kafka({
    clientId,
    brokers,
    connectionTimeout: 5000,
    retry: { initialRetryTime: 200, retries: 10 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        kafkaLogger[levels[level] ?? 'info'](extra, message);
      },
  });
}

export function createProducer(kafka: Kafka): Producer {
  return kafka.producer({
    createPartitioner: Partitioners.DefaultPartitioner,
    allowAutoTopicCreation: false,
    idempotent: true,
    maxInFlightRequests: 1,
  });
}

/**
 * Retries a Kafka set-up step. Right after a broker starts, or while another service creates the
 * same topic, metadata can briefly answer "This server does not host this topic-partition".
 */
export async function retryKafka<T>(step: () => Promise<T>, attempts = 10, delayMs = 500): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((r) => setTimeout(r, delayMs * attempt));
    }
  }
}

/**
 * Creates missing topics with the partitions and configs of their kind (`topicSettings`: retention,
 * compaction), and brings existing ones back to those configs when they differ (a topic created
 * by an older build or by hand). Several services may race to do the same; both outcomes agree.
 * Partitions of an existing topic are never changed here: more partitions move keys to other
 * partitions, which breaks per-key order for events in flight (raise them with Kafka tooling).
 */
export async function ensureTopics(admin: Admin, topics: string[]): Promise<void> {
  const wanted = [...new Set(topics)];
  if (!wanted.length) return;
  await retryKafka(async () => {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => {
          const settings = topicSettings(topic);
          return {
            topic,
            numPartitions: settings.partitions,
            replicationFactor: -1,
            configEntries: Object.entries(settings.configs).map(([name, value]) => ({ name, value })),
          };
        }),
      });
    }
    await alignTopicConfigs(admin, wanted.filter((t) => existing.has(t)));
    // Leaders elected and metadata known for every topic before anyone produces or subscribes.
    await admin.fetchTopicMetadata({ topics: wanted });
  });
}

/** Re-applies each topic's configs where what the broker says differs (only topics that differ are altered). */
async function alignTopicConfigs(admin: Admin, topics: string[]): Promise<void> {
  if (!topics.length) return;
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: Object.keys(topicSettings(name).configs) })),
  });
  const differing = described.resources.filter((resource) => {
    const current = new Map(resource.configEntries.map((e) => [e.configName, e.configValue]));
    return Object.entries(topicSettings(resource.resourceName).configs).some(([name, value]) => current.get(name) !== value);
  });
  if (!differing.length) return;
  // AlterConfigs replaces a topic's dynamic configs as a whole: the project owns these topics' configs.
  await admin.alterConfigs({
    validateOnly: false,
    resources: differing.map((r) => ({
      type: ConfigResourceTypes.TOPIC,
      name: r.resourceName,
      configEntries: Object.entries(topicSettings(r.resourceName).configs).map(([name, value]) => ({ name, value })),
    })),
  });
}
