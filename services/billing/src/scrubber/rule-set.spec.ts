import { fixtureTables } from './rules/fixture-tables';
import { claimWith } from './rules/fixture-claim';
import { ActiveOverride, RULE_SET_VERSION, RULES, runRule, runRules } from './rule-set';
import { cleanClaim } from './rules/fixture-claim';

/**
 * The rule set's manifest: every rule id with its version under the set's version. Changing a rule
 * (its version), adding or removing one fails this test until RULE_SET_VERSION is bumped and the
 * manifest below written again: a scrub result's version then always says which rules ran.
 */
const MANIFEST = {
  version: '2026.12.1',
  rules: {
    'CF-REQ-001': 1, 'CF-REQ-002': 1, 'CF-NPI-001': 1, 'CF-MBR-001': 1, 'CF-DOB-001': 1, 'CF-DXPTR-001': 1, 'CF-ICD-001': 1, 'CF-ICD-002': 1, 'CF-EX1-001': 1,
    'CF-TOT-001': 1, 'CF-CHG-001': 1, 'CF-UNT-001': 1, 'CF-MOD-001': 1, 'CF-PTP-001': 1, 'CF-PTP-002': 1, 'CF-MUE-001': 1, 'CF-TFL-001': 1, 'CF-PA-001': 1, 'CF-DUP-001': 1,
  },
};

describe('the rule set', () => {
  it('is versioned as a whole: its manifest matches the rules', () => {
    expect({ version: RULE_SET_VERSION, rules: Object.fromEntries(RULES.map((r) => [r.id, r.version])) }).toEqual(MANIFEST);
  });

  describe('overrides', () => {
    const late = claimWith((c) => {
      c.submissionDate = '2027-03-01';
      c.renderingProviderNpi = '1245319598';
    });
    const override = (ruleId: string): ActiveOverride => ({ overrideId: 'o-1', ruleId, by: 'u-biller', at: '2027-03-01T10:00:00.000Z', note: 'Payer granted an exception, ref 55-1234' });

    it('blocks a late claim with a bad NPI', () => {
      const result = runRules(late, fixtureTables());
      expect(result.status).toBe('blocked');
      expect(result.findings.map((f) => f.ruleId).sort()).toEqual(['CF-NPI-001', 'CF-TFL-001', 'CF-TFL-001']);
    });

    it('reports an overridden rule as overridden with its note, not blocking', () => {
      const result = runRules(late, fixtureTables(), [override('CF-TFL-001')]);
      expect(result.findings.map((f) => f.ruleId)).toEqual(['CF-NPI-001']);
      expect(result.overridden).toHaveLength(2);
      expect(result.overridden[0]).toMatchObject({ ruleId: 'CF-TFL-001', override: { overrideId: 'o-1', note: 'Payer granted an exception, ref 55-1234', by: 'u-biller' } });
    });

    it('never lets an override of a non-overridable rule pass its findings', () => {
      const result = runRules(late, fixtureTables(), [override('CF-NPI-001'), override('CF-TFL-001')]);
      expect(result.findings.map((f) => f.ruleId)).toEqual(['CF-NPI-001']);
      expect(result.status).toBe('blocked');
    });

    it('is clean once every finding is overridden, warnings when only warnings remain', () => {
      const onlyLate = claimWith((c) => (c.submissionDate = '2027-03-01'));
      expect(runRules(onlyLate, fixtureTables(), [override('CF-TFL-001')]).status).toBe('clean');
      const warned = claimWith((c) => (c.subscriber.memberId = 'PPO1'));
      expect(runRules(warned, fixtureTables()).status).toBe('warnings');
    });
  });

  it('turns a rule that throws on odd data into a blocking finding, never a crash', () => {
    const broken = { ...RULES[0], check: () => { throw new Error('lines is not iterable'); } };
    expect(runRule(broken, cleanClaim(), fixtureTables())).toEqual([
      expect.objectContaining({ ruleId: 'CF-REQ-001', severity: 'error', overridable: false, message: 'Rule CF-REQ-001 could not check this claim (lines is not iterable).' }),
    ]);
  });
});
