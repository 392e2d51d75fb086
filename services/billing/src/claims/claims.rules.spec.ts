import type { ClaimPayment } from '@clinic-flow/x12';
import { correctionRefusal, denialClosing, lineIdOf, methodOf, newClaimId, postingOf, statusAfter } from './claims.rules';
import type { ClaimRecord } from './claims.schema';

const claim = (order: 'primary' | 'secondary' = 'primary'): Pick<ClaimRecord, '_id' | 'siteId' | 'encounterId' | 'dateOfService' | 'lines' | 'order'> => ({
  _id: 'CLTEST1', siteId: 'site-a', encounterId: 'enc-1', dateOfService: '2026-11-02', order,
  lines: [
    { lineId: lineIdOf('CLTEST1', 0), procedureCode: 'X9213', modifiers: [], units: 1, chargeCents: 15000, serviceDate: '2026-11-02' },
    { lineId: lineIdOf('CLTEST1', 1), procedureCode: 'X3641', modifiers: [], units: 1, chargeCents: 3000, serviceDate: '2026-11-02' },
  ],
});

const payment = (lines: ClaimPayment['lines'], status: ClaimPayment['status'] = '1'): ClaimPayment => ({
  claimId: 'CLTEST1', status, chargeCents: 18000, paidCents: lines.reduce((n, l) => n + l.paidCents, 0), claimFilingIndicator: '12', payerClaimControlNumber: 'PCN1',
  adjustments: [], patient: { lastName: 'X' }, lines,
});

const ppo = payment([
  { procedureCode: 'X9213', chargeCents: 15000, paidCents: 8500, lineId: 'CLTEST1-1', adjustments: [{ group: 'CO', reason: '45', amountCents: 4000 }, { group: 'PR', reason: '3', amountCents: 2500 }], remarkCodes: [] },
  { procedureCode: 'X3641', chargeCents: 3000, paidCents: 0, lineId: 'CLTEST1-2', adjustments: [{ group: 'CO', reason: '45', amountCents: 1500 }, { group: 'PR', reason: '1', amountCents: 1500 }], remarkCodes: [] },
]);

describe('claim ids', () => {
  it('are short enough for CLM01 (20) and carry their line ids', () => {
    const id = newClaimId(Date.UTC(2026, 11, 2), 123456);
    expect(id).toMatch(/^CL[A-Z0-9]{12}$/);
    expect(id.length).toBeLessThanOrEqual(20);
    expect(newClaimId(Date.UTC(2026, 11, 2), 1)).not.toBe(id);
    expect(lineIdOf(id, 1)).toBe(`${id}-2`);
  });
});

describe('posting an 835 claim payment', () => {
  it('pays, writes off CO, moves PR to the patient in one posting (a PR line paid 0 is not a denial)', () => {
    const p = postingOf(claim(), ppo, { method: 'check', keepForSecondary: false });
    expect(p.entries.map((e) => [e.type, e.amountCents, e.bucket ?? '', e.reason ?? '', e.method ?? ''])).toEqual([
      ['payment', 8500, 'insurance', '', 'check'],
      ['adjustment', 5500, 'insurance', 'contractual', ''],
      ['transfer-from-insurance', 4000, '', '', ''],
      ['transfer-to-patient', 4000, '', '', ''],
    ]);
    expect(p.entries.every((e) => e.claimId === 'CLTEST1' && e.siteId === 'site-a')).toBe(true);
    expect([p.paidCents, p.contractualCents, p.patientResponsibilityCents, p.deniedCents]).toEqual([8500, 5500, 4000, 0]);
    expect(p.paidByLine).toEqual({ 'CLTEST1-1': 8500, 'CLTEST1-2': 0 });
    expect(statusAfter(p, '1')).toBe('paid');
  });

  it("keeps the patient's part billed to insurance when a secondary claim follows", () => {
    const p = postingOf(claim(), ppo, { keepForSecondary: true });
    expect(p.entries.map((e) => e.type)).toEqual(['payment', 'adjustment']);
    expect(p.patientResponsibilityCents).toBe(4000);
  });

  it('queues a denied line (CO, paid 0, no PR) with its codes explained, and never writes it off', () => {
    const denied = payment([
      ppo.lines[0],
      { procedureCode: 'X3641', chargeCents: 3000, paidCents: 0, lineId: 'CLTEST1-2', adjustments: [{ group: 'CO', reason: '97', amountCents: 3000 }], remarkCodes: ['M15'] },
    ]);
    const p = postingOf(claim(), denied, { keepForSecondary: false });
    expect(p.entries.find((e) => e.type === 'adjustment')?.amountCents).toBe(4000);
    expect(p.deniedCents).toBe(3000);
    expect(p.denials).toEqual([expect.objectContaining({ lineId: 'CLTEST1-2', group: 'CO', reason: '97', amountCents: 3000, remarks: [expect.objectContaining({ code: 'M15' })] })]);
    expect(p.denials[0].reasonText).not.toContain('not in our table');
    expect(statusAfter(p, '1')).toBe('partially-paid');
    expect(statusAfter({ paidCents: 0, deniedCents: 18000 }, '4')).toBe('denied');
    expect(statusAfter({ paidCents: 0, deniedCents: 0 }, '22')).toBe('reversed');
  });

  it('names 835 lines that match no line of the claim (REF*6R)', () => {
    const stray = payment([{ ...ppo.lines[0], lineId: 'OTHER-1' }, ppo.lines[1]]);
    expect(postingOf(claim(), stray, { keepForSecondary: false }).unmatchedLines).toEqual(['OTHER-1']);
  });

  it("a secondary pays what it pays; the rest of what it was billed moves to the patient", () => {
    const sec = payment([
      { procedureCode: 'X9213', chargeCents: 15000, paidCents: 0, lineId: 'CLTEST1-1', adjustments: [{ group: 'OA', reason: '23', amountCents: 8500 }, { group: 'CO', reason: '45', amountCents: 4000 }, { group: 'PR', reason: '2', amountCents: 2500 }], remarkCodes: [] },
      { procedureCode: 'X3641', chargeCents: 3000, paidCents: 1000, lineId: 'CLTEST1-2', adjustments: [{ group: 'CO', reason: '45', amountCents: 1500 }, { group: 'PR', reason: '2', amountCents: 500 }], remarkCodes: [] },
    ], '2');
    const p = postingOf(claim('secondary'), sec, { keepForSecondary: false, billedCents: 4000 });
    expect(p.entries.map((e) => [e.type, e.amountCents])).toEqual([['payment', 1000], ['transfer-from-insurance', 3000], ['transfer-to-patient', 3000]]);
  });

  it('maps BPR04: a check is a check, ACH and wire transfers are eft, no payment says nothing', () => {
    expect(methodOf('CHK')).toBe('check');
    expect(methodOf('ACH')).toBe('eft');
    expect(methodOf('FWT')).toBe('eft');
    expect(methodOf('NON')).toBeUndefined();
    expect(postingOf(claim(), ppo, { method: 'eft', keepForSecondary: false }).entries[0]).toMatchObject({ type: 'payment', bucket: 'insurance', amountCents: 8500, method: 'eft' });
  });
});

