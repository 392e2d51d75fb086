import { request } from 'undici';
import { MessageChannel, OutgoingMessage } from './channel';

/**
 * SMS through an HTTP provider API (`POST {base}/messages` with `{to, body, idempotencyKey}`).
 * In dev and tests the base URL is the local SMS sink in infra/sms-sink.
 */
export class SmsChannel implements MessageChannel {
  readonly name = 'sms' as const;

  constructor(private readonly baseUrl: string) {}

  async send(message: OutgoingMessage): Promise<{ providerMessageId: string }> {
    const res = await request(new URL('/messages', this.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': message.idempotencyKey },
      body: JSON.stringify({ to: message.to, body: message.text, idempotencyKey: message.idempotencyKey }),
      headersTimeout: 10_000,
      bodyTimeout: 10_000,
    });
    const body = (await res.body.json()) as { id?: string; message?: string };
    if (res.statusCode >= 300) throw new Error(`SMS provider answered ${res.statusCode}: ${body.message ?? 'no message'}`);
    return { providerMessageId: body.id ?? message.idempotencyKey };
  }

  async check(): Promise<void> {
    const res = await request(new URL('/health', this.baseUrl), { headersTimeout: 2000, bodyTimeout: 2000 });
    await res.body.dump();
    if (res.statusCode !== 200) throw new Error(`SMS provider health answered ${res.statusCode}`);
  }
}
