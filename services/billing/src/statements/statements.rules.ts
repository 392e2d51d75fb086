import { Duration } from 'luxon';
import type { DunningLevel } from '@clinic-flow/contracts';
import type { LedgerEntry } from '../ledger/ledger.rules';

/*
 * Statements and dunning, pure. The dunning sequence starts with the first statement that shows
 * a patient balance; the reminder, the final notice and the collections review follow after the
 * configured intervals counted from it (30, 60 and 90 days by default). A payment in full stops
 * it (the ledger clears the account's dunning state); a balance later starts a new sequence.
 */

export const DUNNING_SEQUENCE: DunningLevel[] = ['statement', 'reminder', 'final-notice', 'collections-review'];

/** `P30D,P60D,P90D` -> milliseconds after the first statement for reminder, final notice, collections review. */
export function parseDunningIntervals(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  const ms = parts.map((p) => Duration.fromISO(p).toMillis());
  if (ms.length !== 3 || ms.some((m) => !Number.isFinite(m) || m <= 0) || ms[0] >= ms[1] || ms[1] >= ms[2]) {
    throw new Error(`DUNNING_INTERVALS must be three increasing ISO durations (reminder, final notice, collections review), got "${text}"`);
  }
  return ms;
}

export function parseDuration(text: string, name: string): number {
  const ms = Duration.fromISO(text).toMillis();
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`${name} must be an ISO duration such as P30D, got "${text}"`);
  return ms;
}

/** The level the sequence has reached `elapsedMs` after its first statement. */
export function dunningLevelAt(elapsedMs: number, intervals: number[]): DunningLevel {
  let level = 0;
  intervals.forEach((ms, i) => {
    if (elapsedMs >= ms) level = i + 1;
  });
  return DUNNING_SEQUENCE[level];
}

/** Whether `next` is further along the sequence than `current`. */
export const isLaterLevel = (next: DunningLevel, current: DunningLevel) => DUNNING_SEQUENCE.indexOf(next) > DUNNING_SEQUENCE.indexOf(current);

export interface StatementLine {
  date: Date;
  description: string;
  /** Signed effect on what the patient owes (cents): + charges, - payments and write-offs. */
  patientCents: number;
  /** Billed to insurance (pending), shown apart. */
  insuranceCents: number;
}

const REASONS: Record<string, string> = {
  contractual: 'Contractual adjustment', courtesy: 'Courtesy discount', 'bad-debt': 'Bad debt write-off', 'small-balance': 'Small balance write-off', correction: 'Correction', denial: 'Denial adjustment',
};

/** The period's ledger entries as statement lines (newest last). */
export function statementLines(entries: ReadonlyArray<LedgerEntry>, from: Date, to: Date): StatementLine[] {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return entries
    .filter((e) => new Date(e.postedAt) > from && new Date(e.postedAt) <= to)
    .map((e) => {
      const sign = e.type === 'charge' || e.type === 'refund' || e.type === 'transfer-to-patient' ? 1 : -1;
      let description: string;
      switch (e.type) {
        case 'charge': description = e.bucket === 'insurance' ? 'Charge billed to insurance' : 'Charge'; break;
        case 'payment': description = e.bucket === 'insurance' ? 'Insurance payment' : `Payment (${e.method ?? 'other'})`; break;
        case 'adjustment': description = REASONS[e.reason ?? ''] ?? 'Adjustment'; break;
        case 'refund': description = `Refund (${e.method ?? 'other'})`; break;
        case 'transfer-to-patient': description = 'Transferred to patient responsibility'; break;
        case 'transfer-from-insurance': description = 'Transferred from insurance'; break;
        case 'reversal': description = `Reversal of ${byId.get(e.reversesEntryId ?? '')?.type ?? 'an entry'}`; break;
      }
      if (e.visitId) description += ` · visit ${e.visitId}`;
      let patientCents = 0;
      let insuranceCents = 0;
      if (e.type === 'reversal') {
        const target = byId.get(e.reversesEntryId ?? '');
        const targetSign = target && (target.type === 'charge' || target.type === 'refund' || target.type === 'transfer-to-patient') ? 1 : -1;
        if (target?.bucket === 'insurance') insuranceCents = -targetSign * e.amountCents;
        else patientCents = -targetSign * e.amountCents;
      } else if (e.bucket === 'insurance' && e.type !== 'transfer-to-patient' && e.type !== 'refund') insuranceCents = sign * e.amountCents;
      else patientCents = sign * e.amountCents;
      return { date: new Date(e.postedAt), description, patientCents, insuranceCents };
    });
}

/** `12345` -> `$123.45` (negative: `-$1.00`). */
export function formatCents(cents: number): string {
  const abs = Math.abs(cents);
  const text = `$${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
  return cents < 0 ? `-${text}` : text;
}

/** What each dunning level says on the page. */
export function dunningNotice(level: DunningLevel): string | null {
  switch (level) {
    case 'reminder': return 'Reminder: this balance is past due. Please pay by the due date, or call us to set up a payment plan.';
    case 'final-notice': return 'FINAL NOTICE: this balance is seriously past due. Please pay now or call us to agree a payment plan; otherwise the account will be reviewed for collections.';
    case 'collections-review': return 'This account is under review for collections. Please call us.';
    default: return null;
  }
}
