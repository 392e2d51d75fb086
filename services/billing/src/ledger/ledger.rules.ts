import type { AdjustmentReason, LedgerEntryType, LedgerPaymentMethod } from '@clinic-flow/contracts';

/*
 * The ledger's rules, pure: what one posting (one or more entries, all or nothing) may contain
 * against an account's entries so far, and the balances it leaves. Amounts are integer cents and
 * always positive on an entry; the effect on the account follows from the type and the bucket
 * (`patient`: the patient's share; `insurance`: billed to a payer, pending):
 *
 *   charge                   +amount to its bucket
 *   payment                  -amount from its bucket (a patient payment, or a payer's)
 *   adjustment               -amount from its bucket (write-off: contractual, courtesy, bad debt...)
 *   refund                   +amount to patient (money handed back reduces the credit)
 *   transfer-from-insurance  -amount from insurance   } in one posting, the two sides net to zero
 *   transfer-to-patient      +amount to patient       }
 *   reversal                 the opposite of the entry it reverses (once; never a reversal itself)
 *
 * The patient's net may go below zero only as a credit the caller chose (`overpayment: 'credit'`).
 */

export type Bucket = 'patient' | 'insurance';

/** An entry as a caller proposes it (the ledger adds ids, balances after and the time). */
export interface ProposedEntry {
  type: LedgerEntryType;
  amountCents: number;
  bucket?: Bucket;
  method?: LedgerPaymentMethod;
  reason?: AdjustmentReason;
  reversesEntryId?: string;
  visitId?: string;
  encounterId?: string;
  claimId?: string;
  siteId?: string;
  paymentId?: string;
  dateOfService?: string;
}

/** An entry as the ledger keeps it. */
export interface LedgerEntry extends ProposedEntry {
  id: string;
  postingId: string;
  bucket: Bucket;
  source: string;
  idempotencyKey: string;
  balanceAfterCents: number;
  patientBalanceAfterCents: number;
  postedAt: Date;
}

export interface Nets {
  /** The patient's net: owed when positive, a credit when negative. */
  patient: number;
  /** Billed to insurance and not resolved yet. */
  insurance: number;
}

export interface Balances {
  totalCents: number;
  patientCents: number;
  insuranceCents: number;
  creditCents: number;
}

export interface PostingOptions {
  /** A patient payment beyond what the patient owes: refused unless kept as credit. */
  overpayment?: 'refuse' | 'credit';
}

/** A refusal: a stable code, an HTTP-ish kind, a message for people, and the entry it concerns. */
export interface LedgerProblem {
  code: string;
  kind: 'invalid' | 'conflict';
  message: string;
  index?: number;
}

const MAX_ENTRY_CENTS = 100_000_000;

export const zeroNets = (): Nets => ({ patient: 0, insurance: 0 });

export const balancesOf = (n: Nets): Balances => ({
  totalCents: n.patient + n.insurance,
  patientCents: Math.max(0, n.patient),
  insuranceCents: n.insurance,
  creditCents: Math.max(0, -n.patient),
});

/** The signed effect of one entry on the nets; a reversal needs the entry it reverses. */
export function effectOf(entry: ProposedEntry, reversed?: ProposedEntry): Nets {
  const bucket: Bucket = entry.bucket ?? 'patient';
  const on = (b: Bucket, cents: number): Nets => (b === 'patient' ? { patient: cents, insurance: 0 } : { patient: 0, insurance: cents });
  switch (entry.type) {
    case 'charge':
      return on(bucket, entry.amountCents);
    case 'payment':
    case 'adjustment':
      return on(bucket, -entry.amountCents);
    case 'refund':
      return on('patient', entry.amountCents);
    case 'transfer-from-insurance':
      return on('insurance', -entry.amountCents);
    case 'transfer-to-patient':
      return on('patient', entry.amountCents);
    case 'reversal': {
      if (!reversed) throw new Error('a reversal needs the entry it reverses');
      const e = effectOf(reversed);
      return { patient: -e.patient, insurance: -e.insurance };
    }
  }
}

const add = (a: Nets, b: Nets): Nets => ({ patient: a.patient + b.patient, insurance: a.insurance + b.insurance });

