import { HttpException, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ContractViolation, JOB_SERVICES, OpsFailedJobsQuery, parseEvent, RetryJobRequest } from '@clinic-flow/contracts';
import { FailedJobView, RawMessage, StreamOperations, TopicsFollower } from '@clinic-flow/messaging';
import { AuthUser } from '@clinic-flow/auth';
import { DomainError, parsePrometheusText, workContext } from '@clinic-flow/platform';
import { UpstreamClient, UPSTREAMS } from '../upstream/upstream.client';
import {
  applyCorrection,
  CorrectionRefused,
  DEAD_LETTERS_KEPT_PER_TOPIC,
  deadLetterOrigin,
  DeadLetterPosition,
  eventIdentity,
  isDeadLetterTopic,
  isEventTopic,
  latenessSummary,
  maskEvent,
  positionKey,
  replayHeaders,
} from './operations.rules';
import { DeadLetterState, OperationsRepository } from './operations.repository';

export type DeadLetterStatus = 'open' | 'replayed' | 'discarded';

export interface DeadLetterFilter {
  topic?: string;
  status?: DeadLetterStatus | 'all';
  type?: string;
  key?: string;
  limit: number;
  offset: number;
}

/** One live event as the stream sends it: where it is, and its masked content. */
export interface LiveEvent {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  timestamp: string;
  type?: string;
  event?: Record<string, unknown>;
  unreadable?: { bytes: number };
}

type Listener = (event: LiveEvent) => void;

/** Replays and discards act on at most this many dead letters per call. */
export const MAX_BATCH = 200;

/**
 * The operations console's use cases (issue 13): dead letters (read from every dead-letter topic
 * from the beginning, decisions kept in the gateway's database), replay and discard (audited),
 * consumer groups with their lag, the services' queues, outbox backlog and health (read from their
 * /metrics and /health/ready), and the live event stream (masked).
 */
