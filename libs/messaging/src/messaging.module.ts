import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  INestApplication,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { allEvents, ServiceName } from '@clinic-flow/contracts';
import { createLogger, HealthRegistry, Metrics, MONGO_CONNECTION } from '@clinic-flow/platform';
import { AggregateStores } from './aggregate-store';
import { DocumentLocks } from './document-locks';
import { EventFactory } from './event-factory';
import { Inbox, InboxPruner, InboxPruning } from './inbox';
import { createKafka, createProducer, ensureTopics } from './kafka';
import { KafkaEventServer, KafkaEventServerOptions } from './kafka-event.server';
import { OutboxMetrics } from './metrics';
import { OutboxRelay } from './outbox-relay';
import { EventPublisher } from './publisher';
import { backoffDelay } from './retry';
import { StreamOperations } from './stream-operations';
import { FollowOptions, TopicFollower } from './topic-follower';

/** Makes topic followers (every instance sees every message; see TopicFollower) and stops them at shutdown. */
export class TopicFollowers {
  private readonly followers: TopicFollower[] = [];

  constructor(
    private readonly kafka: Kafka,
    private readonly service: ServiceName,
    private readonly logLevel?: string,
  ) {}

  create(options: FollowOptions): TopicFollower {
    const follower = new TopicFollower(this.kafka, createLogger(this.service, this.logLevel).child({ component: `follower:${options.name}` }), this.service, options);
    this.followers.push(follower);
    return follower;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.followers.map((f) => f.stop()));
  }
}

export interface MessagingOptions {
  service: ServiceName;
  brokers: string[];
  logLevel?: string;
  outboxSweepIntervalMs?: number;
  /** Topics it produces that no event contract names (the per-consumer analytics topics), created at start like the others. */
  extraTopics?: string[];
  /** Pruning of the inbox of handled ids (INBOX_* settings); default 45 days, hourly, 500 per batch. */
  inbox?: Partial<InboxPruning>;
}

const KAFKA = Symbol('KAFKA');
const OPTIONS = Symbol('MESSAGING_OPTIONS');

@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly relay: OutboxRelay,
    private readonly followers: TopicFollowers,
    private readonly operations: StreamOperations,
    private readonly inboxPruner: InboxPruner,
  ) {}

  /** Kafka plumbing for one service: publisher, outbox relay, event factory, inbox. */
  static forRoot(options: MessagingOptions): DynamicModule {
    const logger = createLogger(options.service, options.logLevel);
    return {
      module: MessagingModule,
      providers: [
        { provide: OPTIONS, useValue: options },
        { provide: KAFKA, useFactory: () => createKafka({ brokers: options.brokers, clientId: options.service, logger }) },
        {
          provide: EventPublisher,
          inject: [KAFKA, HealthRegistry],
          useFactory: (kafka: Kafka, health: HealthRegistry) => {
            const publisher = new EventPublisher(createProducer(kafka));
            // Kafka that is down at start does not stop the service: it comes up unready (the kafka
            // check) and connects when it can; events wait in the outboxes meanwhile.
            const connecting = connectInBackground(logger, async () => {
              const admin = kafka.admin();
              await admin.connect();
              try {
                // Topics this service produces exist before the first publish.
                await ensureTopics(admin, [...allEvents().filter((e) => e.producer === options.service).map((e) => e.topic), ...(options.extraTopics ?? [])]);
              } finally {
                await admin.disconnect();
              }
              await publisher.connect();
            });
            health.register('kafka', async () => {
              if (!publisher.isConnected) throw new Error(`producer is not connected${connecting.lastError ? `: ${connecting.lastError}` : ''}`);
            });
            return publisher;
          },
        },
        { provide: DocumentLocks, useValue: new DocumentLocks() },
        {
          provide: OutboxRelay,
          inject: [EventPublisher, HealthRegistry, DocumentLocks, { token: Metrics, optional: true }],
          useFactory: (publisher: EventPublisher, health: HealthRegistry, locks: DocumentLocks, metrics?: Metrics) => {
            const relay = new OutboxRelay(
              publisher,
              logger.child({ component: 'outbox-relay' }),
              { sweepIntervalMs: options.outboxSweepIntervalMs ?? 30_000, batchSize: 100 },
              locks,
              metrics && new OutboxMetrics(metrics),
            );
            health.register('outbox', async () => relay.health());
            // Whatever waited while Kafka was away goes out as soon as the producer is (back) connected.
            publisher.onConnect(() => relay.sweepSoon());
            return relay;
          },
        },
        { provide: EventFactory, useValue: new EventFactory(options.service) },
        {
          provide: Inbox,
          inject: [MONGO_CONNECTION],
          useFactory: (connection: Connection) => new Inbox(connection, options.service),
        },
        {
          provide: InboxPruner,
          inject: [MONGO_CONNECTION, { token: Metrics, optional: true }],
          useFactory: (connection: Connection, metrics?: Metrics) =>
            new InboxPruner(connection, { retentionDays: 45, intervalMs: 3_600_000, batchSize: 500, pauseMs: 50, ...options.inbox }, metrics),
        },
        AggregateStores,
        { provide: TopicFollowers, inject: [KAFKA], useFactory: (kafka: Kafka) => new TopicFollowers(kafka, options.service, options.logLevel) },
        // Connects nothing until used (the gateway's operations console uses it).
        { provide: StreamOperations, inject: [KAFKA], useFactory: (kafka: Kafka) => new StreamOperations(kafka, options.service, logger.child({ component: 'stream-operations' })) },
      ],
      exports: [EventPublisher, OutboxRelay, EventFactory, Inbox, InboxPruner, DocumentLocks, AggregateStores, TopicFollowers, StreamOperations, KAFKA, OPTIONS],
    };
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.inboxPruner.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.inboxPruner.stop();
    await this.followers.stopAll();
    await this.operations.stop();
    await this.relay.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.publisher.disconnect();
  }
}

