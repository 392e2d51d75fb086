import { runRule } from '../rule-set';
import { claimWith, claimWithLines, line } from './fixture-claim';
import { fixtureTables } from './fixture-tables';
import { duplicateClaim } from './duplicates.rules';
import { priorAuthorizationRequired, timelyFiling } from './payer.rules';
import type { EarlierClaimKey } from '../scrub-claim';

const tables = fixtureTables();

describe('timely filing', () => {
  const sentOn = (submissionDate: string, change?: Parameters<typeof claimWith>[0]) =>
    runRule(timelyFiling, claimWith((c) => {
      c.submissionDate = submissionDate;
      change?.(c);
    }), tables);

  it('accepts the last day of the limit and refuses the day after (90 days from 2026-11-02)', () => {
    expect(sentOn('2027-01-31')).toEqual([]);
    const late = sentOn('2027-02-01');
    expect(late.map((f) => f.path)).toEqual(['lines[0].serviceDate', 'lines[1].serviceDate']);
    expect(late[0].message).toBe('Sent 91 days after the date of service 2026-11-02; payer payer-acme accepts claims for 90 days (1 day late).');
  });

  it('counts each line from its own date of service', () => {
    const findings = sentOn('2027-01-31', (c) => (c.lines[0].serviceDate = '2026-11-01'));
    expect(findings.map((f) => f.path)).toEqual(['lines[0].serviceDate']);
  });

  it('crosses a leap day by the calendar (365 days from 2027-03-01 is 2028-02-29)', () => {
    const leap = (submissionDate: string) => sentOn(submissionDate, (c) => {
      c.payer.timelyFilingDays = 365;
      c.serviceDateFrom = '2027-03-01';
      c.lines.forEach((l) => (l.serviceDate = '2027-03-01'));
    });
    expect(leap('2028-02-29')).toEqual([]);
    expect(leap('2028-03-01')).toHaveLength(2);
  });

  it('does not check a void, nor a payer without a known limit', () => {
    expect(sentOn('2028-01-01', (c) => (c.frequency = '8'))).toEqual([]);
    expect(sentOn('2028-01-01', (c) => delete c.payer.timelyFilingDays)).toEqual([]);
    expect(sentOn('2028-01-01', (c) => (c.frequency = '7'))).toHaveLength(2);
  });
});

describe('prior authorization', () => {
  it('needs the number only for the codes the payer names', () => {
    expect(runRule(priorAuthorizationRequired, claimWithLines([line('L1', 'SYN10')]), tables)).toEqual([]);
    expect(runRule(priorAuthorizationRequired, claimWithLines([line('L1', 'SYN50')], (c) => (c.priorAuthorizationNumber = '  ')), tables)).toHaveLength(1);
  });
});

describe('duplicate claim vs replacement', () => {
  const earlier = (extra: Partial<EarlierClaimKey> = {}): EarlierClaimKey => ({ claimId: 'claim-earlier', patientId: 'patient-fixture', serviceDate: '2026-11-02', procedureCode: 'SYN10', modifiers: [], payerId: 'payer-acme', frequency: '1', ...extra });
  const check = (keys: EarlierClaimKey[], change?: Parameters<typeof claimWith>[0]) =>
    runRule(duplicateClaim, claimWith((c) => {
      c.earlierClaims = keys;
      change?.(c);
    }), tables);

  it('finds an original billing the same patient, day, code and modifiers to the same payer', () => {
    const findings = check([earlier()]);
    expect(findings.map((f) => f.path)).toEqual(['lines[0]']);
    expect(findings[0].message).toBe('Line 1 (SYN10 on 2026-11-02) was already billed to this payer on claim claim-earlier.');
    expect(check([earlier({ modifiers: [] })], (c) => (c.lines[0].modifiers = []))).toHaveLength(1);
  });

  it('is not a duplicate when the claim itself is a replacement (7) or a void (8)', () => {
    expect(check([earlier()], (c) => { c.frequency = '7'; c.originalClaimId = 'claim-earlier'; })).toEqual([]);
    expect(check([earlier()], (c) => { c.frequency = '8'; c.originalClaimId = 'claim-earlier'; })).toEqual([]);
  });

  it('does not count an earlier replacement, a voided original, or the claim itself', () => {
    expect(check([earlier({ frequency: '7' }), earlier({ frequency: '8' })])).toEqual([]);
    expect(check([earlier({ voided: true })])).toEqual([]);
    expect(check([earlier({ claimId: 'claim-fixture-1' })])).toEqual([]);
  });

  it('differs by patient, payer, day, code or modifiers', () => {
    expect(check([earlier({ patientId: 'someone-else' })])).toEqual([]);
    expect(check([earlier({ payerId: 'payer-other' })])).toEqual([]);
    expect(check([earlier({ serviceDate: '2026-11-03' })])).toEqual([]);
    expect(check([earlier({ procedureCode: 'SYN11' })])).toEqual([]);
    expect(check([earlier({ modifiers: ['76'] })])).toEqual([]);
    expect(check([earlier({ modifiers: ['RT', '59'] })], (c) => (c.lines[0].modifiers = ['59', 'RT']))).toHaveLength(1);
  });
});
