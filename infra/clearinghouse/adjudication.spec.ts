import { ClaimPayment, ProfessionalClaim, exampleClaim, remittanceProblems } from '@clinic-flow/x12';

/*
 * The simulated payers' pricing, pure: what each plan pays for the same visit, to the cent, and the
 * denials. (The HTTP side is in libs/x12's clearinghouse.int-spec.ts.)
 */
const rules = require('./adjudication') as {
  adjudicate(claim: ProfessionalClaim, ctx: object): ClaimPayment;
  frontEndRejection(claim: ProfessionalClaim, problems: string[], known: (pcc?: string) => boolean): { statuses: unknown[]; message: string } | undefined;
  reversal(payment: ClaimPayment, claimId: string, frequency: string): ClaimPayment;
};

function ctx(overrides: object = {}) {
  const remaining = new Map<string, number>();
  return {
    receivedDate: '2026-12-16', payerClaimControlNumber: 'P1', duplicate: false,
    deductibleRemaining: (m: string, y: string, start: number) => (remaining.has(`${m}${y}`) ? remaining.get(`${m}${y}`)! : (remaining.set(`${m}${y}`, start), start)),
    spendDeductible: (m: string, y: string, cents: number) => remaining.set(`${m}${y}`, remaining.get(`${m}${y}`)! - cents),
    ...overrides,
  };
}
const base = exampleClaim();
const claimFor = (memberId: string, overrides: Partial<ProfessionalClaim> = {}) => exampleClaim({ subscriber: { ...base.subscriber, memberId }, ...overrides });
const summary = (p: ClaimPayment) => [p.status, p.paidCents, p.patientResponsibilityCents, p.lines.map((l) => `${l.paidCents}/${l.allowedCents}: ${l.adjustments.map((a) => `${a.group}-${a.reason} ${a.amountCents}`).join(', ')}${l.remarkCodes.length ? ` [${l.remarkCodes}]` : ''}`)];
const balanced = (p: ClaimPayment) => remittanceProblems({
  handling: 'I', paymentCents: p.paidCents, method: 'CHK', paymentDate: '2026-12-23', traceNumber: 'T', payerTraceId: '1987654321',
  payer: { name: 'P', address: { line1: 'A', city: 'B', state: 'CT', postalCode: '06101' }, technicalContact: { phone: '1' } }, payee: { name: 'C', npi: '1234567893' }, claims: [p], providerAdjustments: [],
});

