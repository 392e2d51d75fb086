import { Inject, Injectable, Logger } from '@nestjs/common';
import { request } from 'undici';
import { APP_CONFIG, errorMessageForLog } from '@clinic-flow/platform';
import type { BillingConfig } from '../config';

/** What a card processor answered a charge: captured, declined (with why), or no answer (nothing known to be charged). */
export type ChargeOutcome =
  | { status: 'captured'; reference: string }
  | { status: 'declined'; declineCode: string; message: string }
  | { status: 'unavailable'; message: string };

export type RefundOutcome = { status: 'refunded'; reference: string } | { status: 'failed'; message: string };

/**
 * The payment adapter: how billing talks to a card processor. Cards are tokens only (billing never
 * sees a card number). Every call carries an idempotency key, so a retry after a timeout is
 * answered with the first result and never charges twice.
 */
export abstract class PaymentAdapter {
  abstract charge(input: { amountCents: number; token: string; idempotencyKey: string }): Promise<ChargeOutcome>;
  abstract refund(input: { reference: string; amountCents: number; idempotencyKey: string }): Promise<RefundOutcome>;
}

/** The adapter for the local card simulator (infra/payments/server.js), PAYMENTS_URL. */
@Injectable()
export class CardSimulatorAdapter extends PaymentAdapter {
  private readonly logger = new Logger(CardSimulatorAdapter.name);

  constructor(@Inject(APP_CONFIG) private readonly config: BillingConfig) {
    super();
  }

  async charge(input: { amountCents: number; token: string; idempotencyKey: string }): Promise<ChargeOutcome> {
    try {
      const { status, body } = await this.call('/charges', input);
      if (status === 200 || status === 201) return { status: 'captured', reference: String(body.id) };
      if (status === 402) return { status: 'declined', declineCode: String(body.declineCode), message: String(body.message) };
      return { status: 'unavailable', message: `the card processor answered ${status}` };
    } catch (error) {
      this.logger.warn(`card processor did not answer a charge: ${errorMessageForLog(error)}`);
      return { status: 'unavailable', message: 'the card processor did not answer' };
    }
  }

  async refund(input: { reference: string; amountCents: number; idempotencyKey: string }): Promise<RefundOutcome> {
    try {
      const { status, body } = await this.call('/refunds', { chargeId: input.reference, amountCents: input.amountCents, idempotencyKey: input.idempotencyKey });
      if (status === 200 || status === 201) return { status: 'refunded', reference: String(body.id) };
      return { status: 'failed', message: String(body.error ?? `the card processor answered ${status}`) };
    } catch (error) {
      this.logger.warn(`card processor did not answer a refund: ${errorMessageForLog(error)}`);
      return { status: 'failed', message: 'the card processor did not answer' };
    }
  }

  private async call(path: string, payload: object): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await request(new URL(path, this.config.PAYMENTS_URL), {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(payload),
      headersTimeout: this.config.PAYMENTS_TIMEOUT_MS,
      bodyTimeout: this.config.PAYMENTS_TIMEOUT_MS,
    });
    const text = await res.body.text();
    let body: Record<string, unknown> = {};
    try {
      body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      body = {};
    }
    return { status: res.statusCode, body };
  }
}
