import { describeCarc } from '@clinic-flow/x12';
import { AGING_BUCKETS, AgingBucket, agingBucket, effectOf, LedgerEntry, openPatientDebts } from '../ledger/ledger.rules';

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

const emptyBuckets = () => Object.fromEntries(AGING_BUCKETS.map((b) => [b, 0])) as Record<AgingBucket, number>;
const DAY_MS = 86_400_000;
const daysBetween = (from: Date, to: Date) => Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));

/** What the payer-side reports need of a claim (clear fields of the claim record). */
export interface ClaimFacts {
  claimId: string;
  siteId: string;
  payerId: string;
  payerName: string;
  dateOfService: string;
}

/**
 * What each claim still has billed to insurance: the insurance bucket of the ledger per claim id
 * (charges minus payments, adjustments, transfers to the patient, reversals replayed).
 */
export function openInsuranceByClaim(accounts: ReadonlyArray<{ entries: LedgerEntry[] }>): Map<string, number> {
  const open = new Map<string, number>();
  for (const account of accounts) {
    const byId = new Map(account.entries.map((e) => [e.id, e]));
    for (const e of account.entries) {
      const reversed = e.reversesEntryId ? byId.get(e.reversesEntryId) : undefined;
      const claimId = e.claimId ?? reversed?.claimId;
      if (!claimId) continue;
      const effect = effectOf(e, reversed).insurance;
      if (effect !== 0) open.set(claimId, (open.get(claimId) ?? 0) + effect);
    }
  }
  return open;
}

/**
 * Insurance A/R aged by the claim's date of service (not its submission date: a resubmission or
 * a late first submission would make old money look young; the date of service is what timely
 * filing and payer contracts count from), rows `payer:<payerId>` per site.
 */
export function payerAging(claims: ReadonlyArray<ClaimFacts>, openByClaim: ReadonlyMap<string, number>, asOf: Date, siteIds?: ReadonlySet<string>): AgingRow[] {
  const rows = new Map<string, AgingRow>();
  for (const c of claims) {
    const openCents = openByClaim.get(c.claimId) ?? 0;
    if (openCents <= 0 || (siteIds && !siteIds.has(c.siteId))) continue;
    const responsibility = `payer:${c.payerId}`;
    const key = `${c.siteId}\u0000${responsibility}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { siteId: c.siteId, responsibility, buckets: emptyBuckets(), totalCents: 0 }));
    r.buckets[agingBucket(daysBetween(new Date(`${c.dateOfService}T00:00:00Z`), asOf))] += openCents;
    r.totalCents += openCents;
  }
  return [...rows.values()].sort((a, b) => a.siteId.localeCompare(b.siteId) || a.responsibility.localeCompare(b.responsibility));
}

/** Patient rows first, then payer rows, per site (the table the A/R aging report shows). */
export const mergeAging = (patient: AgingRow[], payer: AgingRow[]): AgingRow[] =>
  [...patient, ...payer].sort((a, b) => a.siteId.localeCompare(b.siteId) || (a.responsibility === 'patient' ? -1 : b.responsibility === 'patient' ? 1 : a.responsibility.localeCompare(b.responsibility)));

export interface DenialFacts {
  siteId: string;
  payerId: string;
  payerName: string;
  group: string;
  reason: string;
  amountCents: number;
  deniedAt: Date | string;
}

export interface DenialsRow {
  siteId: string;
  payerId: string;
  payerName: string;
  group: string;
  reason: string;
  description: string;
  count: number;
  amountCents: number;
}

/** Denied lines in [from, to) counted and summed per site, payer, group code and CARC (open or worked: a denial happened). */
export function denialsByReason(denials: ReadonlyArray<DenialFacts>, from: Date, to: Date, siteIds?: ReadonlySet<string>): DenialsRow[] {
  const rows = new Map<string, DenialsRow>();
  for (const d of denials) {
    const at = new Date(d.deniedAt);
    if (at < from || at >= to || (siteIds && !siteIds.has(d.siteId))) continue;
    const key = [d.siteId, d.payerId, d.group, d.reason].join('\u0000');
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { siteId: d.siteId, payerId: d.payerId, payerName: d.payerName, group: d.group, reason: d.reason, description: describeCarc(d.reason), count: 0, amountCents: 0 }));
    r.count++;
    r.amountCents += d.amountCents;
  }
  return [...rows.values()].sort((a, b) => a.siteId.localeCompare(b.siteId) || a.payerId.localeCompare(b.payerId) || b.count - a.count || a.group.localeCompare(b.group) || a.reason.localeCompare(b.reason));
}

export interface DaysInAr {
  days: number;
  from: string;
  to: string;
  patientArCents: number;
  insuranceArCents: number;
  totalArCents: number;
  chargesCents: number;
  /** Charges ÷ days, in cents (fractional: the division is kept exact until the end). */
  averageDailyChargesCents: number;
  /** Total A/R ÷ average daily charges, one decimal; null when there were no charges (A/R cannot be measured in days of nothing). */
  daysInAr: number | null;
}

/**
 * Days in A/R: what is owed now (patient debts net of credits, and insurance) ÷ the average
 * charges per day over the last `days` days (charges posted in [asOf - days, asOf), reversed
 * charges left out).
 */
export function daysInAr(accounts: ReadonlyArray<{ entries: LedgerEntry[] }>, asOf: Date, days: number, siteIds?: ReadonlySet<string>): DaysInAr {
  const since = new Date(asOf.getTime() - days * DAY_MS);
  let patient = 0;
  let insurance = 0;
  let charges = 0;
  for (const account of accounts) {
    const byId = new Map(account.entries.map((e) => [e.id, e]));
    const reversed = new Set(account.entries.filter((e) => e.type === 'reversal').map((e) => e.reversesEntryId));
    for (const e of account.entries) {
      const target = e.reversesEntryId ? byId.get(e.reversesEntryId) : undefined;
      const siteId = e.siteId ?? target?.siteId;
      if (siteIds && (!siteId || !siteIds.has(siteId))) continue;
      const effect = effectOf(e, target);
      patient += effect.patient;
      insurance += effect.insurance;
      const at = new Date(e.postedAt);
      if (e.type === 'charge' && !reversed.has(e.id) && at >= since && at < asOf) charges += e.amountCents;
    }
  }
  const patientArCents = Math.max(0, patient);
  const insuranceArCents = Math.max(0, insurance);
  const totalArCents = patientArCents + insuranceArCents;
  return {
    days, from: since.toISOString(), to: asOf.toISOString(), patientArCents, insuranceArCents, totalArCents, chargesCents: charges,
    averageDailyChargesCents: Math.round((charges / days) * 100) / 100,
    daysInAr: charges > 0 ? Math.round(((totalArCents * days) / charges) * 10) / 10 : null,
  };
}

export const denialsCsv = (rows: DenialsRow[]) =>
  toCsv(['site_id', 'payer_id', 'payer_name', 'group_code', 'carc', 'description', 'denied_lines', 'denied_cents'], rows.map((r) => [r.siteId, r.payerId, r.payerName, r.group, r.reason, r.description, r.count, r.amountCents]));

export const daysInArCsv = (r: DaysInAr) =>
  toCsv(['days', 'from', 'to', 'patient_ar_cents', 'insurance_ar_cents', 'total_ar_cents', 'charges_cents', 'average_daily_charges_cents', 'days_in_ar'],
    [[r.days, r.from, r.to, r.patientArCents, r.insuranceArCents, r.totalArCents, r.chargesCents, r.averageDailyChargesCents, r.daysInAr ?? '']]);
