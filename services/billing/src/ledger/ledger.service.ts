import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { LedgerPostedV1 } from '@clinic-flow/contracts';
import { Change, EventFactory, OutboxEntry } from '@clinic-flow/messaging';
import { conflict, DomainError, invalid, notFound } from '@clinic-flow/platform';
import { AccountsRepository } from './accounts.repository';
import type { AccountRecord, PostingRecord } from './accounts.schema';
import { Balances, balancesOf, checkPosting, LedgerEntry, PostingOptions, ProposedEntry, samePosting } from './ledger.rules';

export interface PostOptions extends PostingOptions {
  /** Who or what posts: a user id, or `service:<flow>` (remittance posting, payment plan job). */
  source: string;
  scope?: SiteScope;
  /**
   * What else the same write carries (a payment or refund record, the dunning stopped) and its
   * events, decided on the account as it is under the lock, with the entries as they will be written.
   */
  alongside?: (account: AccountRecord, entries: LedgerEntry[], balances: Balances) => { change?: Change<AccountRecord>; events?: OutboxEntry[] };
}

export interface PostingResult {
  postingId: string;
  entries: LedgerEntry[];
  balances: Balances;
  /** false: the idempotency key was posted before; nothing was written, the first posting is returned. */
  created: boolean;
  account: AccountRecord;
}

/**
 * The ledger's one way in. `post(accountId, entries, idempotencyKey)` writes a posting (one or more
 * entries) all or nothing, exactly once per idempotency key: the rules check it against the
 * account's entries as they are under the document lock, and entries, posting record, balances,
 * anything written alongside and the events go in ONE version-guarded update of the account.
 * The same key again returns the first posting (a different posting under a used key: 409).
 * The claims and remittance flows call this with `source: 'service:remittance'` and the claim's ids.
 */
@Injectable()
export class LedgerService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly events: EventFactory,
  ) {}

  async post(accountId: string, proposed: ProposedEntry[], idempotencyKey: string, options: PostOptions): Promise<PostingResult> {
    if (!idempotencyKey || idempotencyKey.length > 200) throw invalid('LEDGER.IDEMPOTENCY_KEY_REQUIRED', 'A posting needs an idempotency key (1..200 characters).');
    const scope = options.scope ?? SiteScope.service('ledger posting: access was checked by the caller');
    const postedAt = new Date();
    const outcome = await this.accounts.update<PostingResult>(scope, accountId, (account) => {
      const previous = account.postings.find((p) => p.idempotencyKey === idempotencyKey);
      if (previous) {
        const entries = previous.entryIds.flatMap((id) => account.entries.filter((e) => e.id === id));
        if (!samePosting(entries, proposed)) {
          throw conflict('LEDGER.IDEMPOTENCY_KEY_REUSED', `Idempotency key ${idempotencyKey} was used for a different posting; use a new key for a new posting.`);
        }
        return { result: { postingId: previous.postingId, entries, balances: account.balances, created: false, account } };
      }
      const { problems, after } = checkPosting(account.entries, proposed, options);
      if (problems.length) throw toError(problems);
      const postingId = `post-${randomUUID()}`;
      const entries: LedgerEntry[] = proposed.map((p, i) => ({
        ...stripUndefined(p),
        id: `le-${randomUUID()}`,
        postingId,
        bucket: p.type === 'refund' || p.type === 'transfer-to-patient' ? 'patient' : p.type === 'transfer-from-insurance' ? 'insurance' : (p.bucket ?? 'patient'),
        source: options.source,
        idempotencyKey,
        balanceAfterCents: after[i].patient + after[i].insurance,
        patientBalanceAfterCents: after[i].patient,
        postedAt,
      }));
      const balances = balancesOf(after[after.length - 1]);
      const posting: PostingRecord = { postingId, idempotencyKey, entryIds: entries.map((e) => e.id), postedAt };
      const extra = options.alongside?.(account, entries, balances) ?? {};
      const event = this.events.outboxEntry(LedgerPostedV1, {
        subject: account._id,
        siteId: entries.find((e) => e.siteId)?.siteId ?? null,
        data: { accountId: account._id, patientId: account.patientId, postingId, entryTypes: entries.map((e) => e.type), ...balances, source: options.source },
      });
      const homeSiteId = account.homeSiteId ?? entries.find((e) => e.siteId)?.siteId;
      return {
        set: {
          ...(extra.change?.set ?? {}),
          balances,
          ...(homeSiteId && !account.homeSiteId ? { homeSiteId } : {}),
          // Paid in full: the dunning sequence stops (a later balance starts a new one).
          ...(balances.patientCents === 0 && (account.dunning || account.collectionsReview) ? { dunning: undefined, collectionsReview: undefined } : {}),
        },
        push: { ...(extra.change?.push ?? {}), entries: { $each: entries }, postings: posting },
        events: [event, ...(extra.events ?? [])],
        result: { postingId, entries, balances, created: true, account },
      };
    });
    if (!outcome?.result) throw notFound('ACCOUNT.NOT_FOUND', `There is no account ${accountId}.`);
    return { ...outcome.result, account: outcome.doc };
  }
}

function toError(problems: ReturnType<typeof checkPosting>['problems']): DomainError {
  const first = problems[0];
  const message = problems.map((p) => p.message).join(' ');
  if (first.kind === 'conflict') return conflict(first.code, message);
  return invalid(first.code, message, problems.map((p) => ({ field: p.index === undefined ? 'entries' : `entries[${p.index}]`, messages: [p.message] })));
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
