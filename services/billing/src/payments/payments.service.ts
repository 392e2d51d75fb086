import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { CopayRequest, CreatePaymentRequest, PaymentDto, PaymentMethod, PaymentReceivedV1 } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, DomainError, invalid, notFound } from '@clinic-flow/platform';
import { VisitsRepository } from '@clinic-flow/visits';
import { AccountsService, requireKey } from '../accounts/accounts.service';
import type { AccountRecord, PaymentRecord } from '../ledger/accounts.schema';
import { checkPosting } from '../ledger/ledger.rules';
import { LedgerService } from '../ledger/ledger.service';
import { CheckInEstimate } from './check-in-estimate';
import { PaymentAdapter } from './payment-adapter';

export const toPaymentDto = (account: AccountRecord, p: PaymentRecord, created: boolean): PaymentDto => ({
  id: p.id,
  accountId: account._id,
  method: p.method,
  amountCents: p.amountCents,
  ...(p.processorReference ? { processorReference: p.processorReference } : {}),
  ...(p.checkNumber ? { checkNumber: p.checkNumber } : {}),
  ...(p.appointmentId ? { appointmentId: p.appointmentId } : {}),
  ...(p.amountSource ? { amountSource: p.amountSource } : {}),
  balances: account.balances,
  created,
});

interface TakeInput {
  method: PaymentMethod;
  amountCents: number;
  cardToken?: string;
  checkNumber?: string;
  appointmentId?: string;
  siteId: string;
  overpayment: 'refuse' | 'credit';
  amountSource?: string;
}

