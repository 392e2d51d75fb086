import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { CreatePaymentPlanRequest, PaymentPlanCreatedV1, PaymentPlanDto, PaymentReceivedV1 } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, DomainError, errorMessageForLog, notFound } from '@clinic-flow/platform';
import { AccountsRepository } from '../ledger/accounts.repository';
import type { PaymentRecord } from '../ledger/accounts.schema';
import { AccountsService } from '../accounts/accounts.service';
import { LedgerService } from '../ledger/ledger.service';
import { PaymentAdapter } from '../payments/payment-adapter';
import { firstDueDate, installmentAmount, isoDate, nextDueDate } from './payment-plans.rules';
import { PaymentPlansRepository, planIdFor } from './payment-plans.repository';
import type { InstallmentRecord, PaymentPlanRecord } from './payment-plans.schema';

const toDto = (p: PaymentPlanRecord): PaymentPlanDto => ({
  id: p._id, accountId: p.accountId, amountPerMonthCents: p.amountPerMonthCents, dayOfMonth: p.dayOfMonth, mode: p.mode, status: p.status,
  installments: p.installments.map((i) => ({ ...i })),
});

const JOB_SCOPE = 'payment plans: the monthly installments (a job)';

/**
 * Payment plans: agreed by billing or the office manager on an account with a patient balance,
 * one active plan per account. The monthly job charges a card-on-file plan's due installment
 * through the payment adapter with an idempotency key per installment (plan and due date), so a
 * retried job never charges twice; a decline marks the installment missed (statements show it)
 * and the plan moves on to next month. A manual plan only records the installment as due.
 */
@Injectable()
export class PaymentPlansService {
  private readonly logger = new Logger(PaymentPlansService.name);

  constructor(
    private readonly plans: PaymentPlansRepository,
    private readonly accountsRepo: AccountsRepository,
    private readonly accounts: AccountsService,
    private readonly ledger: LedgerService,
    private readonly adapter: PaymentAdapter,
    private readonly events: EventFactory,
  ) {}

  async create(user: AuthUser, accountId: string, request: CreatePaymentPlanRequest): Promise<PaymentPlanDto> {
    const account = await this.accounts.open(user, accountId);
    if (!user.siteIds.includes(request.siteId)) throw new DomainError('forbidden', 'AUTH.SITE_FORBIDDEN', `You do not work at site ${request.siteId}.`);
    if (account.balances.patientCents <= 0) throw conflict('PAYMENT_PLAN.NO_BALANCE', 'The patient owes nothing: there is nothing to spread over months.');
    const now = new Date();
    const id = planIdFor(accountId);
    const mode = request.cardToken ? 'card-on-file' : 'manual';
    const outcome = await this.plans.upsert(SiteScope.of(user), id, (current) => {
      if (current && current.status === 'active') throw conflict('PAYMENT_PLAN.EXISTS', `Account ${accountId} has an active payment plan; cancel it first.`);
      return {
        set: {
          accountId, patientId: account.patientId, siteId: request.siteId, amountPerMonthCents: request.amountPerMonthCents, dayOfMonth: request.dayOfMonth, mode,
          ...(request.cardToken ? { cardToken: request.cardToken } : { cardToken: undefined }), status: 'active', installments: [],
          nextDueDate: firstDueDate(isoDate(DateTime.fromJSDate(now, { zone: 'UTC' })), request.dayOfMonth), createdBy: user.id, createdAt: now,
        },
        events: [this.events.outboxEntry(PaymentPlanCreatedV1, {
          subject: accountId,
          siteId: request.siteId,
          data: { accountId, patientId: account.patientId, planId: id, amountPerMonthCents: request.amountPerMonthCents, dayOfMonth: request.dayOfMonth, mode, createdBy: user.id },
        })],
      };
    });
    return toDto(outcome.doc);
  }

  async get(user: AuthUser, accountId: string): Promise<PaymentPlanDto> {
    await this.accounts.open(user, accountId);
    const plan = await this.plans.findById(SiteScope.of(user), planIdFor(accountId));
    if (!plan) throw notFound('PAYMENT_PLAN.NOT_FOUND', `Account ${accountId} has no payment plan.`);
    return toDto(plan);
  }

