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
} from '@clinic-flow/contracts';
import { workContext } from '@clinic-flow/platform';
import { Inbox } from './inbox';
import { createProducer, ensureTopics, retryKafka } from './kafka';
import { backoffDelay, isPermanent } from './retry';

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

/** Marks a method as the handler of one event contract (type + version). */
export const OnEvent = (definition: EventDefinition) => applyDecorators(EventPattern(eventKey(definition)), UseFilters(new PassErrorToTransport()));

export interface KafkaEventServerOptions {
  kafka: Kafka;
  groupId: string;
  inbox: Inbox;
  logger: Logger;
  retry?: { attempts: number; initialMs: number; maxMs: number };
  concurrentPartitions?: number;
}

export interface ConsumerStatus {
  running: boolean;
  handled: number;
  deadLettered: number;
  lastError?: string;
}

/**
 * Kafka consumer as a NestJS transport. For every message: validate against its contract, skip
 * what this group already handled, run the handler with retries and backoff, and send what still
 * fails (or never was valid) to the group's dead-letter topic with the error attached. The offset
 * always moves on, so one poison message never blocks a partition.
 */
export class KafkaEventServer extends Server implements CustomTransportStrategy {
  private consumer?: Consumer;
  private dlqProducer?: Producer;
  private readonly retry: { attempts: number; initialMs: number; maxMs: number };
  readonly stats: ConsumerStatus = { running: false, handled: 0, deadLettered: 0 };

  constructor(private readonly options: KafkaEventServerOptions) {
    super();
    this.retry = options.retry ?? { attempts: 4, initialMs: 250, maxMs: 4000 };
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

  async listen(callback: (...optionalParams: unknown[]) => unknown): Promise<void> {
    const { kafka, groupId } = this.options;
    const topics = this.subscribedTopics();
    const dlq = deadLetterTopic(groupId);
    const admin = kafka.admin();
    await admin.connect();
    try {
      await ensureTopics(admin, [...topics, dlq]);
    } finally {
      await admin.disconnect();
    }
    this.dlqProducer = createProducer(kafka);
    await this.dlqProducer.connect();
    this.consumer = kafka.consumer({ groupId, sessionTimeout: 30000, heartbeatInterval: 3000, allowAutoTopicCreation: false });
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      this.stats.lastError = payload.error.message;
      this.options.logger.error({ err: payload.error }, 'consumer crashed; kafkajs restarts it');
    });
    await this.consumer.connect();
    await retryKafka(() => this.consumer!.subscribe({ topics, fromBeginning: true }));
    // Partitions in parallel; within one (one aggregate's events) order is kept.
    await this.consumer.run({ partitionsConsumedConcurrently: this.options.concurrentPartitions ?? 3, eachMessage: (payload) => this.handleMessage(payload) });
    this.stats.running = true;
    this.options.logger.info({ groupId, topics }, 'consuming');
    callback();
  }

  async close(): Promise<void> {
    this.stats.running = false;
    // disconnect() waits for the message in flight, then commits and leaves the group.
    await this.consumer?.disconnect();
    await this.dlqProducer?.disconnect();
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
      if (!(error instanceof ContractViolation)) throw error;
      await this.deadLetter({ topic, partition, message }, 'contract-violation', error, 0);
      return;
    }
    const pattern = eventKey(envelope);
    const handler = this.getHandlerByPattern(pattern);
    if (!handler) return; // another event type on a topic we read for other events
    const { inbox, logger } = this.options;
    await workContext.run({ correlationId: envelope.correlationId, causationId: envelope.id }, async () => {
      if (await inbox.seen(envelope.id)) {
        logger.debug({ eventId: envelope.id, type: envelope.type }, 'duplicate event skipped');
        return;
      }
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await handler(envelope, { topic, partition, offset: message.offset });
          if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
          await inbox.record(envelope.id, envelope.type);
          this.stats.handled++;
          return;
        } catch (error) {
          this.stats.lastError = (error as Error).message;
          if (isPermanent(error) || attempt >= this.retry.attempts) {
            await this.deadLetter({ topic, partition, message }, isPermanent(error) ? 'permanent-failure' : 'retries-exhausted', error, attempt);
            return;
          }
          const delay = backoffDelay(attempt, this.retry.initialMs, this.retry.maxMs);
          logger.warn({ err: error, attempt, delay, eventId: envelope.id, type: envelope.type }, 'handler failed; retrying');
          await new Promise((r) => setTimeout(r, delay));
          await heartbeat();
        }
      }
    });
  }

  private async deadLetter(
    source: Pick<EachMessagePayload, 'topic' | 'partition' | 'message'>,
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
  }
}
