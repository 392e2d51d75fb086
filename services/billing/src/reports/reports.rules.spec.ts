import type { LedgerEntry } from '../ledger/ledger.rules';
import { agingCsv, collections, collectionsCsv, patientAging, toCsv } from './reports.rules';

const entry = (over: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'type' | 'amountCents'>): LedgerEntry => ({
  postingId: 'p', bucket: 'patient', source: 'u1', idempotencyKey: over.id, balanceAfterCents: 0, patientBalanceAfterCents: 0, postedAt: new Date('2026-11-10T15:00:00Z'), siteId: 's1', ...over,
});

describe('billing reports', () => {
  it('collections per site and method in the period: reversed payments left out, refunds netted', () => {
    const rows = collections([
      { entries: [
        entry({ id: 'c', type: 'charge', amountCents: 9000 }),
        entry({ id: 'p1', type: 'payment', amountCents: 2500, method: 'card' }),
        entry({ id: 'p2', type: 'payment', amountCents: 1000, method: 'cash' }),
        entry({ id: 'p3', type: 'payment', amountCents: 700, method: 'cash' }),
        entry({ id: 'r', type: 'reversal', amountCents: 700, reversesEntryId: 'p3' }),
        entry({ id: 'f', type: 'refund', amountCents: 500, method: 'card' }),
        entry({ id: 'late', type: 'payment', amountCents: 100, method: 'card', postedAt: new Date('2026-12-05T00:00:00Z') }),
        entry({ id: 'other', type: 'payment', amountCents: 100, method: 'card', siteId: 's2' }),
        entry({ id: 'ins', type: 'payment', amountCents: 4000, bucket: 'insurance' }),
      ] },
    ], new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'), new Set(['s1']));
    expect(rows).toEqual([
      { siteId: 's1', method: 'card', count: 1, collectedCents: 2500, refundedCents: 500, netCents: 2000 },
      { siteId: 's1', method: 'cash', count: 1, collectedCents: 1000, refundedCents: 0, netCents: 1000 },
    ]);
    expect(collectionsCsv(rows)).toBe('site_id,method,payments,collected_cents,refunded_cents,net_cents\r\ns1,card,1,2500,500,2000\r\ns1,cash,1,1000,0,1000\r\n');
  });

  it('ages patient balances by site in the five buckets', () => {
    const asOf = new Date('2026-12-01T00:00:00Z');
    const rows = patientAging([
      { entries: [entry({ id: 'a', type: 'charge', amountCents: 1000, dateOfService: '2026-11-20' }), entry({ id: 'b', type: 'charge', amountCents: 2000, dateOfService: '2026-07-01' })] },
      { entries: [entry({ id: 'c', type: 'charge', amountCents: 3000, dateOfService: '2026-09-15' }), entry({ id: 'd', type: 'payment', amountCents: 3000 })] },
      { entries: [entry({ id: 'e', type: 'charge', amountCents: 500, dateOfService: '2026-09-25', siteId: 's2' })] },
    ], asOf);
    expect(rows).toEqual([
      { siteId: 's1', responsibility: 'patient', buckets: { '0-30': 1000, '31-60': 0, '61-90': 0, '91-120': 0, '120+': 2000 }, totalCents: 3000 },
      { siteId: 's2', responsibility: 'patient', buckets: { '0-30': 0, '31-60': 0, '61-90': 500, '91-120': 0, '120+': 0 }, totalCents: 500 },
    ]);
    expect(agingCsv(rows).split('\r\n')[1]).toBe('s1,patient,1000,0,0,0,2000,3000');
  });

  it('quotes CSV cells that hold separators or would run as a formula', () => {
    expect(toCsv(['a', 'b'], [['x,y', '=SUM(A1)']])).toBe('a,b\r\n"x,y","=SUM(A1)"\r\n');
  });
});