  /** Charges every installment due by now; returns how many were settled (paid, missed or recorded due). */
  async chargeDue(now = new Date()): Promise<number> {
    const today = isoDate(DateTime.fromJSDate(now, { zone: 'UTC' }));
    const due: PaymentPlanRecord[] = [];
    await this.plans.forEach(SiteScope.service(JOB_SCOPE), (p) => {
      if (p.status === 'active' && p.nextDueDate <= today) due.push(p);
    });
    let settled = 0;
    for (const plan of due) {
      try {
        if (await this.settle(plan)) settled++;
      } catch (error) {
        this.logger.warn(`installment of plan ${plan._id} due ${plan.nextDueDate}: ${errorMessageForLog(error)}`);
      }
    }
    return settled;
  }

  private async settle(plan: PaymentPlanRecord): Promise<boolean> {
    const scope = SiteScope.service(JOB_SCOPE);
    const account = await this.accountsRepo.findById(scope, plan.accountId);
    if (!account) return false;
    const dueDate = plan.nextDueDate;
    const amountCents = installmentAmount(plan.amountPerMonthCents, account.balances.patientCents);
    const advance = (installment: InstallmentRecord | null, status?: PaymentPlanRecord['status']) =>
      this.plans.update(scope, plan._id, (current) => {
        if (current.nextDueDate !== dueDate || current.status !== 'active') return null;
        return {
          set: { nextDueDate: nextDueDate(dueDate, current.dayOfMonth), ...(status ? { status } : {}) },
          ...(installment ? { push: { installments: installment } } : {}),
        };
      });
    if (amountCents === 0) {
      await advance(null, 'completed');
      return true;
    }
    if (plan.mode === 'manual' || !plan.cardToken) {
      await advance({ dueDate, amountCents, status: 'due' });
      return true;
    }
    const key = `plan:${plan._id}:${dueDate}`;
    const outcome = await this.adapter.charge({ amountCents, token: plan.cardToken, idempotencyKey: key });
    if (outcome.status === 'unavailable') return false; // the next tick asks again with the same key
    if (outcome.status === 'declined') {
      await advance({ dueDate, amountCents, status: 'missed', failureReason: `${outcome.message} (${outcome.declineCode})` });
      return true;
    }
    const paymentId = `pay-${randomUUID()}`;
    const record: PaymentRecord = {
      id: paymentId, method: 'card', amountCents, idempotencyKey: key, siteId: plan.siteId, processorReference: outcome.reference,
      amountSource: 'payment-plan', refundedCents: 0, receivedBy: 'service:payment-plan', receivedAt: new Date(),
    };
    const posted = await this.ledger.post(plan.accountId, [{ type: 'payment', amountCents, bucket: 'patient', method: 'card', siteId: plan.siteId, paymentId }], `payment:${key}`, {
      source: 'service:payment-plan',
      scope,
      // The balance may have dropped since it was read: a plan never leaves a credit it did not owe, so give back the capture.
      overpayment: 'refuse',
      alongside: (acc) => ({
        change: { push: { payments: record } },
        events: [this.events.outboxEntry(PaymentReceivedV1, {
          subject: acc._id, siteId: plan.siteId,
          data: { accountId: acc._id, patientId: acc.patientId, paymentId, method: 'card', amountCents, siteId: plan.siteId, processorReference: outcome.reference, receivedBy: 'service:payment-plan' },
        })],
      }),
    }).catch(async (error) => {
      await this.adapter.refund({ reference: outcome.reference, amountCents, idempotencyKey: `void:${key}` });
      throw error;
    });
    const paid = posted.account.payments.find((p) => p.idempotencyKey === key)?.id ?? paymentId;
    await advance({ dueDate, amountCents, status: 'paid', paymentId: paid }, posted.balances.patientCents === 0 ? 'completed' : undefined);
    return true;
  }
}
