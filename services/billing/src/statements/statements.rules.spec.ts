import { pdfText } from '@clinic-flow/testing';
import { cycleDayOf } from '../accounts/accounts.service';
import type { LedgerEntry } from '../ledger/ledger.rules';
import { dunningLevelAt, formatCents, isLaterLevel, parseDunningIntervals, statementLines } from './statements.rules';
import { renderStatementPdf } from './statements.render';

const DAY = 86_400_000;

const entry = (over: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'type' | 'amountCents'>): LedgerEntry => ({
  postingId: 'p', bucket: 'patient', source: 'u1', idempotencyKey: over.id, balanceAfterCents: 0, patientBalanceAfterCents: 0, postedAt: new Date('2026-11-10T15:00:00Z'), ...over,
});

describe('statements and dunning', () => {
  it('walks the dunning sequence at 30, 60 and 90 days (configurable), only forward', () => {
    const intervals = parseDunningIntervals('P30D,P60D,P90D');
    expect(dunningLevelAt(0, intervals)).toBe('statement');
    expect(dunningLevelAt(29 * DAY, intervals)).toBe('statement');
    expect(dunningLevelAt(30 * DAY, intervals)).toBe('reminder');
    expect(dunningLevelAt(60 * DAY, intervals)).toBe('final-notice');
    expect(dunningLevelAt(90 * DAY, intervals)).toBe('collections-review');
    expect(dunningLevelAt(9_000, parseDunningIntervals('PT8S,PT20S,PT30S'))).toBe('reminder');
    expect(isLaterLevel('reminder', 'statement')).toBe(true);
    expect(isLaterLevel('reminder', 'final-notice')).toBe(false);
    expect(() => parseDunningIntervals('P60D,P30D,P90D')).toThrow(/increasing/);
    expect(() => parseDunningIntervals('P30D')).toThrow();
  });

  it("lists the period's activity with its effect on what the patient owes, insurance apart", () => {
    const from = new Date('2026-11-01T00:00:00Z');
    const to = new Date('2026-11-30T00:00:00Z');
    const lines = statementLines([
      entry({ id: 'old', type: 'charge', amountCents: 999, postedAt: new Date('2026-10-01T00:00:00Z') }),
      entry({ id: 'c1', type: 'charge', amountCents: 15000, bucket: 'insurance', visitId: 'appt-1' }),
      entry({ id: 'c2', type: 'transfer-from-insurance', amountCents: 4000, bucket: 'insurance' }),
      entry({ id: 'c3', type: 'transfer-to-patient', amountCents: 4000 }),
      entry({ id: 'p1', type: 'payment', amountCents: 2500, method: 'card' }),
      entry({ id: 'a1', type: 'adjustment', amountCents: 500, reason: 'courtesy' }),
      entry({ id: 'r1', type: 'reversal', amountCents: 2500, reversesEntryId: 'p1' }),
    ], from, to);
    expect(lines.map((l) => [l.description, l.patientCents, l.insuranceCents])).toEqual([
      ['Charge billed to insurance · visit appt-1', 0, 15000],
      ['Transferred from insurance', 0, -4000],
      ['Transferred to patient responsibility', 4000, 0],
      ['Payment (card)', -2500, 0],
      ['Courtesy discount', -500, 0],
      ['Reversal of payment', 2500, 0],
    ]);
    expect(formatCents(123456)).toBe('$1,234.56');
    expect(formatCents(-5)).toBe('-$0.05');
  });

  it('renders a PDF with the guarantor, the activity, insurance pending, the amount due, the due date and how to pay', async () => {
    const pdf = await renderStatementPdf({
      _id: 'stmt-1', accountId: 'acct-p1', patientId: 'p1', siteId: 'site-downtown', siteName: 'Downtown Family Clinic', siteTimeZone: 'America/New_York',
      guarantor: { kind: 'responsible-party', firstName: 'Ana', lastName: 'López', relationship: 'parent', address: { line1: '12 Main St', city: 'New York', state: 'NY', postalCode: '10001' }, patientFirstName: 'Mateo', patientLastName: 'López' },
      lines: [{ date: new Date('2026-11-10T15:00:00Z'), description: 'Charge', patientCents: 8000, insuranceCents: 0 }],
      periodStart: new Date('2026-11-01T05:00:00Z'), periodEnd: new Date('2026-12-01T05:00:00Z'), previousBalanceCents: 0, amountDueCents: 8000, insurancePendingCents: 12000, creditCents: 0,
      dueDate: '2026-12-31', dunningLevel: 'final-notice', issuedAt: new Date('2026-12-01T05:00:00Z'), issuedBy: 'u1',
    });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const expected of ['Downtown Family Clinic', 'Statement: final notice', 'Ana López', '12 Main St', 'New York, NY 10001', 'Patient: Mateo López', 'FINAL NOTICE', '$80.00', '$120.00', 'Amount due', 'December 31, 2026', 'How to pay', 'stmt-1']) {
      expect(text).toContain(expected);
    }
  });
});

describe('the statement cycle day', () => {
  it('comes around about a month after the account is opened, on a day every month has', () => {
    expect(cycleDayOf(new Date('2026-12-02T10:00:00Z'))).toBe(1);
    expect(cycleDayOf(new Date('2026-12-01T10:00:00Z'))).toBe(28);
    expect(cycleDayOf(new Date('2026-12-31T10:00:00Z'))).toBe(28);
    expect(cycleDayOf(new Date('2026-12-15T10:00:00Z'))).toBe(14);
  });
});
