import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { CreateRefundRequest, PaymentRefundedV1, RefundDto } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, DomainError, invalid } from '@clinic-flow/platform';
import { AccountsService, requireKey } from '../accounts/accounts.service';
import type { AccountRecord, RefundRecord } from '../ledger/accounts.schema';
import { checkPosting } from '../ledger/ledger.rules';
import { LedgerService } from '../ledger/ledger.service';
import { PaymentAdapter } from '../payments/payment-adapter';

const toRefundDto = (account: AccountRecord, r: RefundRecord, created: boolean): RefundDto => ({
  id: r.id,
  accountId: account._id,
  method: r.method,
  amountCents: r.amountCents,
  ...(r.originalPaymentId ? { originalPaymentId: r.originalPaymentId } : {}),
  ...(r.processorReference ? { processorReference: r.processorReference } : {}),
  balances: account.balances,
  created,
});

/**
 * Refunds of a credit balance, never more than the credit: to the original card payment through
 * the payment adapter (the processor's refund first; nothing is recorded if it fails), or a check
 * (its number recorded). The refund entry, the refund record and the card payment's refunded
 * amount are one write.
 */
@Injectable()
export class RefundsService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly ledger: LedgerService,
    private readonly adapter: PaymentAdapter,
    private readonly events: EventFactory,
  ) {}

  async refund(user: AuthUser, accountId: string, request: CreateRefundRequest, rawKey: string | undefined): Promise<RefundDto> {
    const key = requireKey(rawKey);
    const account = await this.accounts.open(user, accountId);
    const previous = account.refunds.find((r) => r.idempotencyKey === key);
    if (previous) {
      if (previous.amountCents !== request.amountCents || previous.method !== request.method) throw conflict('REFUND.IDEMPOTENCY_KEY_REUSED', `Idempotency key ${key} was used for a different refund.`);
      return toRefundDto(account, previous, false);
    }
    if (!user.siteIds.includes(request.siteId)) throw new DomainError('forbidden', 'AUTH.SITE_FORBIDDEN', `You do not work at site ${request.siteId}.`);
    const refundId = `ref-${randomUUID()}`;
    const entry = { type: 'refund' as const, amountCents: request.amountCents, method: request.method, siteId: request.siteId, paymentId: request.paymentId };
    const { problems } = checkPosting(account.entries, [entry]);
    if (problems.length) throw problems[0].kind === 'conflict' ? conflict(problems[0].code, problems[0].message) : invalid(problems[0].code, problems[0].message);

    let processorReference: string | undefined;
    let original = request.paymentId ? account.payments.find((p) => p.id === request.paymentId) : undefined;
    if (request.method === 'card') {
      if (request.paymentId && (!original || original.method !== 'card')) throw invalid('REFUND.PAYMENT_NOT_CARD', `Payment ${request.paymentId} is not a card payment of this account.`, [{ field: 'paymentId', messages: ['not a card payment of this account'] }]);
      original ??= [...account.payments].reverse().find((p) => p.method === 'card' && p.amountCents - p.refundedCents >= request.amountCents);
      if (!original?.processorReference || original.amountCents - original.refundedCents < request.amountCents) {
        throw conflict('REFUND.NO_CARD_PAYMENT', 'No card payment of this account has that much left to refund; refund by check instead.');
      }
      const outcome = await this.adapter.refund({ reference: original.processorReference, amountCents: request.amountCents, idempotencyKey: `refund:${account._id}:${key}` });
      if (outcome.status === 'failed') throw new DomainError('unavailable', 'PAYMENT.PROCESSOR_UNAVAILABLE', `The card processor did not refund (${outcome.message}). Nothing was recorded; retry with the same Idempotency-Key.`);
      processorReference = outcome.reference;
    } else if (!request.checkNumber) {
      throw invalid('REFUND.CHECK_NUMBER_REQUIRED', 'A refund by check records the check number.', [{ field: 'checkNumber', messages: ['required for check'] }]);
    }
    const record: RefundRecord = {
      id: refundId, method: request.method, amountCents: request.amountCents, idempotencyKey: key, siteId: request.siteId,
      ...(original ? { originalPaymentId: original.id } : {}), ...(processorReference ? { processorReference } : {}),
      ...(request.checkNumber ? { checkNumber: request.checkNumber } : {}), refundedBy: user.id, refundedAt: new Date(),
    };
    const refundedPayment = original;
    const result = await this.ledger.post(account._id, [{ ...entry, ...(original ? { paymentId: original.id } : { paymentId: undefined }) }], `refund:${key}`, {
      source: user.id,
      scope: SiteScope.of(user),
      alongside: (acc) => ({
        change: {
          set: refundedPayment ? { payments: acc.payments.map((p) => (p.id === refundedPayment.id ? { ...p, refundedCents: p.refundedCents + request.amountCents } : p)) } : {},
          push: { refunds: record },
        },
        events: [this.events.outboxEntry(PaymentRefundedV1, {
          subject: acc._id,
          siteId: request.siteId,
          data: { accountId: acc._id, patientId: acc.patientId, refundId, method: request.method, amountCents: request.amountCents, ...(original ? { originalPaymentId: original.id } : {}), refundedBy: user.id },
        })],
      }),
    });
    return toRefundDto(result.account, result.account.refunds.find((r) => r.idempotencyKey === key) ?? record, result.created);
  }
}