describe('simulated payer pricing', () => {
  it('the same visit (X9213 $150 + X3641 $60) under each plan, every payment balanced', () => {
    const cases: Array<[string, unknown[]]> = [
      ['PPO1', ['1', 8500, 4000, ['8500/11000: CO-45 4000, PR-3 2500', '0/1500: CO-45 4500, PR-1 1500']]],
      ['MCR1', ['1', 6800, 1700, ['6000/7500: CO-45 7500, PR-2 1500', '800/1000: CO-45 5000, PR-2 200']]],
      ['HMO1', ['1', 8700, 1500, ['7500/9000: CO-45 6000, PR-3 1500', '1200/1200: CO-45 4800']]],
      ['INA1', ['4', 0, 0, ['0/0: CO-27 15000 [N30]', '0/0: CO-27 6000 [N30]']]],
      ['PAU1', ['4', 0, 0, ['0/0: CO-197 15000', '0/0: CO-197 6000']]],
    ];
    for (const [member, expected] of cases) {
      const payment = rules.adjudicate(claimFor(member), ctx());
      expect([member, summary(payment)]).toEqual([member, expected]);
      expect(balanced(payment)).toEqual([]);
    }
  });

  it('the deductible is spent once across claims of a member and year; preventive G0439 costs nothing; an unknown code is allowed at 60%', () => {
    const shared = ctx();
    const lab = (id: string, code: string, charge: number) => claimFor('PPO9', { claimId: id, totalChargeCents: charge, lines: [{ lineId: `${id}-1`, procedureCode: code, chargeCents: charge, units: 1, diagnosisPointers: [1], serviceDate: '2026-11-01' }] });
    expect(summary(rules.adjudicate(lab('A', 'X9999', 50000), shared))).toEqual(['1', 0, 30000, ['0/30000: CO-45 20000, PR-1 30000']]);
    expect(summary(rules.adjudicate(lab('B', 'X9999', 20000), shared))).toEqual(['1', 5560, 6440, ['5560/12000: CO-45 8000, PR-1 5050, PR-2 1390']]);
    expect(summary(rules.adjudicate(lab('C', 'G0439', 20000), shared))).toEqual(['1', 13000, 0, ['13000/13000: CO-45 7000']]);
  });

  it('bundled pairs: never together (CO-97 M15), or allowed with a distinct-service modifier', () => {
    const pair = (modifier?: string) => claimFor('PPO8', {
      totalChargeCents: 70000,
      lines: [
        { lineId: 'L1', procedureCode: 'X4510', chargeCents: 50000, units: 1, diagnosisPointers: [1], serviceDate: '2026-12-15' },
        { lineId: 'L2', procedureCode: 'X4500', ...(modifier ? { modifiers: [modifier] } : {}), chargeCents: 20000, units: 1, diagnosisPointers: [1], serviceDate: '2026-12-15' },
      ],
    });
    expect(summary(rules.adjudicate(pair(), ctx()))[3]).toEqual(['7960/45000: CO-45 5000, PR-1 35050, PR-2 1990', '0/0: CO-97 20000 [M15]']);
    expect(summary(rules.adjudicate(pair('59'), ctx()))[3]).toEqual(['7960/45000: CO-45 5000, PR-1 35050, PR-2 1990', '16000/20000: PR-2 4000']);
  });

  it('timely filing, duplicates and a secondary without the primary are denied on every line', () => {
    expect(summary(rules.adjudicate(claimFor('HMO2'), ctx({ receivedDate: '2027-03-16' })))[0]).toBe('4');
    expect(summary(rules.adjudicate(claimFor('HMO2'), ctx({ receivedDate: '2027-03-15' })))[0]).toBe('1');
    // LAT: the payer dates it received 181 days after it was sent, past the 180 days of a PPO.
    expect(summary(rules.adjudicate(claimFor('LAT1'), ctx({ receivedDate: base.lines[0].serviceDate })))).toEqual(['4', 0, 0, ['0/0: CO-29 15000', '0/0: CO-29 6000']]);
    expect(summary(rules.adjudicate(claimFor('PPO4'), ctx({ receivedDate: base.lines[0].serviceDate })))[0]).toBe('1');
    expect(summary(rules.adjudicate(claimFor('PPO3'), ctx({ duplicate: true })))).toEqual(['4', 0, 0, ['0/0: CO-18 15000', '0/0: CO-18 6000']]);
    const orphan = claimFor('SEC1', { subscriber: { ...base.subscriber, memberId: 'SEC1', payerResponsibility: 'S' } });
    expect(summary(rules.adjudicate(orphan, ctx()))).toEqual(['4', 0, 0, ['0/0: CO-16 15000 [MA04]', '0/0: CO-16 6000 [MA04]']]);
  });

  it('a supplemental plan as secondary pays what Medicare left to the patient', () => {
    const medicare = rules.adjudicate(claimFor('MCR2'), ctx());
    const secondary = claimFor('SEC2', {
      subscriber: { ...base.subscriber, memberId: 'SEC2', payerResponsibility: 'S' },
      otherPayers: [{ payerResponsibility: 'P', relationship: '18', claimFilingIndicator: 'MB', subscriber: { memberId: 'MCR2', lastName: 'SMITH' }, payer: { name: 'MEDICARE', id: 'CMS01' }, paidCents: medicare.paidCents, adjustments: [] }],
      lines: base.lines.map((l, i) => ({ ...l, adjudications: [{ payerId: 'CMS01', paidCents: medicare.lines[i].paidCents, procedureCode: l.procedureCode, units: 1, adjustments: medicare.lines[i].adjustments, adjudicatedDate: '2026-12-23' }] })),
    });
    const payment = rules.adjudicate(secondary, ctx());
    expect(summary(payment)).toEqual(['2', 1700, 0, ['1500/11000: OA-23 6000, CO-45 7500', '200/1500: OA-23 800, CO-45 5000']]);
    expect(balanced(payment)).toEqual([]);
  });

  it('front-end edits (277CA) and reversals', () => {
    expect(rules.frontEndRejection(claimFor('NFD1'), [], () => true)).toMatchObject({ statuses: [{ category: 'A3', code: '33', entity: 'IL' }] });
    expect(rules.frontEndRejection(claimFor('PPO1'), ['billing provider NPI is not a valid NPI'], () => true)).toMatchObject({ statuses: [{ category: 'A7', code: '562', entity: '85' }] });
    expect(rules.frontEndRejection(claimFor('PPO1', { frequency: '8', payerClaimControlNumber: 'X' }), [], () => false)).toMatchObject({ statuses: [{ category: 'A7', code: '21' }] });
    expect(rules.frontEndRejection(claimFor('PPO1'), [], () => true)).toBeUndefined();
    const paid = rules.adjudicate(claimFor('PPO4'), ctx());
    const reversed = rules.reversal(paid, 'VOID-1', '8');
    expect(summary(reversed)).toEqual(['22', -8500, -4000, ['-8500/-11000: CO-45 -4000, PR-3 -2500', '0/-1500: CO-45 -4500, PR-1 -1500']]);
    expect(balanced(reversed)).toEqual([]);
  });
});
