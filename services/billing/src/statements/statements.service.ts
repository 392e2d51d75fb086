import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { DunningLevel, RunStatementsResultDto, StatementDto, StatementIssuedV1 } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, DomainError, errorMessageForLog, notFound } from '@clinic-flow/platform';
import { SitesRepository } from '@clinic-flow/visits';
import { AccountsRepository } from '../ledger/accounts.repository';
import type { AccountRecord } from '../ledger/accounts.schema';
import { AccountsService } from '../accounts/accounts.service';
import type { BillingConfig } from '../config';
import { netsOf } from '../ledger/ledger.rules';
import { PaymentPlansRepository, planIdFor } from '../payment-plans/payment-plans.repository';
import { dunningLevelAt, formatCents, isLaterLevel, parseDunningIntervals, parseDuration, statementLines } from './statements.rules';
import { StatementsRepository } from './statements.repository';
import type { StatementRecord } from './statements.schema';
import { renderStatementPdf } from './statements.render';

export const toStatementDto = (s: StatementRecord): StatementDto => ({
  id: s._id,
  accountId: s.accountId,
  patientId: s.patientId,
  siteId: s.siteId,
  periodStart: s.periodStart.toISOString(),
  periodEnd: s.periodEnd.toISOString(),
  amountDueCents: s.amountDueCents,
  insurancePendingCents: s.insurancePendingCents,
  dueDate: s.dueDate,
  dunningLevel: s.dunningLevel,
  issuedAt: s.issuedAt.toISOString(),
});

const SERVICE_SCOPE = 'statements: the monthly cycle and dunning (a job; the account snapshots say whom to bill)';

/**
 * Statements and dunning. A statement is issued for an account with a patient balance on its
 * cycle day (the tick) or when billing runs a site's statements now; it starts the dunning
 * sequence, whose later levels the tick issues as their intervals pass (collections review is a
 * flag on the account for billing to act on, not a letter). Each statement is its own document
 * (with the statement.issued event) under an id made of account, day and level, so a retried run
 * issues it once; the account then records where the sequence stands.
 */
