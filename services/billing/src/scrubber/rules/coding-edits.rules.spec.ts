import { buildTables } from '../tables/scrub-tables';
import { SYNTHETIC_CODE_PAIRS, SYNTHETIC_MUE } from '../tables/synthetic-tables';
import { claimWithLines, line } from './fixture-claim';
import { FIXTURE_CODE_SET } from './fixture-tables';
import { diagnosisCodeSet } from '../tables/scrub-tables';
import { codePairsNeedModifier, codePairsNever, unitsPerDay } from './coding-edits.rules';
import { runRule } from '../rule-set';
import type { CodePairEdit, MueEntry } from './rule';

const tables = (codePairs: CodePairEdit[] = SYNTHETIC_CODE_PAIRS, mue: MueEntry[] = SYNTHETIC_MUE) => buildTables({ codePairs, mue, icd10cm: diagnosisCodeSet(FIXTURE_CODE_SET) });
const ids = (findings: { ruleId: string; path: string }[]) => findings.map((f) => `${f.ruleId} ${f.path}`);

describe('code pairs (NCCI PTP-like)', () => {
  describe('modifier indicator 0', () => {
    it('refuses the column 2 code on the same day whatever the modifier, in either line order', () => {
      const withModifier = claimWithLines([line('L1', 'G0439', { modifiers: ['59'] }), line('L2', 'G0438')]);
      expect(ids(runRule(codePairsNever, withModifier, tables()))).toEqual(['CF-PTP-001 lines[0].procedureCode']);
      expect(runRule(codePairsNeedModifier, withModifier, tables())).toEqual([]);
    });

    it('lets the pair pass on different dates of service', () => {
      expect(runRule(codePairsNever, claimWithLines([line('L1', 'G0438'), line('L2', 'G0439', { serviceDate: '2026-11-09' })]), tables())).toEqual([]);
    });
  });

  describe('modifier indicator 1', () => {
    it.each([['59'], ['XS'], ['XU'], ['25']])('passes with the NCCI-associated modifier %s on either line', (modifier) => {
      expect(runRule(codePairsNeedModifier, claimWithLines([line('L1', 'SYN10'), line('L2', 'SYN11', { modifiers: [modifier] })]), tables())).toEqual([]);
      expect(runRule(codePairsNeedModifier, claimWithLines([line('L1', 'SYN10', { modifiers: [modifier] }), line('L2', 'SYN11')]), tables())).toEqual([]);
    });

    it('fails without one, or with a modifier NCCI does not associate (GA, 26)', () => {
      for (const modifiers of [[], ['GA'], ['26']]) {
        const findings = runRule(codePairsNeedModifier, claimWithLines([line('L1', 'SYN10'), line('L2', 'SYN11', { modifiers })]), tables());
        expect(ids(findings)).toEqual(['CF-PTP-002 lines[1].modifiers']);
        expect(findings[0].message).toContain('SYN11 (line 2) is bundled into SYN10 (line 1) on 2026-11-02');
      }
      expect(runRule(codePairsNever, claimWithLines([line('L1', 'SYN10'), line('L2', 'SYN11')]), tables())).toEqual([]);
    });
  });

  it('applies an edit from its effective date until (not on) its deletion date; indicator 9 never', () => {
    const pair = (date: string) => claimWithLines([line('L1', 'SYN20', { serviceDate: date }), line('L2', 'SYN21', { serviceDate: date })], (c) => (c.serviceDateFrom = date));
    expect(runRule(codePairsNeedModifier, pair('2025-12-31'), tables())).toHaveLength(1);
    expect(runRule(codePairsNeedModifier, pair('2026-01-01'), tables())).toEqual([]);
    const future: CodePairEdit = { column1: 'SYN40', column2: 'SYN41', effectiveDate: '2026-11-03', modifierIndicator: '0', source: 'test' };
    const onDay = (date: string) => claimWithLines([line('L1', 'SYN40', { serviceDate: date }), line('L2', 'SYN41', { serviceDate: date })]);
    expect(runRule(codePairsNever, onDay('2026-11-02'), tables([future]))).toEqual([]);
    expect(runRule(codePairsNever, onDay('2026-11-03'), tables([future]))).toHaveLength(1);
    expect(runRule(codePairsNever, claimWithLines([line('L1', 'SYN30'), line('L2', 'SYN31')]), tables())).toEqual([]);
    expect(runRule(codePairsNeedModifier, claimWithLines([line('L1', 'SYN30'), line('L2', 'SYN31')]), tables())).toEqual([]);
  });
});

describe('units per day (MUE)', () => {
  it('checks indicator 1 per line: two lines each within the limit pass', () => {
    expect(runRule(unitsPerDay, claimWithLines([line('L1', 'SYN11', { units: 2 }), line('L2', 'SYN11', { units: 2, modifiers: ['76'] })]), tables())).toEqual([]);
    expect(ids(runRule(unitsPerDay, claimWithLines([line('L1', 'SYN11', { units: 3 })]), tables()))).toEqual(['CF-MUE-001 lines[0].units']);
  });

  it('sums indicator 2 and 3 across the lines of one day, not across days', () => {
    expect(runRule(unitsPerDay, claimWithLines([line('L1', 'J1100', { units: 20 })]), tables())).toEqual([]);
    const over = runRule(unitsPerDay, claimWithLines([line('L1', 'J1100', { units: 15 }), line('L2', 'J1100', { units: 6 })]), tables());
    expect(ids(over)).toEqual(['CF-MUE-001 lines[0].units']);
    expect(over[0].message).toBe('21 units of J1100 on 2026-11-02; its MUE is 20 per day (indicator 3, synthetic (Clinic Flow, not CMS)).');
    expect(runRule(unitsPerDay, claimWithLines([line('L1', 'J1100', { units: 15 }), line('L2', 'J1100', { units: 6, serviceDate: '2026-11-03' })]), tables())).toEqual([]);
    expect(ids(runRule(unitsPerDay, claimWithLines([line('L1', 'G0439', { units: 2 })]), tables()))).toEqual(['CF-MUE-001 lines[0].units']);
  });

  it('says nothing of a code without an MUE', () => {
    expect(runRule(unitsPerDay, claimWithLines([line('L1', 'SYN99', { units: 500 })]), tables())).toEqual([]);
  });
});