/**
 * Runs `connect` until it succeeds, with capped backoff (0.5 s doubling to 10 s), in the background;
 * `lastError` says why it has not yet.
 */
function connectInBackground(logger: ReturnType<typeof createLogger>, connect: () => Promise<void>): { lastError?: string } {
  const status: { lastError?: string } = {};
  void (async () => {
    for (let attempt = 1; ; attempt++) {
      try {
        await connect();
        status.lastError = undefined;
        return;
      } catch (error) {
        status.lastError = (error as Error).message;
        const delay = backoffDelay(attempt, 500, 10_000);
        logger.warn({ err: error, attempt, delay }, 'Kafka is unreachable; the producer connects when it can');
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  })();
  return status;
}

/** The service's metrics registry, when PlatformModule provides one. */
function metricsOf(app: INestApplication): Metrics | undefined {
  try {
    return app.get(Metrics, { strict: false });
  } catch {
    return undefined;
  }
}

/**
 * The service's Kafka consumers as a Nest transport; consumer group = service name, so every
 * instance of a service shares the work and each service sees every event.
 */
export function createEventConsumers(
  app: INestApplication,
  options: Partial<Pick<KafkaEventServerOptions, 'groupId' | 'retry' | 'transientRetry'>> = {},
): KafkaEventServer {
  const messaging = app.get<MessagingOptions>(OPTIONS);
  const server = new KafkaEventServer({
    kafka: app.get<Kafka>(KAFKA),
    groupId: options.groupId ?? messaging.service,
    inbox: options.groupId ? new Inbox(app.get(MONGO_CONNECTION), options.groupId) : app.get(Inbox),
    logger: createLogger(messaging.service, messaging.logLevel).child({ component: 'consumer' }),
    retry: options.retry,
    transientRetry: options.transientRetry,
    metrics: metricsOf(app),
  });
  // Joining the group is not a reason to be unready (HTTP serves meanwhile; events wait in Kafka):
  // readiness says "joining". Kafka that cannot be reached is (the kafka check says so too).
  app.get(HealthRegistry).register('consumer', async () => {
    const { state, failedStarts, handled, deadLettered, skippedUnknownTypes, waitingOnDependency, lastError } = server.stats;
    if (state === 'connecting' && failedStarts > 0) throw new Error(`consumer cannot reach Kafka (${failedStarts} attempts): ${lastError ?? 'unknown error'}`);
    if (state === 'stopped') throw new Error('consumer is stopped');
    return { state, handled, deadLettered, skippedUnknownTypes, waitingOnDependency };
  });
  return server;
}

