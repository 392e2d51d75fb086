import { request } from 'undici';
import { MessageChannel, OutgoingMessage, SendResult } from './channel';

/**
 * SMS through an HTTP provider API (`POST {base}/messages` with `{to, from, body, idempotencyKey}`,
 * bearer key optional). The provider drops a second message with the same idempotency key.
 * In dev and tests the base URL is the local SMS sink in infra/sms-sink.
 */
export class SmsChannel implements MessageChannel {
  readonly name = 'sms' as const;

  constructor(
    private readonly baseUrl: string,
    private readonly options: { from?: string; apiKey?: string } = {},
  ) {}

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    return { 'content-type': 'application/json', ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}), ...extra };
  }

  async send(message: OutgoingMessage): Promise<SendResult> {
    const res = await request(new URL('/messages', this.baseUrl), {
      method: 'POST',
      headers: this.headers({ 'idempotency-key': message.idempotencyKey }),
      body: JSON.stringify({ to: message.to, from: this.options.from, body: message.text, idempotencyKey: message.idempotencyKey }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const body = (await res.body.json()) as { id?: string; message?: string };
    if (res.statusCode >= 300) throw new Error(`SMS provider answered ${res.statusCode}: ${body.message ?? 'no message'}`);
    return { providerMessageId: body.id ?? message.idempotencyKey };
  }

  /** Tells the provider where to deliver replies and with which secret to sign them. */
  async registerInboundWebhook(url: string, secret: string): Promise<void> {
    const res = await request(new URL('/inbound/webhook', this.baseUrl), {
      method: 'PUT',
      headers: this.headers(),
      body: JSON.stringify({ url, secret }),
      headersTimeout: 5000,
      bodyTimeout: 5000,
    });
    await res.body.dump();
    if (res.statusCode >= 300) throw new Error(`SMS provider refused the inbound webhook: ${res.statusCode}`);
  }

  async check(): Promise<void> {
    const res = await request(new URL('/health', this.baseUrl), { headersTimeout: 2000, bodyTimeout: 2000 });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`SMS provider health answered ${res.statusCode}`);
  }
}
