import type { Redis } from 'ioredis';
import { inSpan, SpanKind } from '@clinic-flow/platform';
import { MessageChannel, OutgoingMessage, SendResult } from './channel';

const RETAIN_MS = 30 * 24 * 3600_000;

// Replace the marker only if it is still the one we read (a stale "sending" taken over once).
const COMPARE_AND_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end return 0`;

/** The Redis key of a message's send marker (`sending:<ms>` or `sent:<provider id>`). */
export const sendMarkerKey = (prefix: string, idempotencyKey: string): string => `${prefix}:send:${idempotencyKey}`;

export class SendInProgressError extends Error {
  constructor(key: string) {
    super(`message ${key} is being sent by another attempt`);
    this.name = 'SendInProgressError';
  }
}

/**
 * Makes any channel send a message at most once per idempotency key, across retries and crashes.
 *
 * Before the provider call a `sending:<time>` marker is set with SET NX; after it, `sent:<provider id>`.
 * A retry that finds `sent:` returns the stored id without sending (the crash-between-send-and-record
 * case). One that finds a fresh `sending:` backs off (another attempt is mid-call); a `sending:` older
 * than the lease means a crash during the provider call, whose outcome is unknown: the message is sent
 * again with the same key, which the SMS provider drops as a duplicate and mail systems can recognise
 * by its Message-ID. A provider error clears the marker so the retry sends.
 */
export class IdempotentChannel implements MessageChannel {
  readonly name: MessageChannel['name'];

  constructor(
    private readonly inner: MessageChannel,
    private readonly redis: Redis,
    private readonly options: { prefix: string; leaseMs: number },
  ) {
    this.name = inner.name;
  }

  private key(idempotencyKey: string): string {
    return sendMarkerKey(this.options.prefix, idempotencyKey);
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const key = this.key(message.idempotencyKey);
    const marker = `sending:${Date.now()}`;
    const claimed = await this.redis.set(key, marker, 'PX', RETAIN_MS, 'NX');
    if (!claimed) {
      const current = await this.redis.get(key);
      if (current?.startsWith('sent:')) return { providerMessageId: current.slice('sent:'.length), replayed: true };
      const since = Number(current?.slice('sending:'.length));
      if (current && Date.now() - since < this.options.leaseMs) throw new SendInProgressError(message.idempotencyKey);
      const takenOver = await this.redis.eval(COMPARE_AND_SET, 1, key, current ?? '', marker, String(RETAIN_MS));
      if (takenOver !== 1) throw new SendInProgressError(message.idempotencyKey);
    }
    let result: SendResult;
    try {
      // The provider call (SMTP or the SMS API) is the last span of a message's trace; it names the
      // channel only, never the address or the text.
      result = await inSpan(`${this.name} send`, { kind: SpanKind.CLIENT, attributes: { 'clinic_flow.channel': this.name } }, () => this.inner.send(message));
    } catch (error) {
      await this.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, key, marker);
      throw error;
    }
    await this.redis.set(key, `sent:${result.providerMessageId}`, 'PX', RETAIN_MS);
    return result;
  }

  check(): Promise<void> {
    return this.inner.check();
  }

  close(): void {
    this.inner.close?.();
  }
}
