import { balancesOf, checkPosting, LedgerEntry, netsOf, openPatientDebts, ProposedEntry, samePosting } from './ledger.rules';

let n = 0;
/** Entries as the ledger would have written them (no balance bookkeeping needed by the rules). */
function ledger(...proposed: ProposedEntry[]): LedgerEntry[] {
  const out: LedgerEntry[] = [];
  for (const p of proposed) {
    out.push({ ...p, id: `e${++n}`, postingId: `p${n}`, bucket: p.bucket ?? 'patient', source: 'u1', idempotencyKey: `k${n}`, balanceAfterCents: 0, patientBalanceAfterCents: 0, postedAt: new Date('2026-11-01T12:00:00Z') });
  }
  return out;
}

const codes = (r: ReturnType<typeof checkPosting>) => r.problems.map((p) => p.code);

describe('ledger rules', () => {
  it('balances: charges to the patient and to insurance, payments, write-offs, transfers', () => {
    const entries = ledger(
      { type: 'charge', amountCents: 20000, bucket: 'insurance' },
      { type: 'charge', amountCents: 5000 },
      { type: 'payment', amountCents: 12000, bucket: 'insurance' },
      { type: 'adjustment', amountCents: 3000, bucket: 'insurance', reason: 'contractual' },
      { type: 'transfer-from-insurance', amountCents: 5000 },
      { type: 'transfer-to-patient', amountCents: 5000 },
      { type: 'payment', amountCents: 2500 },
    );
    expect(balancesOf(netsOf(entries))).toEqual({ totalCents: 7500, patientCents: 7500, insuranceCents: 0, creditCents: 0 });
  });

  it('a charge is never negative, and amounts are whole cents', () => {
    expect(codes(checkPosting([], [{ type: 'charge', amountCents: -500 }]))).toEqual(['LEDGER.NEGATIVE_CHARGE']);
    expect(codes(checkPosting([], [{ type: 'charge', amountCents: 10.5 }]))).toEqual(['LEDGER.AMOUNT_NOT_CENTS']);
    expect(codes(checkPosting([], [{ type: 'charge', amountCents: 0 }]))).toEqual(['LEDGER.AMOUNT_OUT_OF_RANGE']);
    expect(codes(checkPosting([], [{ type: 'charge', amountCents: 500 }]))).toEqual([]);
  });

  it('a payment larger than the patient balance is refused unless kept as credit', () => {
    const entries = ledger({ type: 'charge', amountCents: 3000 });
    expect(codes(checkPosting(entries, [{ type: 'payment', amountCents: 5000 }]))).toEqual(['PAYMENT.EXCEEDS_BALANCE']);
    const kept = checkPosting(entries, [{ type: 'payment', amountCents: 5000 }], { overpayment: 'credit' });
    expect(kept.problems).toEqual([]);
    expect(balancesOf(kept.after[0])).toEqual({ totalCents: -2000, patientCents: 0, insuranceCents: 0, creditCents: 2000 });
    expect(codes(checkPosting(entries, [{ type: 'payment', amountCents: 3000 }]))).toEqual([]);
  });

  it('a refund never exceeds the credit', () => {
    const entries = ledger({ type: 'charge', amountCents: 3000 }, { type: 'payment', amountCents: 5000 });
    expect(codes(checkPosting(entries, [{ type: 'refund', amountCents: 2001 }]))).toEqual(['REFUND.EXCEEDS_CREDIT']);
    const ok = checkPosting(entries, [{ type: 'refund', amountCents: 2000 }]);
    expect(ok.problems).toEqual([]);
    expect(balancesOf(ok.after[0]).creditCents).toBe(0);
    expect(codes(checkPosting(ledger({ type: 'charge', amountCents: 100 }), [{ type: 'refund', amountCents: 1 }]))).toEqual(['REFUND.EXCEEDS_CREDIT']);
  });

  it('a reversal undoes its entry once, for its whole amount', () => {
    const entries = ledger({ type: 'charge', amountCents: 4000 }, { type: 'payment', amountCents: 1000 });
    const [charge, payment] = entries;
    const reversed = checkPosting(entries, [{ type: 'reversal', amountCents: 4000, reversesEntryId: charge.id }], { overpayment: 'credit' });
    expect(reversed.problems).toEqual([]);
    expect(balancesOf(reversed.after[0])).toMatchObject({ patientCents: 0, creditCents: 1000 });
    expect(codes(checkPosting(entries, [{ type: 'reversal', amountCents: 1000, reversesEntryId: payment.id }]))).toEqual([]);
    expect(balancesOf(checkPosting(entries, [{ type: 'reversal', amountCents: 1000, reversesEntryId: payment.id }]).after[0]).patientCents).toBe(4000);
    const withReversal = [...entries, ...ledger({ type: 'reversal', amountCents: 4000, reversesEntryId: charge.id })];
    expect(codes(checkPosting(withReversal, [{ type: 'reversal', amountCents: 4000, reversesEntryId: charge.id }]))).toEqual(['LEDGER.ALREADY_REVERSED']);
    expect(codes(checkPosting(entries, [{ type: 'reversal', amountCents: 100, reversesEntryId: charge.id }]))).toEqual(['LEDGER.REVERSAL_AMOUNT']);
    expect(codes(checkPosting(entries, [{ type: 'reversal', amountCents: 100, reversesEntryId: 'nope' }]))).toEqual(['LEDGER.REVERSAL_TARGET_UNKNOWN']);
  });

  it('transfers net to zero within a posting, and never take insurance below zero', () => {
    const entries = ledger({ type: 'charge', amountCents: 10000, bucket: 'insurance' });
    expect(codes(checkPosting(entries, [{ type: 'transfer-from-insurance', amountCents: 3000 }, { type: 'transfer-to-patient', amountCents: 2000 }]))).toEqual(['LEDGER.TRANSFER_UNBALANCED']);
    expect(codes(checkPosting(entries, [{ type: 'transfer-from-insurance', amountCents: 3000 }, { type: 'transfer-to-patient', amountCents: 3000 }]))).toEqual([]);
    expect(codes(checkPosting(entries, [{ type: 'transfer-from-insurance', amountCents: 10001 }, { type: 'transfer-to-patient', amountCents: 10001 }]))).toEqual(['LEDGER.INSURANCE_BELOW_ZERO']);
  });

  it('checks a posting as a whole: one bad entry refuses all of it', () => {
    const result = checkPosting([], [{ type: 'charge', amountCents: 1000 }, { type: 'payment', amountCents: 2000 }]);
    expect(codes(result)).toEqual(['PAYMENT.EXCEEDS_BALANCE']);
    expect(codes(checkPosting([], []))).toEqual(['LEDGER.EMPTY_POSTING']);
  });

  it('a write-off never takes the patient below zero', () => {
    expect(codes(checkPosting(ledger({ type: 'charge', amountCents: 1000 }), [{ type: 'adjustment', amountCents: 1500, reason: 'courtesy' }]))).toEqual(['LEDGER.ADJUSTMENT_EXCEEDS_BALANCE']);
  });

  it('recognises a repeated posting by its entries', () => {
    expect(samePosting([{ type: 'payment', amountCents: 100 }], [{ type: 'payment', amountCents: 100, bucket: 'patient' }])).toBe(true);
    expect(samePosting([{ type: 'payment', amountCents: 100 }], [{ type: 'payment', amountCents: 101 }])).toBe(false);
  });

  it('ages what the patient owes, payments taking the oldest debt first', () => {
    const entries = ledger(
      { type: 'charge', amountCents: 3000, dateOfService: '2026-07-01', siteId: 's1' },
      { type: 'charge', amountCents: 2000, dateOfService: '2026-10-20', siteId: 's1' },
      { type: 'payment', amountCents: 1000 },
    );
    expect(openPatientDebts(entries).map((d) => d.openCents)).toEqual([2000, 2000]);
    const reversedCharge = [...entries, ...ledger({ type: 'reversal', amountCents: 2000, reversesEntryId: entries[1].id })];
    expect(openPatientDebts(reversedCharge).map((d) => d.openCents)).toEqual([2000]);
  });
});