/** The nets of an account's entries (replayed from the first). */
export function netsOf(entries: ReadonlyArray<LedgerEntry>): Nets {
  const byId = new Map(entries.map((e) => [e.id, e]));
  return entries.reduce((n, e) => add(n, effectOf(e, e.reversesEntryId ? byId.get(e.reversesEntryId) : undefined)), zeroNets());
}

/**
 * Checks a posting against the entries so far and computes each entry's nets after it. Returns
 * the problems (none: the posting may be written whole) and the nets after each entry.
 */
export function checkPosting(
  existing: ReadonlyArray<LedgerEntry>,
  proposed: ReadonlyArray<ProposedEntry>,
  options: PostingOptions = {},
): { problems: LedgerProblem[]; after: Nets[] } {
  const problems: LedgerProblem[] = [];
  const after: Nets[] = [];
  if (!proposed.length) return { problems: [{ code: 'LEDGER.EMPTY_POSTING', kind: 'invalid', message: 'A posting needs at least one entry.' }], after };
  const byId = new Map(existing.map((e) => [e.id, e]));
  const reversedAlready = new Set(existing.flatMap((e) => (e.reversesEntryId ? [e.reversesEntryId] : [])));
  let nets = netsOf(existing);
  let transferFrom = 0;
  let transferTo = 0;

  proposed.forEach((entry, index) => {
    if (!Number.isInteger(entry.amountCents)) {
      problems.push({ code: 'LEDGER.AMOUNT_NOT_CENTS', kind: 'invalid', message: `Entry ${index + 1}: amounts are whole cents.`, index });
      after.push(nets);
      return;
    }
    if (entry.amountCents < 0) {
      const what = entry.type === 'charge' ? 'A charge is never negative: correct it with an adjustment or reverse it.' : 'Amounts are positive: the entry type says which way it goes.';
      problems.push({ code: entry.type === 'charge' ? 'LEDGER.NEGATIVE_CHARGE' : 'LEDGER.NEGATIVE_AMOUNT', kind: 'invalid', message: `Entry ${index + 1}: ${what}`, index });
      after.push(nets);
      return;
    }
    if (entry.amountCents === 0 || entry.amountCents > MAX_ENTRY_CENTS) {
      problems.push({ code: 'LEDGER.AMOUNT_OUT_OF_RANGE', kind: 'invalid', message: `Entry ${index + 1}: the amount must be between 1 cent and $1,000,000.00.`, index });
      after.push(nets);
      return;
    }
    let reversed: ProposedEntry | undefined;
    if (entry.type === 'reversal') {
      const target = entry.reversesEntryId;
      reversed = target ? byId.get(target) : undefined;
      if (!reversed || !target) {
        problems.push({ code: 'LEDGER.REVERSAL_TARGET_UNKNOWN', kind: 'invalid', message: `Entry ${index + 1}: a reversal names an entry of this account (reversesEntryId).`, index });
        after.push(nets);
        return;
      }
      if (reversed.type === 'reversal' || reversedAlready.has(target)) {
        problems.push({ code: 'LEDGER.ALREADY_REVERSED', kind: 'conflict', message: `Entry ${index + 1}: entry ${entry.reversesEntryId} is a reversal or was reversed already.`, index });
        after.push(nets);
        return;
      }
      if (reversed.amountCents !== entry.amountCents) {
        problems.push({ code: 'LEDGER.REVERSAL_AMOUNT', kind: 'invalid', message: `Entry ${index + 1}: a reversal is for the whole amount of the entry it reverses (${reversed.amountCents}).`, index });
        after.push(nets);
        return;
      }
      reversedAlready.add(target);
    }
    if (entry.type === 'transfer-from-insurance') transferFrom += entry.amountCents;
    if (entry.type === 'transfer-to-patient') transferTo += entry.amountCents;

    const next = add(nets, effectOf(entry, reversed));
    if (entry.type === 'payment' && (entry.bucket ?? 'patient') === 'patient') {
      const owed = Math.max(0, nets.patient);
      if (entry.amountCents > owed && options.overpayment !== 'credit') {
        problems.push({
          code: 'PAYMENT.EXCEEDS_BALANCE',
          kind: 'conflict',
          message: `Entry ${index + 1}: the payment (${entry.amountCents} cents) is more than the patient owes (${owed} cents). Take ${owed} cents, or keep the rest as credit (overpayment: "credit").`,
          index,
        });
      }
    }
    if (entry.type === 'refund') {
      const credit = Math.max(0, -nets.patient);
      if (entry.amountCents > credit) {
        problems.push({ code: 'REFUND.EXCEEDS_CREDIT', kind: 'conflict', message: `Entry ${index + 1}: a refund (${entry.amountCents} cents) never exceeds the credit (${credit} cents).`, index });
      }
    }
    if (next.insurance < 0 && next.insurance < nets.insurance) {
      problems.push({ code: 'LEDGER.INSURANCE_BELOW_ZERO', kind: 'conflict', message: `Entry ${index + 1}: more than insurance has pending (${nets.insurance} cents).`, index });
    }
    if (entry.type === 'adjustment' && (entry.bucket ?? 'patient') === 'patient' && next.patient < 0 && nets.patient >= 0) {
      problems.push({ code: 'LEDGER.ADJUSTMENT_EXCEEDS_BALANCE', kind: 'conflict', message: `Entry ${index + 1}: a write-off (${entry.amountCents} cents) is more than the patient owes (${Math.max(0, nets.patient)} cents).`, index });
    }
    nets = next;
    after.push(nets);
  });

  if (transferFrom !== transferTo) {
    problems.push({ code: 'LEDGER.TRANSFER_UNBALANCED', kind: 'invalid', message: `Transfers net to zero: ${transferFrom} cents from insurance, ${transferTo} cents to the patient.` });
  }
  return { problems, after };
}