describe('correctionRefusal', () => {
  const accepted = { _id: 'CL1', order: 'primary' as const, frequency: '1' as const, status: 'paid' as const, payerClaimControlNumber: 'PPO00000001' };
  it('lets an accepted or paid primary claim be voided or replaced', () => {
    expect(correctionRefusal(accepted, '8')).toBeUndefined();
    expect(correctionRefusal({ ...accepted, status: 'accepted' }, '7')).toBeUndefined();
  });
  it('refuses a claim the payer never accepted (no payer claim control number)', () => {
    expect(correctionRefusal({ ...accepted, status: 'rejected', payerClaimControlNumber: undefined }, '8')?.code).toBe('CLAIM.NOT_ACCEPTED');
    expect(correctionRefusal({ ...accepted, status: 'submitted', payerClaimControlNumber: undefined }, '7')?.code).toBe('CLAIM.NOT_ACCEPTED');
  });
  it('refuses a claim voided or replaced already, a reversed one and a void itself', () => {
    expect(correctionRefusal({ ...accepted, correctedByClaimId: 'CL2' }, '8')?.code).toBe('CLAIM.ALREADY_CORRECTED');
    expect(correctionRefusal({ ...accepted, status: 'reversed' }, '7')?.code).toBe('CLAIM.ALREADY_CORRECTED');
    expect(correctionRefusal({ ...accepted, frequency: '8' }, '8')?.code).toBe('CLAIM.VOIDED');
  });
  it('refuses a secondary claim', () => {
    expect(correctionRefusal({ ...accepted, order: 'secondary' }, '8')?.code).toBe('CLAIM.SECONDARY_CORRECTION');
  });
});

describe('working a denial off the queue', () => {
  const denial = { id: 'den-1', lineId: 'CLTEST1-1', procedureCode: 'X9213', chargeCents: 15000, group: 'CO', reason: '29', reasonText: 'late', amountCents: 15000, remarks: [], remittanceId: 'r1', deniedAt: new Date(), open: true };
  const denied = (over: Partial<ClaimRecord> = {}) => ({ ...claim(), status: 'denied' as const, denials: [denial], ...over });

  it('a write-off of a primary: a denial adjustment of the denied amount from insurance', () => {
    expect(denialClosing(denied(), 'den-1', 'written-off')).toEqual({
      denial,
      entries: [{ type: 'adjustment', bucket: 'insurance', reason: 'denial', amountCents: 15000, claimId: 'CLTEST1', siteId: 'site-a', encounterId: 'enc-1', dateOfService: '2026-11-02' }],
    });
  });

  it('an appeal posts nothing; nor does a secondary write-off (its unpaid part went to the patient when posted)', () => {
    expect(denialClosing(denied(), 'den-1', 'appealed')).toEqual({ denial, entries: [] });
    expect(denialClosing({ ...denied(), order: 'secondary' }, 'den-1', 'written-off')).toEqual({ denial, entries: [] });
  });

  it('corrected only once the claim was replaced or voided; a corrected claim is not written off', () => {
    expect(denialClosing(denied(), 'den-1', 'corrected').refusal?.code).toBe('DENIAL.NOT_CORRECTED');
    expect(denialClosing(denied({ correctedByClaimId: 'CL2' }), 'den-1', 'corrected')).toEqual({ denial, entries: [] });
    expect(denialClosing(denied({ correctedByClaimId: 'CL2' }), 'den-1', 'written-off').refusal?.code).toBe('DENIAL.CLAIM_CORRECTED');
    expect(denialClosing(denied({ status: 'reversed' }), 'den-1', 'written-off').refusal?.code).toBe('DENIAL.CLAIM_CORRECTED');
  });

  it('an unknown or closed denial is refused', () => {
    expect(denialClosing(denied(), 'den-2', 'appealed').refusal).toMatchObject({ kind: 'not-found', code: 'DENIAL.NOT_FOUND' });
    expect(denialClosing(denied({ denials: [{ ...denial, open: false, outcome: 'appealed', workedBy: 'u1' }] }), 'den-1', 'written-off').refusal)
      .toMatchObject({ kind: 'conflict', code: 'DENIAL.ALREADY_CLOSED', message: expect.stringContaining('appealed by u1') });
  });
});
