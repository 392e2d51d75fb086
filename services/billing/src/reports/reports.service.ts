import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { invalid } from '@clinic-flow/platform';
import { AccountsRepository } from '../ledger/accounts.repository';
import type { AccountRecord } from '../ledger/accounts.schema';
import { isoDate } from '../payment-plans/payment-plans.rules';
import { AgingRow, collections, CollectionsRow, patientAging } from './reports.rules';

/**
 * Billing reports over the ledgers of the caller's sites. A scan of the accounts (each holds its
 * ledger): fine for a clinic network's patient accounts; a nightly summary would replace it at
 * scale (noted in the README).
 */
@Injectable()
export class ReportsService {
  constructor(private readonly accounts: AccountsRepository) {}

  async collections(user: AuthUser, fromText: string | undefined, toText: string | undefined, siteId?: string): Promise<{ from: string; to: string; rows: CollectionsRow[] }> {
    const from = fromText ? DateTime.fromISO(fromText, { zone: 'UTC' }) : DateTime.utc().startOf('month');
    const to = toText ? DateTime.fromISO(toText, { zone: 'UTC' }).plus({ days: 1 }) : DateTime.utc().plus({ days: 1 }).startOf('day');
    if (!from.isValid || !to.isValid || to <= from) throw invalid('REPORT.PERIOD', 'from and to are dates (YYYY-MM-DD), from not after to.', [{ field: 'from', messages: ['YYYY-MM-DD, not after to'] }]);
    const rows = collections(await this.all(), from.toJSDate(), to.toJSDate(), this.sites(user, siteId));
    return { from: isoDate(from), to: isoDate(to.minus({ days: 1 })), rows };
  }

  async aging(user: AuthUser, siteId?: string): Promise<{ asOf: string; rows: AgingRow[] }> {
    const asOf = new Date();
    return { asOf: asOf.toISOString(), rows: patientAging(await this.all(), asOf, this.sites(user, siteId)) };
  }

  private sites(user: AuthUser, siteId?: string): Set<string> {
    return new Set(siteId ? user.siteIds.filter((s) => s === siteId) : user.siteIds);
  }

  private async all(): Promise<AccountRecord[]> {
    const all: AccountRecord[] = [];
    await this.accounts.forEach(SiteScope.service('reports: entries are filtered to the caller’s sites'), (a) => all.push(a));
    return all;
  }
}
