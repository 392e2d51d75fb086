import type { LedgerEntry } from '../ledger/ledger.rules';
import { agingCsv, collections, collectionsCsv, daysInAr, daysInArCsv, denialsByReason, denialsCsv, mergeAging, openInsuranceByClaim, patientAging, payerAging, toCsv } from './reports.rules';

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

  it('payer aging: what each claim still has billed to insurance, by payer and site, aged from the date of service at the bucket edges', () => {
    const asOf = new Date('2026-12-01T00:00:00Z');
    const ins = (over: Partial<LedgerEntry> & Pick<LedgerEntry, 'id' | 'type' | 'amountCents'>) => entry({ bucket: 'insurance', ...over });
    const open = openInsuranceByClaim([
      { entries: [
        ins({ id: 'c1', type: 'charge', amountCents: 10000, claimId: 'A' }),
        ins({ id: 'p1', type: 'payment', amountCents: 6000, claimId: 'A' }),
        ins({ id: 'a1', type: 'adjustment', amountCents: 1000, claimId: 'A' }),
        ins({ id: 't1', type: 'transfer-from-insurance', amountCents: 500, claimId: 'A' }),
        entry({ id: 't2', type: 'transfer-to-patient', amountCents: 500, claimId: 'A' }),
        ins({ id: 'c2', type: 'charge', amountCents: 7000, claimId: 'B' }),
        ins({ id: 'p2', type: 'payment', amountCents: 7000, claimId: 'B' }),
        ins({ id: 'r2', type: 'reversal', amountCents: 7000, reversesEntryId: 'p2' }),
        ins({ id: 'c3', type: 'charge', amountCents: 4000, claimId: 'C' }),
        ins({ id: 'p3', type: 'payment', amountCents: 4000, claimId: 'C' }),
      ] },
      { entries: [ins({ id: 'c4', type: 'charge', amountCents: 300, claimId: 'D' }), ins({ id: 'c5', type: 'charge', amountCents: 200, claimId: 'E' }), ins({ id: 'c6', type: 'charge', amountCents: 100, claimId: 'F' })] },
    ]);
    expect(Object.fromEntries(open)).toEqual({ A: 2500, B: 7000, C: 0, D: 300, E: 200, F: 100 });
    const claim = (claimId: string, dateOfService: string, payerId = 'ppo', siteId = 's1') => ({ claimId, siteId, payerId, payerName: payerId.toUpperCase(), dateOfService });
    const rows = payerAging([
      claim('A', '2026-11-01'), // 30 days: 0-30
      claim('B', '2026-10-31'), // 31 days: 31-60
      claim('C', '2026-01-01'), // paid: no row
      claim('D', '2026-08-03'), // 120 days: 91-120
      claim('E', '2026-08-02'), // 121 days: 120+
      claim('F', '2026-11-20', 'mcr', 's2'),
    ], open, asOf);
    expect(rows).toEqual([
      { siteId: 's1', responsibility: 'payer:ppo', buckets: { '0-30': 2500, '31-60': 7000, '61-90': 0, '91-120': 300, '120+': 200 }, totalCents: 10000 },
      { siteId: 's2', responsibility: 'payer:mcr', buckets: { '0-30': 100, '31-60': 0, '61-90': 0, '91-120': 0, '120+': 0 }, totalCents: 100 },
    ]);
    expect(payerAging([claim('F', '2026-11-20', 'mcr', 's2')], open, asOf, new Set(['s1']))).toEqual([]);
    const merged = mergeAging([{ siteId: 's2', responsibility: 'patient', buckets: rows[1].buckets, totalCents: 100 }], rows);
    expect(merged.map((r) => `${r.siteId}/${r.responsibility}`)).toEqual(['s1/payer:ppo', 's2/patient', 's2/payer:mcr']);
    expect(agingCsv(merged).split('\r\n')[1]).toBe('s1,payer:ppo,2500,7000,0,300,200,10000');
  });

  it('denials by site, payer, group code and CARC with its description, in the period', () => {
    const d = (over: Partial<Parameters<typeof denialsByReason>[0][number]>) => ({ siteId: 's1', payerId: 'ppo', payerName: 'PPO', group: 'CO', reason: '97', amountCents: 1000, deniedAt: new Date('2026-11-10T00:00:00Z'), ...over });
    const rows = denialsByReason([
      d({}), d({ amountCents: 500 }), d({ reason: '18', amountCents: 200 }), d({ group: 'PI', reason: '97', amountCents: 50 }),
      d({ payerId: 'mcr', payerName: 'MCR', reason: '29' }), d({ deniedAt: '2026-12-01T00:00:00.000Z' }), d({ siteId: 's2' }),
    ], new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'), new Set(['s1']));
    expect(rows.map(({ description: _description, ...r }) => r)).toEqual([
      { siteId: 's1', payerId: 'mcr', payerName: 'MCR', group: 'CO', reason: '29', count: 1, amountCents: 1000 },
      { siteId: 's1', payerId: 'ppo', payerName: 'PPO', group: 'CO', reason: '97', count: 2, amountCents: 1500 },
      { siteId: 's1', payerId: 'ppo', payerName: 'PPO', group: 'CO', reason: '18', count: 1, amountCents: 200 },
      { siteId: 's1', payerId: 'ppo', payerName: 'PPO', group: 'PI', reason: '97', count: 1, amountCents: 50 },
    ]);
    expect(rows[1].description).toBe('The benefit for this service is included in the payment for another service already adjudicated (bundled)');
    expect(denialsCsv(rows).split('\r\n')[0]).toBe('site_id,payer_id,payer_name,group_code,carc,description,denied_lines,denied_cents');
  });

  it('days in A/R: total A/R over average daily charges; no charges in the window gives null, not a division by zero', () => {
    const asOf = new Date('2026-12-01T00:00:00Z');
    const accounts = [{ entries: [
      entry({ id: 'old', type: 'charge', amountCents: 5000, postedAt: new Date('2026-08-01T00:00:00Z') }), // before the window, still owed
      entry({ id: 'c1', type: 'charge', amountCents: 9000, bucket: 'insurance', claimId: 'A', postedAt: new Date('2026-11-20T00:00:00Z') }),
      entry({ id: 'p1', type: 'payment', amountCents: 3000, bucket: 'insurance', claimId: 'A' }),
      entry({ id: 'c2', type: 'charge', amountCents: 900, postedAt: new Date('2026-11-25T00:00:00Z') }),
      entry({ id: 'cx', type: 'charge', amountCents: 4000, postedAt: new Date('2026-11-26T00:00:00Z') }),
      entry({ id: 'rx', type: 'reversal', amountCents: 4000, reversesEntryId: 'cx' }),
      entry({ id: 'other', type: 'charge', amountCents: 100000, siteId: 's2', postedAt: new Date('2026-11-26T00:00:00Z') }),
    ] }];
    const r = daysInAr(accounts, asOf, 30, new Set(['s1']));
    expect(r).toMatchObject({ days: 30, patientArCents: 5900, insuranceArCents: 6000, totalArCents: 11900, chargesCents: 9900, averageDailyChargesCents: 330, daysInAr: 36.1 });
    expect(daysInAr(accounts, asOf, 30, new Set(['s3']))).toMatchObject({ totalArCents: 0, chargesCents: 0, averageDailyChargesCents: 0, daysInAr: null });
    const none = daysInAr([{ entries: [entry({ id: 'old', type: 'charge', amountCents: 5000, postedAt: new Date('2026-01-01T00:00:00Z') })] }], asOf, 90);
    expect(none).toMatchObject({ totalArCents: 5000, chargesCents: 0, daysInAr: null });
    expect(daysInArCsv(none).split('\r\n')[1]).toMatch(/^90,.*,5000,0,5000,0,0,$/);
  });
});
