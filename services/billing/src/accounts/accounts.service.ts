import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import type { AccountDto, PostAdjustmentRequest, PostChargeRequest, PostReversalRequest } from '@clinic-flow/contracts';
import { invalid, notFound } from '@clinic-flow/platform';
import { LedgerService } from '../ledger/ledger.service';
import { AccountsRepository, accountIdFor } from '../ledger/accounts.repository';
import type { AccountRecord, GuarantorSnapshot } from '../ledger/accounts.schema';
import { PatientGuarantor } from './patient-guarantor';

const oneLine = (g: GuarantorSnapshot) =>
  g.address ? [g.address.line1, g.address.line2, `${g.address.city}, ${g.address.state} ${g.address.postalCode}`].filter(Boolean).join(', ') : undefined;

export const toAccountDto = (a: AccountRecord): AccountDto => ({
  id: a._id,
  patientId: a.patientId,
  guarantor: {
    kind: a.guarantor.kind,
    firstName: a.guarantor.firstName,
    lastName: a.guarantor.lastName,
    ...(a.guarantor.relationship ? { relationship: a.guarantor.relationship } : {}),
    ...(oneLine(a.guarantor) ? { address: oneLine(a.guarantor) } : {}),
  },
  balances: a.balances,
  entries: a.entries.map((e) => ({ ...e, postedAt: new Date(e.postedAt).toISOString() })),
  ...(a.dunning ? { dunningLevel: a.dunning.level } : {}),
  ...(a.collectionsReview ? { collectionsReview: true } : {}),
  version: a.version,
});

/**
 * The day of the month the account's statement cycle runs (1..28, so every month has it): the day
 * before it was opened, so the first cycle statement comes about a month after opening, never on
 * the day of the first charge (billing can still run statements now).
 */
export const cycleDayOf = (opened: Date) => Math.min(28, new Date(opened.getTime() - 86_400_000).getUTCDate());

/**
 * Guarantors' accounts: opened on first use for a patient, each call first asking patient-records
 * (as the caller) for the patient and guarantor, which refreshes the account's sealed snapshot.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly guarantors: PatientGuarantor,
    private readonly ledger: LedgerService,
  ) {}

  /** The patient's guarantor account, opened if it is the first time (idempotent). */
  async forPatient(user: AuthUser, patientId: string): Promise<AccountRecord> {
    const guarantor = await this.guarantors.open(patientId);
    const scope = SiteScope.of(user);
    const id = accountIdFor(patientId);
    const now = new Date();
    const { doc } = await this.accounts.insertOnce(scope, {
      _id: id, patientId, guarantor, entries: [], postings: [], payments: [], refunds: [],
      balances: { totalCents: 0, patientCents: 0, insuranceCents: 0, creditCents: 0 },
      cycleDay: cycleDayOf(now), createdBy: user.id, createdAt: now,
    });
    return this.refreshSnapshot(scope, doc, guarantor);
  }

  /** An account the caller may see (its patient is theirs to see), else 404 ACCOUNT.NOT_FOUND. */
  async open(user: AuthUser, accountId: string): Promise<AccountRecord> {
    const scope = SiteScope.of(user);
    const account = await this.accounts.findById(scope, accountId);
    if (!account) throw notFound('ACCOUNT.NOT_FOUND', `There is no account ${accountId}.`);
    let guarantor: GuarantorSnapshot;
    try {
      guarantor = await this.guarantors.open(account.patientId);
    } catch (error) {
      if ((error as { code?: string }).code === 'PATIENT.NOT_FOUND') throw notFound('ACCOUNT.NOT_FOUND', `There is no account ${accountId}.`);
      throw error;
    }
    return this.refreshSnapshot(scope, account, guarantor);
  }

  async charge(user: AuthUser, accountId: string, request: PostChargeRequest, idempotencyKey: string | undefined): Promise<AccountDto> {
    await this.open(user, accountId);
    const result = await this.ledger.post(accountId, [{
      type: 'charge', amountCents: request.amountCents, bucket: request.bucket ?? 'patient', siteId: request.siteId,
      ...(request.visitId ? { visitId: request.visitId } : {}), ...(request.encounterId ? { encounterId: request.encounterId } : {}),
      ...(request.dateOfService ? { dateOfService: request.dateOfService } : {}),
    }], requireKey(idempotencyKey), { source: user.id, scope: SiteScope.of(user) });
    return toAccountDto(result.account);
  }

  async adjust(user: AuthUser, accountId: string, request: PostAdjustmentRequest, idempotencyKey: string | undefined): Promise<AccountDto> {
    await this.open(user, accountId);
    const result = await this.ledger.post(accountId, [{
      type: 'adjustment', amountCents: request.amountCents, reason: request.reason, bucket: request.bucket ?? 'patient', siteId: request.siteId,
      ...(request.visitId ? { visitId: request.visitId } : {}),
    }], requireKey(idempotencyKey), { source: user.id, scope: SiteScope.of(user) });
    return toAccountDto(result.account);
  }

  async reverse(user: AuthUser, accountId: string, request: PostReversalRequest, idempotencyKey: string | undefined): Promise<AccountDto> {
    const account = await this.open(user, accountId);
    const target = account.entries.find((e) => e.id === request.entryId);
    if (!target) throw invalid('LEDGER.REVERSAL_TARGET_UNKNOWN', `Account ${accountId} has no entry ${request.entryId}.`, [{ field: 'entryId', messages: ['not an entry of this account'] }]);
    if (target.type === 'payment' && target.method === 'card') {
      throw invalid('LEDGER.CARD_PAYMENT_REVERSAL', 'A card payment is given back with a refund (POST /accounts/{id}/refunds), not a reversal, so the card is credited.');
    }
    const result = await this.ledger.post(accountId, [{
      type: 'reversal', amountCents: target.amountCents, reversesEntryId: target.id, bucket: target.bucket,
      ...(target.siteId ? { siteId: target.siteId } : {}), ...(target.visitId ? { visitId: target.visitId } : {}),
    }], requireKey(idempotencyKey), { source: user.id, scope: SiteScope.of(user) });
    return toAccountDto(result.account);
  }

  private async refreshSnapshot(scope: SiteScope, account: AccountRecord, guarantor: GuarantorSnapshot): Promise<AccountRecord> {
    if (JSON.stringify(account.guarantor) === JSON.stringify(guarantor)) return account;
    const outcome = await this.accounts.update(scope, account._id, () => ({ set: { guarantor } }));
    return outcome?.doc ?? account;
  }
}

export function requireKey(key: string | undefined): string {
  const k = key?.trim();
  if (!k || k.length > 200) throw invalid('LEDGER.IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (1..200 characters) so a retried request posts once.', [{ field: 'Idempotency-Key', messages: ['required'] }]);
  return k;
}
