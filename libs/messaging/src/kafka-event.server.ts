import { applyDecorators, ArgumentsHost, Catch, RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { CustomTransportStrategy, EventPattern, Server } from '@nestjs/microservices';
import { Consumer, EachMessagePayload, Kafka, Producer } from 'kafkajs';
import { isObservable, lastValueFrom, Observable, throwError } from 'rxjs';
import type { Logger } from 'pino';
import {
  ContractViolation,
  DeadLetterHeaders,
  deadLetterTopic,
  EventDefinition,
  EventEnvelope,
  eventKey,
  findEventByKey,
  parseEvent,
  UnknownEventType,
} from '@clinic-flow/contracts';
import { contextFrom, inSpan, Metrics, SpanKind, workContext } from '@clinic-flow/platform';
import { Inbox } from './inbox';
import { createProducer, ensureTopics, retryKafka } from './kafka';
import { ConsumerMetrics, eventTypeLabel } from './metrics';
import { backoffDelay, classifyError } from './retry';

/**
 * Hands a handler's error to the transport unchanged (Nest's default RPC filter would replace it
 * with "Internal server error"), so retries see the real cause and dead letters carry it.
 */
@Catch()
class PassErrorToTransport implements RpcExceptionFilter {
  catch(error: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => error);
  }
}

/**
 * Marks a method as the handler of an event contract (type + version), or of several versions of one
 * event whose data the handler reads only in what they share (a v2 that dropped fields, and the v1
 * events still in the topic).
 */
export const OnEvent = (...definitions: [EventDefinition, ...EventDefinition[]]) =>
  applyDecorators(EventPattern(definitions.map(eventKey)), UseFilters(new PassErrorToTransport()));

export interface KafkaEventServerOptions {
  kafka: Kafka;
  groupId: string;
  inbox: Inbox;
  logger: Logger;
  /** Bounded retries of handler errors that are neither permanent nor transient (see classifyError). */
  retry?: { attempts: number; initialMs: number; maxMs: number };
  /** Backoff while a dependency is down; retried for as long as that lasts. */
  transientRetry?: { initialMs: number; maxMs: number };
  concurrentPartitions?: number;
  /** The service's registry: events handled, retried, skipped, dead-lettered, handler time and lag of this group. */
  metrics?: Metrics;
  /**
   * Group membership timing (see GROUP_TIMING). A member killed with -9 holds its partitions until
   * its session expires, and a restarted instance's join waits for that (kafkajs 2.2.4 cannot use
   * static membership, group.instance.id): shorter sessions are what brings a restart back quickly.
   */
  group?: Partial<typeof GROUP_TIMING>;
  /** Backoff between attempts to connect and join while Kafka is unreachable. */
  connectRetry?: { initialMs: number; maxMs: number };
}

/**
 * Session 10 s (the broker's minimum is 6 s), heartbeats every second, and a rebalance waits at most
 * 10 s for members to rejoin: a dead member is expelled within 10 s, not kafkajs's 30 s (60 s
 * rebalance). A handler must not run longer than the session without heart-beating (waits on a
 * dependency heart-beat, see pauseWithHeartbeats).
 */
export const GROUP_TIMING = { sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 10_000, heartbeatIntervalMs: 1000 };

/** Where a consumer is: connecting (Kafka unreachable so far), joining the group, consuming, or stopped. */
export type ConsumerState = 'connecting' | 'joining' | 'consuming' | 'stopped';

export interface ConsumerStatus {
  running: boolean;
  state: ConsumerState;
  /** Attempts to connect and join that failed since the last success. */
  failedStarts: number;
  handled: number;
  deadLettered: number;
  /** Events of types this build does not know (a newer producer), skipped. */
  skippedUnknownTypes: number;
  /** Messages waiting right now because a dependency is down. */
  waitingOnDependency: number;
  lastError?: string;
}

/** Thrown out of a message that was waiting on a dependency when the consumer stops, so its offset is not committed. */
class ConsumerStopping extends Error {
  constructor() {
    super('consumer is stopping; the message will be consumed again');
    this.name = 'ConsumerStopping';
  }
}

