import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { SiteScope } from '@clinic-flow/auth';
import { JOBS_REDIS, JobQueue, jobSource, PlannedJob } from '@clinic-flow/messaging';
import { APP_CONFIG, Metrics } from '@clinic-flow/platform';
import { sendMarkerKey } from '../channels/idempotent.channel';
import type { NotificationConfig } from '../config';
import { MessageEvents } from './message-events';
import { MessageJobData, MessagesQueue } from './messages.queue';
import { MessagesRepository } from './messages.repository';
import { resolveStuckSend, StuckSendResolution } from './messages.rules';
import { MessageRecord } from './messages.schema';

const RECOVERY = SiteScope.service('message recovery');

type LiveMessage = Pick<MessageRecord, '_id' | 'kind' | 'siteId' | 'status' | 'scheduledFor' | 'updatedAt' | 'channel'>;

/**
 * What the database says about messages when Redis may have lost their jobs: the planned work
 * the reconciler compares with the queue (messages still `scheduled`), and the messages stuck
 * `sending` past SEND_STUCK_AFTER_MS with no job left to finish them, resolved by resolveStuckSend.
 */
@Injectable()
export class MessageRecoveryService {
  private readonly logger = new Logger(MessageRecoveryService.name);
  private readonly resolved?: ReturnType<Metrics['counter']>;

  constructor(
    private readonly messages: MessagesRepository,
    private readonly events: MessageEvents,
    @Inject(MessagesQueue.token) private readonly queue: JobQueue<MessageJobData>,
    @Inject(JOBS_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
    @Optional() metrics?: Metrics,
  ) {
    this.resolved = metrics?.counter('message_stuck_sends_resolved_total', 'Messages found `sending` past SEND_STUCK_AFTER_MS with no job left, by how they were resolved.', ['outcome']);
  }

  /** The reconciler's source: stuck sends resolved first, then every message still scheduled. */
  async planned(): Promise<Array<PlannedJob<MessageJobData>>> {
    const live = await this.messages.listLive();
    for (const message of live.filter((m) => m.status === 'sending')) await this.resolveStuck(message);
    return live
      .filter((m) => m.status === 'scheduled')
      .map((m) => ({ data: { reminderId: m._id, correlationId: randomUUID() }, dueAt: m.scheduledFor, name: m.kind }));
  }

  /** Resolves one message if it is stuck `sending`; returns what was decided. */
  async resolveStuck(message: LiveMessage): Promise<StuckSendResolution> {
    const data = { reminderId: message._id, correlationId: randomUUID() };
    const now = new Date();
    if (message.status !== 'sending' || now.getTime() - message.updatedAt.getTime() < this.config.SEND_STUCK_AFTER_MS) return { action: 'wait' };
    const evidence = { job: await this.queue.state(data), marker: await this.redis.get(sendMarkerKey(this.config.QUEUE_PREFIX, message._id)) };
    const resolution = resolveStuckSend(message, evidence, now, this.config.SEND_STUCK_AFTER_MS);
    // Every write is conditional on the message still being `sending` (and unchanged since it was read).
    const stillStuck = (current: MessageRecord) => current.status === 'sending' && current.updatedAt.getTime() === message.updatedAt.getTime();
    let written = false;
    switch (resolution.action) {
      case 'wait':
        return resolution;
      case 'record-sent': {
        const current = await this.messages.findMessage(RECOVERY, message._id);
        if (!current || !stillStuck(current)) return { action: 'wait' };
        const sentAt = new Date();
        written = await this.messages.transitionIf(RECOVERY, message._id, stillStuck, { status: 'sent', sentAt, providerMessageId: resolution.providerMessageId }, [this.events.sent(current, current.channel ?? 'email', sentAt)]);
        break;
      }
      case 'retry':
        written = await this.messages.transitionIf(RECOVERY, message._id, stillStuck, { status: 'scheduled', failureReason: resolution.reason });
        if (written) await this.queue.replan(data, { name: message.kind, delayMs: message.scheduledFor.getTime() - Date.now() });
        break;
      case 'uncertain':
        written = await this.messages.transitionIf(RECOVERY, message._id, stillStuck, { status: 'uncertain', failureReason: resolution.reason });
        break;
    }
    if (!written) return { action: 'wait' };
    this.resolved?.inc({ outcome: resolution.action });
    const log = `message ${message._id} (${message.kind}, ${message.channel ?? 'no channel'}) was stuck sending since ${message.updatedAt.toISOString()}: ${resolution.action}`;
    if (resolution.action === 'uncertain') this.logger.warn(`${log}: ${resolution.reason}`);
    else this.logger.log(log);
    return resolution;
  }
}

/** Messages still `scheduled` are the planned work of the messages queue (see JobReconciler). */
export const messagesSource = jobSource(MessagesQueue, { inject: [MessageRecoveryService], planned: (recovery: MessageRecoveryService) => recovery.planned() });