/** Whether a repeated idempotency key carries the same posting (a different one reusing a key is refused). */
export function samePosting(a: ReadonlyArray<ProposedEntry>, b: ReadonlyArray<ProposedEntry>): boolean {
  if (a.length !== b.length) return false;
  return a.every((x, i) => x.type === b[i].type && x.amountCents === b[i].amountCents && (x.bucket ?? 'patient') === (b[i].bucket ?? 'patient') && (x.reversesEntryId ?? null) === (b[i].reversesEntryId ?? null));
}

/** Patient A/R aging buckets (days since the charge's date of service, or posting). */
export const AGING_BUCKETS = ['0-30', '31-60', '61-90', '91-120', '120+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export function agingBucket(days: number): AgingBucket {
  if (days <= 30) return '0-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  if (days <= 120) return '91-120';
  return '120+';
}

/**
 * What the patient still owes, aged: patient-bucket charges and transfers to the patient are the
 * debts; payments, write-offs and credits pay off the oldest first (FIFO). Returns the open amount
 * per debt with its site and date.
 */
export function openPatientDebts(entries: ReadonlyArray<LedgerEntry>): Array<{ siteId?: string; date: Date; openCents: number }> {
  const byId = new Map(entries.map((e) => [e.id, e]));
  const debts: Array<{ id: string; siteId?: string; date: Date; openCents: number }> = [];
  let paid = 0;
  for (const e of entries) {
    const effect = effectOf(e, e.reversesEntryId ? byId.get(e.reversesEntryId) : undefined).patient;
    if (effect > 0 && e.type !== 'refund' && e.type !== 'reversal') {
      const date = e.dateOfService ? new Date(`${e.dateOfService}T00:00:00Z`) : e.postedAt;
      debts.push({ id: e.id, siteId: e.siteId, date, openCents: effect });
    } else if (e.type === 'reversal' && effect > 0) {
      paid -= effect; // a reversed payment owes again (it takes back the relief)
    } else if (e.type === 'reversal' && effect < 0) {
      const target = debts.find((d) => d.id === e.reversesEntryId);
      if (target) target.openCents += effect;
      else paid -= effect;
    } else {
      paid -= effect; // payments/adjustments: effect negative -> paid grows; refunds: effect positive -> paid shrinks
    }
  }
  for (const d of debts) {
    const take = Math.max(0, Math.min(d.openCents, paid));
    d.openCents -= take;
    paid -= take;
  }
  return debts.filter((d) => d.openCents > 0).map(({ siteId, date, openCents }) => ({ siteId, date, openCents }));
}