/** At most one "still waiting" line per message this often, however short the backoff. */
const WAITING_LOG_INTERVAL_MS = 30_000;
/** Heartbeats while a message waits, well inside the session timeout, so the group does not rebalance. */
const HEARTBEAT_INTERVAL_MS = 3000;

/**
 * Kafka consumer as a NestJS transport. For every message: validate against its contract, skip
 * what this group already handled, run the handler, and decide by the error what happens next:
 * - a transient failure (database, broker or Redis unavailable, a timeout) is retried with capped
 *   backoff for as long as it lasts; the partition waits, its offset is not committed, and the
 *   consumer keeps heart-beating so the group does not rebalance;
 * - a permanent failure (domain rule, contract) is dead-lettered at once; any other error after
 *   a bounded number of retries;
 * - a message that is not a valid event of a known type is dead-lettered with the reason; a valid
 *   envelope of a type this build does not know (a newer producer) is skipped and counted.
 * Dead-lettered and skipped messages are committed, so one poison message never blocks a partition.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private stopping = false;
  private readonly retry: { attempts: number; initialMs: number; maxMs: number };
  private readonly transientRetry: { initialMs: number; maxMs: number };
  private readonly metrics?: ConsumerMetrics;
  private lagWatch?: { stop(): Promise<void> };
  private starting?: Promise<void>;
  readonly stats: ConsumerStatus = { running: false, state: 'connecting', failedStarts: 0, handled: 0, deadLettered: 0, skippedUnknownTypes: 0, waitingOnDependency: 0 };

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    this.retry = options.retry ?? { attempts: 4, initialMs: 250, maxMs: 4000 };
    this.transientRetry = options.transientRetry ?? { initialMs: 500, maxMs: 30_000 };
    this.metrics = options.metrics && new ConsumerMetrics(options.metrics, options.groupId);
  }
  /** Topics to subscribe to, derived from the handlers the service declared. */
  subscribedTopics(): string[] {
    const topics = new Set<string>();
    for (const pattern of this.messageHandlers.keys()) {
      const def = findEventByKey(pattern);
      if (!def) throw new Error(`handler for unknown event ${pattern}: declare it in libs/contracts`);
      topics.add(def.topic);
    }
    return [...topics];
  }

  /**
   * Returns at once: HTTP does not wait for the consumer group (a restarted instance's join waits
   * for the dead member's session to expire, and Kafka may be down at start). Connecting and
   * joining go on in the background, retried with backoff until they succeed or the server closes;
   * `stats.state` says where they are (readiness shows it).
   */
  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    this.subscribedTopics(); // a handler of an undeclared event is a programming error: fail the boot
    this.starting = this.startInBackground();
    callback();
  }

  /** Resolves when the consumer is consuming (or the server closed before it could). */
  async started(): Promise<void> {
    await this.starting;
  }

  private async startInBackground(): Promise<void> {
    const retry = this.options.connectRetry ?? { initialMs: 500, maxMs: 10_000 };
    for (let attempt = 1; !this.stopping; attempt++) {
      try {
        await this.start();
        return;
      } catch (error) {
        if (this.stopping) return;
        this.stats.failedStarts++;
        this.stats.state = 'connecting';
        this.stats.lastError = (error as Error).message;
        const delay = backoffDelay(attempt, retry.initialMs, retry.maxMs);
        this.options.logger.warn({ err: error, attempt, delay }, 'consumer could not connect or join; trying again');
        await this.release();
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  private async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    const timing = { ...GROUP_TIMING, ...this.options.group };
    const topics = this.subscribedTopics();
    const dlq = deadLetterTopic(groupId);
    this.stats.state = 'connecting';
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [...topics, dlq]);
    } finally {
      await admin.disconnect();
    }
    this.dlqProducer = createProducer(kafka);
    await this.dlqProducer.connect();
    this.consumer = kafka.consumer({
      groupId,
      sessionTimeout: timing.sessionTimeoutMs,
      rebalanceTimeout: timing.rebalanceTimeoutMs,
      heartbeatInterval: timing.heartbeatIntervalMs,
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.stats.lastError = payload.error.message;
      this.options.logger.error({ err: payload.error }, 'consumer crashed; kafkajs restarts it');
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.stats.state = 'consuming';
    });
    await this.consumer.connect();
    await retryKafka(() => this.consumer!.subscribe({ topics, fromBeginning: true }));
    this.stats.state = 'joining';
    const joining = Date.now();
    // Partitions in parallel; within one (one aggregate's events) order is kept. run() resolves once joined.
    await this.consumer.run({ partitionsConsumedConcurrently: this.options.concurrentPartitions ?? 3, eachMessage: (payload) => this.handleMessage(payload) });
    if (this.stopping) return;
    this.stats.running = true;
    this.stats.state = 'consuming';
    this.stats.failedStarts = 0;
    this.lagWatch = this.metrics?.watchLag(kafka, topics);
    this.options.logger.info({ groupId, topics, joinMs: Date.now() - joining }, 'consuming');
  }

  /** Drops a half-made connection before the next attempt. */
  private async release(): Promise<void> {
    const consumer = this.consumer;
    const producer = this.dlqProducer;
    this.consumer = undefined;
    this.dlqProducer = undefined;
    await consumer?.disconnect().catch(() => undefined);
    await producer?.disconnect().catch(() => undefined);
  }

  async close(): Promise<void> {
    this.stats.running = false;
    this.stats.state = 'stopped';
    this.stopping = true;
    // disconnect() waits for the message in flight, then commits and leaves the group.
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
    await this.lagWatch?.stop();
  }

  on(): never {
    throw new Error('KafkaEventServer does not emit transport events');
  }

  unwrap<T>(): T {
    return this.consumer as T;
  }

  private async handleMessage({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    let envelope: EventEnvelope;
    try {
      ({ envelope } = await parseEvent(message.value));
    } catch (error) {
      if (error instanceof UnknownEventType) {
        this.stats.skippedUnknownTypes++;
        this.metrics?.recordSkipped(topic, error.type, 'unknown-type');
        this.options.logger.info({ type: error.type, version: error.version, topic, partition, offset: message.offset }, 'event of an unknown type skipped');
        return;
      }
      if (!(error instanceof ContractViolation)) throw error;
      await this.deadLetter({ topic, partition, message }, eventTypeLabel(message.value), 'contract-violation', error, 0);
      return;
    }
    const pattern = eventKey(envelope);
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) return; // another event type on a topic we read for other events
    const { inbox } = this.options;
    const started = process.hrtime.bigint();
    this.metrics?.recordLateness(topic, envelope.type, message.timestamp);
    // The handling continues the trace of the publish (its `traceparent` header).
    const traced = {
      kind: SpanKind.CONSUMER,
      parent: contextFrom(message.headers),
      attributes: { 'messaging.system': 'kafka', 'messaging.operation.type': 'process', 'messaging.destination.name': topic, 'messaging.consumer.group.name': this.options.groupId, 'messaging.destination.partition.id': String(partition), 'clinic_flow.event.type': envelope.type },
    };
    await inSpan(`${topic} process`, traced, () => workContext.run({ correlationId: envelope.correlationId, causationId: envelope.id }, async () => {
      // The inbox lives in the database too: while that is down, this waits like a handler would.
      if (await this.untilNotTransient(topic, envelope, heartbeat, () => inbox.seen(envelope.id))) {
        this.metrics?.recordSkipped(topic, envelope.type, 'duplicate');
        this.options.logger.debug({ eventId: envelope.id, type: envelope.type }, 'duplicate event skipped');
        return;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          await this.untilNotTransient(topic, envelope, heartbeat, async () => {
            const result = await handler(envelope, { topic, partition, offset: message.offset });
            if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
          });
          await this.untilNotTransient(topic, envelope, heartbeat, () => inbox.record(envelope.id, envelope.type));
          this.stats.handled++;
          this.metrics?.recordHandled(topic, envelope.type, Number(process.hrtime.bigint() - started) / 1e9);
          return;
        } catch (error) {
          if (error instanceof ConsumerStopping) throw error;
          this.stats.lastError = (error as Error).message;
          const permanent = classifyError(error) === 'permanent';
          if (permanent || attempt >= this.retry.attempts) {
            await this.deadLetter({ topic, partition, message }, envelope.type, permanent ? 'permanent-failure' : 'retries-exhausted', error, attempt);
            return;
          }
          const delay = backoffDelay(attempt, this.retry.initialMs, this.retry.maxMs);
          this.options.logger.warn({ err: error, attempt, delay, eventId: envelope.id, type: envelope.type }, 'handler failed; retrying');
          this.metrics?.recordRetry(topic, envelope.type, 'bounded');
          await this.pauseWithHeartbeats(delay, heartbeat);
        }
      }
    }));
  }

  /**
   * Runs `step` until it succeeds or fails with something other than a transient error (which it
   * rethrows). A transient error is retried with capped backoff for as long as it lasts: the
   * message is not committed, nothing is dead-lettered, and the partition waits.
   */
  private async untilNotTransient<T>(topic: string, envelope: EventEnvelope, heartbeat: () => Promise<void>, step: () => Promise<T>): Promise<T> {
    const { logger } = this.options;
    let waitingSince: number | undefined;
    let lastLogged = 0;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await step();
          if (waitingSince !== undefined) {
            logger.info({ eventId: envelope.id, type: envelope.type, attempts: attempt, waitedMs: Date.now() - waitingSince }, 'dependency is back; event handled');
          }
          return result;
        } catch (error) {
          if (classifyError(error) !== 'transient') throw error;
          if (this.stopping) throw new ConsumerStopping();
          const now = Date.now();
          if (waitingSince === undefined) {
            waitingSince = now;
            this.stats.waitingOnDependency++;
          }
          this.stats.lastError = (error as Error).message;
          this.metrics?.recordRetry(topic, envelope.type, 'transient');
          if (now - lastLogged >= WAITING_LOG_INTERVAL_MS) {
            lastLogged = now;
            logger.warn({ err: error, attempt, waitedMs: now - waitingSince, eventId: envelope.id, type: envelope.type }, 'a dependency is unavailable; the partition waits');
          }
          await this.pauseWithHeartbeats(backoffDelay(attempt, this.transientRetry.initialMs, this.transientRetry.maxMs), heartbeat);
        }
      }
    } finally {
      if (waitingSince !== undefined) this.stats.waitingOnDependency--;
    }
  }

  /**
   * Sleeps while the partition waits, heart-beating every few seconds: kafkajs only heartbeats
   * between messages, and a member silent for the session timeout is expelled from the group.
   * A heartbeat that fails (a rebalance took the partition away) ends the wait with that error,
   * uncommitted, and the message is consumed again by whoever owns the partition next.
   */
  private async pauseWithHeartbeats(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    const until = Date.now() + ms;
    for (let left = ms; left > 0 && !this.stopping; left = until - Date.now()) {
      await new Promise((r) => setTimeout(r, Math.min(left, HEARTBEAT_INTERVAL_MS)));
      await heartbeat();
    }
    if (this.stopping) throw new ConsumerStopping();
  }

  private async deadLetter(
    source: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>,
    type: string,
    reason: string,
    error: unknown,
    attempts: number,
  ): Promise<void> {
    const { groupId, logger } = this.options;
    const message = (error as Error)?.message ?? String(error);
    logger.error({ reason, error: message, topic: source.topic, partition: source.partition, offset: source.message.offset }, 'message dead-lettered');
    // If this send fails the error propagates, the offset is not committed and the message is retried.
    await this.dlqProducer!.send({
      topic: deadLetterTopic(groupId),
      acks: -1,
      messages: [
        {
          key: source.message.key,
          value: source.message.value,
          headers: {
            ...source.message.headers,
            [DeadLetterHeaders.reason]: reason,
            [DeadLetterHeaders.error]: message.slice(0, 4000),
            [DeadLetterHeaders.sourceTopic]: source.topic,
            [DeadLetterHeaders.sourcePartition]: String(source.partition),
            [DeadLetterHeaders.sourceOffset]: source.message.offset,
            [DeadLetterHeaders.consumerGroup]: groupId,
            [DeadLetterHeaders.attempts]: String(attempts),
            [DeadLetterHeaders.failedAt]: new Date().toISOString(),
          },
        },
      ],
    });
    this.stats.deadLettered++;
    this.metrics?.recordDeadLetter(source.topic, type, reason);
  }
}