@Injectable()
export class OperationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Operations');
  /** Dead letters by topic, in the order read. */
  private readonly deadLetters = new Map<string, Map<string, RawMessage>>();
  private readonly listeners = new Set<Listener>();
  private deadLetterFollower?: TopicsFollower;
  private liveFollower?: TopicsFollower;

  constructor(
    private readonly streams: StreamOperations,
    private readonly repository: OperationsRepository,
    private readonly upstream: UpstreamClient,
  ) {}

  onApplicationBootstrap(): void {
    this.deadLetterFollower = this.streams.follow({ name: 'ops-dead-letters', match: isDeadLetterTopic, fromBeginning: true, onMessage: (m) => this.keepDeadLetter(m), rediscoverMs: 10_000 });
    // Started in the background: the gateway serves sign-in while Kafka is still coming up.
    void this.deadLetterFollower.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.deadLetterFollower?.stop();
    await this.liveFollower?.stop();
  }

  private keepDeadLetter(message: RawMessage): void {
    const ofTopic = this.deadLetters.get(message.topic) ?? new Map<string, RawMessage>();
    this.deadLetters.set(message.topic, ofTopic);
    ofTopic.set(positionKey(message), message);
    if (ofTopic.size > DEAD_LETTERS_KEPT_PER_TOPIC) ofTopic.delete(ofTopic.keys().next().value!);
  }

  private view(message: RawMessage, state: DeadLetterState | undefined) {
    const origin = deadLetterOrigin(message.headers);
    const identity = eventIdentity(message.value);
    return {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      writtenAt: new Date(Number(message.timestamp)).toISOString(),
      ...identity,
      ...origin,
      status: (state?.status ?? 'open') as DeadLetterStatus,
      replays: state?.replays?.length ?? 0,
      discarded: state?.discarded ? { at: state.discarded.at, by: state.discarded.by, reason: state.discarded.reason } : undefined,
      ...maskEvent(message.value),
    };
  }

  /** Dead-letter topics with their counts (all, and still open). */
  async deadLetterTopics() {
    await this.deadLetterFollower?.refresh();
    const states = await this.repository.allStates();
    const topics = new Set([...(this.deadLetterFollower?.following ?? []), ...this.deadLetters.keys()]);
    return [...topics].sort().map((topic) => {
      const messages = [...(this.deadLetters.get(topic)?.values() ?? [])];
      const open = messages.filter((m) => !states.has(positionKey(m))).length;
      return { topic, consumerGroup: topic.replace(/^clinic\.deadletter\./, '').replace(/\.v\d+$/, ''), total: messages.length, open };
    });
  }

  /** Dead letters, newest first, with their error and masked payload. */
  async listDeadLetters(filter: DeadLetterFilter) {
    await this.deadLetterFollower?.refresh();
    const states = await this.repository.allStates();
    const all = [...this.deadLetters.entries()]
      .filter(([topic]) => !filter.topic || topic === filter.topic)
      .flatMap(([, messages]) => [...messages.values()])
      .map((m) => this.view(m, states.get(positionKey(m))))
      .filter((v) => !filter.status || filter.status === 'all' || v.status === filter.status)
      .filter((v) => !filter.type || v.type === filter.type)
      .filter((v) => !filter.key || v.key === filter.key)
      .sort((a, b) => (a.writtenAt === b.writtenAt ? Number(b.offset) - Number(a.offset) : b.writtenAt.localeCompare(a.writtenAt)));
    return { items: all.slice(filter.offset, filter.offset + filter.limit), total: all.length, limit: filter.limit, offset: filter.offset };
  }

  private find(position: DeadLetterPosition): RawMessage {
    const message = this.deadLetters.get(position.topic)?.get(positionKey(position));
    if (!message) throw new DomainError('not-found', 'OPS.DEAD_LETTER_NOT_FOUND', `No dead letter at ${positionKey(position)} (it may have expired from its topic)`);
    return message;
  }

  /** One dead letter: everything the list shows, its other headers, and what operators did to it. */
  async inspect(position: DeadLetterPosition) {
    const message = this.find(position);
    const state = (await this.repository.state(positionKey(position))) ?? undefined;
    const headers = Object.fromEntries(Object.entries(message.headers).filter(([name]) => !name.startsWith('dlq-')));
    const actions = await this.repository.recentActions(50, positionKey(position));
    return { ...this.view(message, state), headers, history: actions.map(({ _id, ...a }) => ({ id: _id, ...a })) };
  }

  /**
   * Re-publishes dead letters to the topics they came from, each with the operator's correction
   * applied, after checking it against its contract (a replay that would be dead-lettered again is
   * refused). The event keeps its id: every consumer group that already handled it skips it, the
   * one that failed it handles it now. Each replay is audited.
   */
  async replay(user: AuthUser, items: DeadLetterPosition[], set: Record<string, unknown> = {}, reason?: string) {
    const corrected = Object.keys(set);
    const prepared = await Promise.all(
      items.map(async (position) => {
        const message = this.find(position);
        const origin = deadLetterOrigin(message.headers);
        if (!origin.sourceTopic) throw new DomainError('unprocessable', 'OPS.NO_SOURCE_TOPIC', `The dead letter at ${positionKey(position)} does not say which topic it came from`);
        let value: string;
        try {
          value = corrected.length ? applyCorrection(message.value, set) : (message.value ?? '');
          await parseEvent(value);
        } catch (error) {
          if (!(error instanceof ContractViolation || error instanceof CorrectionRefused)) throw error;
          const detail = error instanceof ContractViolation ? error.problems.join('; ') : error.message;
          await this.audit(user, 'replay', positionKey(position), 'refused', { reason, corrected, detail });
          throw new DomainError('unprocessable', 'OPS.REPLAY_STILL_INVALID', `The dead letter at ${positionKey(position)} would fail again: ${detail}. Correct it (set) or fix its consumer first.`, {
            position: positionKey(position),
            problems: error instanceof ContractViolation ? error.problems : [error.message],
          });
        }
        return { position, message, origin: origin.sourceTopic, value };
      }),
    );
    const results = [];
    for (const { position, message, origin, value } of prepared) {
      await this.streams.publish(origin, message.key, value, replayHeaders(message.headers, position, user.id));
      const action = await this.audit(user, 'replay', positionKey(position), 'done', { reason, corrected });
      await this.repository.recordReplay(positionKey(position), { at: action.at, by: user.id, corrected, actionId: action._id });
      this.logger.log(`dead letter ${positionKey(position)} replayed to ${origin} by ${user.id}${corrected.length ? ` with ${corrected.join(', ')} corrected` : ''}`);
      results.push({ ...position, replayedTo: origin, actionId: action._id });
    }
    return { replayed: results };
  }

  /** Marks dead letters as dealt with, with the reason (audited); the messages stay in their topic until it expires them. */
  async discard(user: AuthUser, items: DeadLetterPosition[], reason: string) {
    for (const position of items) this.find(position);
    const results = [];
    for (const position of items) {
      const action = await this.audit(user, 'discard', positionKey(position), 'done', { reason });
      await this.repository.recordDiscard(positionKey(position), { at: action.at, by: user.id, reason, actionId: action._id });
      results.push({ ...position, actionId: action._id });
    }
    return { discarded: results };
  }

  /**
   * Failed jobs of every service's queues (or one service's), newest first, read from each
   * service (job data as ids and numbers only); a service that does not answer is named in `errors`.
   */
  async failedJobs(query: OpsFailedJobsQuery) {
    const services = query.service ? [query.service] : [...JOB_SERVICES];
    const params = new URLSearchParams({ limit: String(query.limit) });
    if (query.queue) params.set('queue', query.queue);
    const errors: Array<{ service: string; error: string }> = [];
    const lists = await Promise.all(
      services.map((service) =>
        this.upstream.call<{ items: FailedJobView[] }>(service, 'GET', `/jobs/failed?${params}`).then(
          ({ items }) => items.map((job) => ({ service, ...job })),
          (error: unknown) => {
            errors.push({ service, error: error instanceof HttpException ? JSON.stringify(error.getResponse()) : (error as Error).message });
            return [];
          },
        ),
      ),
    );
    const items = lists.flat().sort((a, b) => (b.failedAt ?? '').localeCompare(a.failedAt ?? '')).slice(0, query.limit);
    return { items, errors, readAt: new Date().toISOString() };
  }

  /** Retries one failed job in its service (which may refuse: not failed, not found, or the domain says no); audited either way. */
  async retryJob(user: AuthUser, request: RetryJobRequest) {
    const target = `${request.service}/${request.queue}/${request.id}`;
    let result: { queue: string; id: string; state: string };
    try {
      result = await this.upstream.call(request.service, 'POST', `/jobs/${encodeURIComponent(request.queue)}/${encodeURIComponent(request.id)}/retry`);
    } catch (error) {
      const refusal = error instanceof HttpException ? (error.getResponse() as { code?: string; detail?: string }) : undefined;
      if (refusal?.code) await this.audit(user, 'retry-job', target, 'refused', { reason: request.reason, detail: `${refusal.code}: ${refusal.detail ?? ''}` });
      throw error;
    }
    const action = await this.audit(user, 'retry-job', target, 'done', { reason: request.reason });
    this.logger.log(`job ${target} retried by ${user.id}`);
    return { service: request.service, ...result, actionId: action._id };
  }

  private audit(user: AuthUser, action: 'replay' | 'discard' | 'retry-job', target: string, outcome: 'done' | 'refused', extra: { reason?: string; corrected?: string[]; detail?: string }) {
    return this.repository.recordAction({
      by: { userId: user.id, email: user.email },
      action,
      target,
      outcome,
      reason: extra.reason,
      corrected: extra.corrected?.length ? extra.corrected : undefined,
      detail: extra.detail,
      correlationId: workContext.correlationId(),
    });
  }

  async actions(limit: number) {
    return { items: (await this.repository.recentActions(limit)).map(({ _id, ...a }) => ({ id: _id, ...a })) };
  }

  consumerGroups() {
    return this.streams.consumerGroups().then((items) => ({ items, readAt: new Date().toISOString() }));
  }

  /**
   * Every service's readiness, queues (BullMQ depth by state, and how late their delayed jobs
   * started: a reminder's lateness) and outbox backlog, read from its
   * /health/ready and /metrics; a service that does not answer is shown down, the others still are.
   */
  async services() {
    const items = await Promise.all(
      UPSTREAMS.map(async (service) => {
        const [health, metrics] = await Promise.all([
          this.upstream.request(service, 'GET', '/health/ready', undefined, 3000).then(
            ({ status, json }) => ({ status: status === 200 ? 'up' : 'down', checks: (json as { checks?: unknown })?.checks ?? json }),
            (error: unknown) => ({ status: 'down', error: (error as Error).message }),
          ),
          this.upstream.forward(service, 'GET', '/metrics', undefined, 3000).then(
            ({ status, text }) => (status === 200 ? parsePrometheusText(text) : []),
            () => [],
          ),
        ]);
        const queues = new Map<string, Record<string, number>>();
        const outbox: Array<{ collection: string; pending: number; oldestAgeSeconds: number }> = [];
        for (const sample of metrics) {
          if (sample.name === 'job_queue_depth') {
            const row = queues.get(sample.labels.queue) ?? {};
            row[sample.labels.state] = sample.value;
            queues.set(sample.labels.queue, row);
          } else if (sample.name === 'outbox_pending_events') {
            const age = metrics.find((s) => s.name === 'outbox_oldest_pending_age_seconds' && s.labels.collection === sample.labels.collection)?.value ?? 0;
            outbox.push({ collection: sample.labels.collection, pending: sample.value, oldestAgeSeconds: age });
          }
        }
        return {
          service,
          ...health,
          queues: [...queues.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([queue, depth]) => ({ queue, ...depth, lateness: latenessSummary(metrics, queue) })),
          outbox: outbox.sort((a, b) => a.collection.localeCompare(b.collection)),
        };
      }),
    );
    return { items, readAt: new Date().toISOString() };
  }

  /** Registers a listener of the live stream (masked events of every domain topic); returns its removal. */
  async subscribe(listener: Listener): Promise<() => void> {
    if (!this.liveFollower) {
      this.liveFollower = this.streams.follow({ name: 'ops-live', match: isEventTopic, fromBeginning: false, onMessage: (m) => this.broadcast(m), rediscoverMs: 30_000 });
      await this.liveFollower.start();
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private broadcast(message: RawMessage): void {
    if (!this.listeners.size) return;
    const masked = maskEvent(message.value);
    const event: LiveEvent = {
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
      key: message.key,
      timestamp: new Date(Number(message.timestamp)).toISOString(),
      type: typeof masked.event?.type === 'string' ? masked.event.type : undefined,
      ...masked,
    };
    for (const listener of this.listeners) listener(event);
  }
}