/**
 * Patient payments: cash, check, or card through the payment adapter. The rules are checked
 * before the card is charged (a payment the ledger would refuse never reaches the card); a
 * declined card records nothing (409 PAYMENT.CARD_DECLINED with the reason); no answer from the
 * processor is 503 PAYMENT.PROCESSOR_UNAVAILABLE with nothing recorded, and the retry with the same
 * Idempotency-Key is safe: the processor key follows from it, so a capture that did happen is
 * answered again (not charged twice) and recorded then. Payment and ledger entry are one write.
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly accounts: AccountsService,
    private readonly ledger: LedgerService,
    private readonly adapter: PaymentAdapter,
    private readonly estimate: CheckInEstimate,
    private readonly visits: VisitsRepository,
    private readonly events: EventFactory,
  ) {}

  async pay(user: AuthUser, accountId: string, request: CreatePaymentRequest, key: string | undefined): Promise<PaymentDto> {
    const account = await this.accounts.open(user, accountId);
    return this.take(user, account, requireKey(key), { ...request, overpayment: request.overpayment ?? 'refuse' });
  }

  /**
   * A copay at check-in, recorded against the visit on the guarantor's account. Charges come at
   * checkout, so a copay usually arrives before there is anything to pay: it is kept as credit
   * on the account until the visit's charge is posted. The amount defaults to insurance's estimate.
   */
  async copay(user: AuthUser, appointmentId: string, request: CopayRequest, key: string | undefined): Promise<PaymentDto> {
    const visit = await this.visits.findById(appointmentId);
    if (!visit) throw notFound('APPOINTMENT.NOT_FOUND', `There is no visit ${appointmentId} (or billing has not heard of it yet).`);
    if (!user.siteIds.includes(visit.siteId)) throw new DomainError('forbidden', 'AUTH.SITE_FORBIDDEN', `Visit ${appointmentId} is at a site you do not work at.`);
    const account = await this.accounts.forPatient(user, visit.patientId);
    let amountCents = request.amountCents;
    let amountSource = 'given';
    if (amountCents === undefined) {
      const suggested = await this.estimate.dueToday(appointmentId);
      if (suggested === null) {
        throw invalid('PAYMENT.COPAY_AMOUNT_REQUIRED', "Insurance has no check-in estimate for this visit: give the copay's amountCents.", [{ field: 'amountCents', messages: ['required without an estimate'] }]);
      }
      amountCents = suggested;
      amountSource = 'insurance-estimate';
    }
    return this.take(user, account, key?.trim() || `copay:${appointmentId}`, {
      method: request.method, amountCents, cardToken: request.cardToken, checkNumber: request.checkNumber,
      appointmentId, siteId: visit.siteId, overpayment: 'credit', amountSource,
    });
  }

  private async take(user: AuthUser, account: AccountRecord, key: string, input: TakeInput): Promise<PaymentDto> {
    const previous = account.payments.find((p) => p.idempotencyKey === key);
    if (previous) {
      if (previous.amountCents !== input.amountCents || previous.method !== input.method) {
        throw conflict('PAYMENT.IDEMPOTENCY_KEY_REUSED', `Idempotency key ${key} was used for a different payment; use a new key for a new payment.`);
      }
      return toPaymentDto(account, previous, false);
    }
    const cardToken = input.cardToken;
    if (input.method === 'card' && !cardToken) throw invalid('PAYMENT.CARD_TOKEN_REQUIRED', 'A card payment needs the cardToken from the card reader.', [{ field: 'cardToken', messages: ['required for card'] }]);
    if (input.method === 'check' && !input.checkNumber) throw invalid('PAYMENT.CHECK_NUMBER_REQUIRED', 'A check payment needs its checkNumber.', [{ field: 'checkNumber', messages: ['required for check'] }]);
    if (!user.siteIds.includes(input.siteId)) throw new DomainError('forbidden', 'AUTH.SITE_FORBIDDEN', `You do not work at site ${input.siteId}.`);

    const paymentId = `pay-${randomUUID()}`;
    const entry = { type: 'payment' as const, amountCents: input.amountCents, bucket: 'patient' as const, method: input.method, siteId: input.siteId, paymentId, ...(input.appointmentId ? { visitId: input.appointmentId } : {}) };
    // Checked before the card is touched: the same check runs again under the lock when posting.
    const { problems } = checkPosting(account.entries, [entry], { overpayment: input.overpayment });
    if (problems.length) {
      const p = problems[0];
      throw p.kind === 'conflict' ? conflict(p.code, p.message) : invalid(p.code, p.message, [{ field: 'amountCents', messages: [p.message] }]);
    }

    let processorReference: string | undefined;
    if (input.method === 'card' && cardToken) {
      const outcome = await this.adapter.charge({ amountCents: input.amountCents, token: cardToken, idempotencyKey: `pay:${account._id}:${key}` });
      if (outcome.status === 'declined') throw conflict('PAYMENT.CARD_DECLINED', `${outcome.message} (${outcome.declineCode}). Nothing was charged or recorded; ask for another card or method.`);
      if (outcome.status === 'unavailable') {
        throw new DomainError('unavailable', 'PAYMENT.PROCESSOR_UNAVAILABLE', `The card processor did not confirm the payment (${outcome.message}). Nothing was recorded; retry with the same Idempotency-Key (it never charges twice).`);
      }
      processorReference = outcome.reference;
    }

    const record: PaymentRecord = {
      id: paymentId, method: input.method, amountCents: input.amountCents, idempotencyKey: key, siteId: input.siteId,
      ...(input.appointmentId ? { appointmentId: input.appointmentId } : {}),
      ...(input.checkNumber ? { checkNumber: input.checkNumber } : {}),
      ...(processorReference ? { processorReference } : {}),
      ...(input.amountSource ? { amountSource: input.amountSource } : {}),
      refundedCents: 0, receivedBy: user.id, receivedAt: new Date(),
    };
    try {
      const result = await this.ledger.post(account._id, [entry], `payment:${key}`, {
        source: user.id,
        scope: SiteScope.of(user),
        overpayment: input.overpayment,
        alongside: (acc) => ({
          change: { push: { payments: record } },
          events: [this.events.outboxEntry(PaymentReceivedV1, {
            subject: acc._id,
            siteId: input.siteId,
            data: {
              accountId: acc._id, patientId: acc.patientId, paymentId, method: input.method, amountCents: input.amountCents, siteId: input.siteId,
              ...(input.appointmentId ? { appointmentId: input.appointmentId } : {}), ...(processorReference ? { processorReference } : {}), receivedBy: user.id,
            },
          })],
        }),
      });
      const stored = result.account.payments.find((p) => p.idempotencyKey === key) ?? record;
      return toPaymentDto(result.account, stored, result.created);
    } catch (error) {
      // The card was captured but the ledger refused (the balance changed meanwhile): give the money back.
      if (processorReference) await this.adapter.refund({ reference: processorReference, amountCents: input.amountCents, idempotencyKey: `void:${account._id}:${key}` });
      throw error;
    }
  }
}