@Injectable()
export class StatementsService {
  private readonly logger = new Logger(StatementsService.name);
  private readonly intervals: number[];
  private readonly dueAfterMs: number;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly accountAccess: AccountsService,
    private readonly statements: StatementsRepository,
    private readonly sites: SitesRepository,
    private readonly events: EventFactory,
    private readonly plans: PaymentPlansRepository,
    @Inject(APP_CONFIG) config: BillingConfig,
  ) {
    this.intervals = parseDunningIntervals(config.DUNNING_INTERVALS);
    this.dueAfterMs = parseDuration(config.STATEMENT_DUE_AFTER, 'STATEMENT_DUE_AFTER');
  }

  /** Billing runs a site's statements now: every account of the site with a patient balance and no sequence under way. */
  async runForSite(user: AuthUser, siteId: string): Promise<RunStatementsResultDto> {
    if (!user.siteIds.includes(siteId)) throw new DomainError('forbidden', 'AUTH.SITE_FORBIDDEN', `You do not work at site ${siteId}.`);
    const due: AccountRecord[] = [];
    await this.accounts.forEach(SiteScope.service(SERVICE_SCOPE), (a) => {
      if (a.homeSiteId === siteId && a.balances.patientCents > 0 && !a.dunning) due.push(a);
    });
    const issued: StatementDto[] = [];
    for (const account of due) {
      const statement = await this.issue(account, 'statement', new Date(), user.id);
      if (statement) issued.push(toStatementDto(statement));
    }
    return { issued };
  }

  /** One pass of the cycle: statements due today, and dunning levels whose time has come. Returns how many were issued or flagged. */
  async tick(now = new Date()): Promise<number> {
    const work: Array<{ account: AccountRecord; level: DunningLevel }> = [];
    const today = now.getUTCDate();
    const startOfDay = DateTime.fromJSDate(now, { zone: 'UTC' }).startOf('day').toJSDate();
    await this.accounts.forEach(SiteScope.service(SERVICE_SCOPE), (a) => {
      if (a.balances.patientCents <= 0 || !a.homeSiteId) return;
      if (a.dunning) {
        const target = dunningLevelAt(now.getTime() - new Date(a.dunning.sequenceStartedAt).getTime(), this.intervals);
        if (isLaterLevel(target, a.dunning.level)) work.push({ account: a, level: target });
      } else if (a.cycleDay === today && (!a.lastStatementAt || new Date(a.lastStatementAt) < startOfDay)) {
        work.push({ account: a, level: 'statement' });
      }
    });
    let done = 0;
    for (const { account, level } of work) {
      try {
        if (level === 'collections-review') await this.flagForCollections(account, now);
        else await this.issue(account, level, now, 'service:statement-cycle');
        done++;
      } catch (error) {
        this.logger.warn(`statement ${level} of account ${account._id} failed: ${errorMessageForLog(error)}`);
      }
    }
    return done;
  }

  async listForAccount(user: AuthUser, accountId: string): Promise<StatementDto[]> {
    await this.accountAccess.open(user, accountId);
    return (await this.statements.forAccount(SiteScope.of(user), accountId)).sort((a, b) => a.issuedAt.getTime() - b.issuedAt.getTime()).map(toStatementDto);
  }

  async pdf(user: AuthUser, id: string): Promise<{ statement: StatementRecord; pdf: Buffer }> {
    const statement = await this.statements.findById(SiteScope.of(user), id);
    if (!statement) throw notFound('STATEMENT.NOT_FOUND', `There is no statement ${id}.`);
    try {
      await this.accountAccess.open(user, statement.accountId);
    } catch (error) {
      if ((error as { code?: string }).code === 'ACCOUNT.NOT_FOUND') throw notFound('STATEMENT.NOT_FOUND', `There is no statement ${id}.`);
      throw error;
    }
    return { statement, pdf: await renderStatementPdf(statement) };
  }

  private async issue(account: AccountRecord, level: DunningLevel, now: Date, issuedBy: string): Promise<StatementRecord | null> {
    const siteId = account.dunning?.siteId ?? account.homeSiteId;
    if (!siteId) return null;
    const site = (await this.sites.all()).find((s) => s._id === siteId);
    const siteTimeZone = site?.timeZone ?? 'America/New_York';
    const siteName = site?.name ?? siteId;
    const from = new Date(account.lastStatementAt ?? 0);
    const before = account.entries.filter((e) => new Date(e.postedAt) <= from);
    const localDay = DateTime.fromJSDate(now, { zone: siteTimeZone });
    // A payment plan's missed installments of the period show on the statement.
    const plan = await this.plans.findById(SiteScope.service(SERVICE_SCOPE), planIdFor(account._id));
    const missed = (plan?.installments ?? [])
      .filter((i) => i.status === 'missed' && new Date(`${i.dueDate}T12:00:00Z`) > from)
      .map((i) => ({ date: new Date(`${i.dueDate}T12:00:00Z`), description: `Payment plan installment of ${formatCents(i.amountCents)} due ${i.dueDate} was missed`, patientCents: 0, insuranceCents: 0 }));
    const statement: Omit<StatementRecord, 'version'> = {
      _id: `stmt-${account._id.replace(/^acct-/, '')}-${localDay.toFormat('yyyyMMdd')}-${level}`,
      accountId: account._id,
      patientId: account.patientId,
      siteId,
      siteName,
      siteTimeZone,
      guarantor: account.guarantor,
      lines: [...statementLines(account.entries, from, now), ...missed].sort((a, b) => a.date.getTime() - b.date.getTime()),
      periodStart: account.lastStatementAt ? new Date(account.lastStatementAt) : new Date(account.createdAt),
      periodEnd: now,
      previousBalanceCents: netsOf(before).patient,
      amountDueCents: account.balances.patientCents,
      insurancePendingCents: account.balances.insuranceCents,
      creditCents: account.balances.creditCents,
      dueDate: DateTime.fromMillis(now.getTime() + this.dueAfterMs, { zone: siteTimeZone }).toFormat('yyyy-MM-dd'),
      dunningLevel: level,
      issuedAt: now,
      issuedBy,
    };
    const scope = SiteScope.service(SERVICE_SCOPE);
    const { doc } = await this.statements.insertOnce(scope, statement, [
      this.events.outboxEntry(StatementIssuedV1, {
        subject: account._id,
        siteId,
        data: {
          accountId: account._id, patientId: account.patientId, statementId: statement._id, siteId, siteName, siteTimeZone,
          amountDueCents: statement.amountDueCents, dueDate: statement.dueDate, dunningLevel: level, issuedAt: now.toISOString(),
        },
      }),
    ]);
    await this.accounts.update(scope, account._id, (current) => {
      if (current.balances.patientCents <= 0) return null;
      const started = level === 'statement' || !current.dunning ? now : new Date(current.dunning.sequenceStartedAt);
      return { set: { dunning: { statementId: doc._id, level, sequenceStartedAt: started, lastIssuedAt: now, siteId }, lastStatementAt: now } };
    });
    return doc;
  }

  private async flagForCollections(account: AccountRecord, now: Date): Promise<void> {
    await this.accounts.update(SiteScope.service(SERVICE_SCOPE), account._id, (current) => {
      if (!current.dunning || current.balances.patientCents <= 0) return null;
      return { set: { collectionsReview: true, dunning: { ...current.dunning, level: 'collections-review', lastIssuedAt: now } } };
    });
  }
}
