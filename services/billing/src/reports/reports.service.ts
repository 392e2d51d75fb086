import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { invalid, unprocessable } from '@clinic-flow/platform';
import { ClaimsRepository } from '../claims/claims.repository';
import type { ClaimRecord } from '../claims/claims.schema';
import { AccountsRepository } from '../ledger/accounts.repository';
import type { AccountRecord } from '../ledger/accounts.schema';
import { isoDate } from '../payment-plans/payment-plans.rules';
import {
  AgingRow, collections, CollectionsRow, DaysInAr, daysInAr, denialsByReason, DenialsRow, mergeAging, openInsuranceByClaim, patientAging, payerAging,
} from './reports.rules';

/**
 * Billing reports over the ledgers of the caller's sites. A scan of the accounts (each holds its
 * ledger): fine for a clinic network's patient accounts; a nightly summary would replace it at
 * scale (noted in the README).
 */
@Injectable()
export class ReportsService {
  constructor(private readonly accounts: AccountsRepository, private readonly claims: ClaimsRepository) {}

  async collections(user: AuthUser, fromText: string | undefined, toText: string | undefined, siteId?: string): Promise<{ from: string; to: string; rows: CollectionsRow[] }> {
    const from = fromText !== undefined ? DateTime.fromISO(fromText, { zone: 'UTC' }) : DateTime.utc().startOf('month');
    const to = toText !== undefined ? DateTime.fromISO(toText, { zone: 'UTC' }).plus({ days: 1 }) : DateTime.utc().plus({ days: 1 }).startOf('day');
    checkPeriod(from, to);
    const rows = collections(await this.all(), from.toJSDate(), to.toJSDate(), this.sites(user, siteId));
    return { from: isoDate(from), to: isoDate(to.minus({ days: 1 })), rows };
  }

  async aging(user: AuthUser, siteId?: string): Promise<{ asOf: string; rows: AgingRow[] }> {
    const asOf = new Date();
    const sites = this.sites(user, siteId);
    const accounts = await this.all();
    const claims = await this.allClaims();
    const payer = payerAging(claims.map((c) => ({ claimId: c._id, siteId: c.siteId, payerId: c.payerId, payerName: c.payerName, dateOfService: c.dateOfService })), openInsuranceByClaim(accounts), asOf, sites);
    return { asOf: asOf.toISOString(), rows: mergeAging(patientAging(accounts, asOf, sites), payer) };
  }

  async denials(user: AuthUser, fromText: string | undefined, toText: string | undefined, siteId?: string): Promise<{ from: string; to: string; rows: DenialsRow[] }> {
    const from = fromText !== undefined ? DateTime.fromISO(fromText, { zone: 'UTC' }) : DateTime.utc().startOf('month');
    const to = toText !== undefined ? DateTime.fromISO(toText, { zone: 'UTC' }).plus({ days: 1 }) : DateTime.utc().plus({ days: 1 }).startOf('day');
    checkPeriod(from, to);
    const claims = await this.allClaims();
    const denials = claims.flatMap((c) => (c.denials ?? []).map((d) => ({ siteId: c.siteId, payerId: c.payerId, payerName: c.payerName, group: d.group, reason: d.reason, amountCents: d.amountCents, deniedAt: d.deniedAt })));
    return { from: isoDate(from), to: isoDate(to.minus({ days: 1 })), rows: denialsByReason(denials, from.toJSDate(), to.toJSDate(), this.sites(user, siteId)) };
  }

  async daysInAr(user: AuthUser, daysText: string | undefined, siteId?: string): Promise<DaysInAr & { siteIds: string[] }> {
    const days = daysText === undefined ? 90 : Number(daysText);
    if (!Number.isInteger(days) || days < 1 || days > 730) throw invalid('REPORT.DAYS', 'days is a whole number of days from 1 to 730 (default 90).', [{ field: 'days', messages: ['an integer 1-730'] }]);
    const sites = this.sites(user, siteId);
    return { ...daysInAr(await this.all(), new Date(), days, sites), siteIds: [...sites].sort() };
  }

  private sites(user: AuthUser, siteId?: string): Set<string> {
    return new Set(siteId ? user.siteIds.filter((s) => s === siteId) : user.siteIds);
  }

  private async allClaims(): Promise<ClaimRecord[]> {
    const all: ClaimRecord[] = [];
    await this.claims.forEach(SiteScope.service('reports: claims are filtered to the caller’s sites'), (c) => all.push(c));
    return all;
  }

  private async all(): Promise<AccountRecord[]> {
    const all: AccountRecord[] = [];
    await this.accounts.forEach(SiteScope.service('reports: entries are filtered to the caller’s sites'), (a) => all.push(a));
    return all;
  }
}

/**
 * A report's period: dates that are not dates (an empty value included) are a 400 REPORT.PERIOD; two
 * dates the wrong way round are well-formed but cannot be reported on, a 422 REPORT.PERIOD_REVERSED.
 */
function checkPeriod(from: DateTime, toExclusive: DateTime): void {
  if (!from.isValid || !toExclusive.isValid) throw invalid('REPORT.PERIOD', 'from and to are dates (YYYY-MM-DD), from not after to.', [{ field: 'from', messages: ['YYYY-MM-DD, not after to'] }]);
  if (toExclusive <= from) throw unprocessable('REPORT.PERIOD_REVERSED', 'from is after to: give the earlier date as from.');
}
