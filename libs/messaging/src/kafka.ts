import { Admin, Kafka, logLevel, LogEntry, Partitioners, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { DEFAULT_PARTITIONS } from '@clinic-flow/contracts';

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

/** Creates missing topics (several services may race to create the same one); existing ones are left as they are. */
export async function ensureTopics(admin: Admin, topics: string[], partitions = DEFAULT_PARTITIONS): Promise<void> {
  await retryKafka(async () => {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topics)].filter((t) => !existing.has(t));
    if (!missing.length) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
    });
    // Leaders elected and metadata known for every topic before anyone produces or subscribes.
    await admin.fetchTopicMetadata({ topics: [...new Set(topics)] });
  });
}
