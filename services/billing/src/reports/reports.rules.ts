import { AGING_BUCKETS, AgingBucket, agingBucket, LedgerEntry, openPatientDebts } from '../ledger/ledger.rules';

/*
 * Reports from the ledger, pure: collections per period by method and site, and A/R aging by
 * site in the five buckets. Aging rows carry a `responsibility` (today `patient`; the payer side
 * adds rows `payer:<payerId>` from claims, with the same buckets) so both sum in one table.
 */

export interface CollectionsRow {
  siteId: string;
  method: string;
  count: number;
  collectedCents: number;
  refundedCents: number;
  netCents: number;
}

/** Patient payments received and refunds given in [from, to), per site and method (reversed payments left out). */
export function collections(accounts: ReadonlyArray<{ entries: LedgerEntry[] }>, from: Date, to: Date, siteIds?: ReadonlySet<string>): CollectionsRow[] {
  const rows = new Map<string, CollectionsRow>();
  const row = (siteId: string, method: string) => {
    const key = `${siteId}\u0000${method}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { siteId, method, count: 0, collectedCents: 0, refundedCents: 0, netCents: 0 }));
    return r;
  };
  for (const account of accounts) {
    const reversed = new Set(account.entries.filter((e) => e.type === 'reversal').map((e) => e.reversesEntryId));
    for (const e of account.entries) {
      const at = new Date(e.postedAt);
      if (at < from || at >= to || !e.siteId || (siteIds && !siteIds.has(e.siteId))) continue;
      if (e.type === 'payment' && e.bucket === 'patient' && !reversed.has(e.id)) {
        const r = row(e.siteId, e.method ?? 'other');
        r.count++;
        r.collectedCents += e.amountCents;
      } else if (e.type === 'refund') {
        row(e.siteId, e.method ?? 'other').refundedCents += e.amountCents;
      }
    }
  }
  return [...rows.values()].map((r) => ({ ...r, netCents: r.collectedCents - r.refundedCents })).sort((a, b) => a.siteId.localeCompare(b.siteId) || a.method.localeCompare(b.method));
}

export interface AgingRow {
  siteId: string;
  responsibility: string;
  buckets: Record<AgingBucket, number>;
  totalCents: number;
}

/** What patients owe, aged by the date of service (or posting) of the oldest unpaid debt first, per site. */
export function patientAging(accounts: ReadonlyArray<{ entries: LedgerEntry[] }>, asOf: Date, siteIds?: ReadonlySet<string>): AgingRow[] {
  const rows = new Map<string, AgingRow>();
  for (const account of accounts) {
    for (const debt of openPatientDebts(account.entries)) {
      const siteId = debt.siteId ?? 'unknown';
      if (siteIds && !siteIds.has(siteId)) continue;
      let r = rows.get(siteId);
      if (!r) rows.set(siteId, (r = { siteId, responsibility: 'patient', buckets: Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>, totalCents: 0 }));
      const days = Math.floor((asOf.getTime() - debt.date.getTime()) / 86_400_000);
      r.buckets[agingBucket(Math.max(0, days))] += debt.openCents;
      r.totalCents += debt.openCents;
    }
  }
  return [...rows.values()].sort((a, b) => a.siteId.localeCompare(b.siteId));
}

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** Rows as CSV (RFC 4180; cells that a spreadsheet would run as a formula are quoted). */
export function toCsv(header: string[], rows: Array<Array<string | number>>): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const collectionsCsv = (rows: CollectionsRow[]) =>
  toCsv(['site_id', 'method', 'payments', 'collected_cents', 'refunded_cents', 'net_cents'], rows.map((r) => [r.siteId, r.method, r.count, r.collectedCents, r.refundedCents, r.netCents]));

export const agingCsv = (rows: AgingRow[]) =>
  toCsv(['site_id', 'responsibility', ...AGING_BUCKETS.map((b) => `days_${b.replace('+', '_plus')}_cents`), 'total_cents'], rows.map((r) => [r.siteId, r.responsibility, ...AGING_BUCKETS.map((b) => r.buckets[b]), r.totalCents]));
