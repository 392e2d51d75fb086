/*
 * Every rule against its own fixtures: the passing claim raises nothing from it, the failing claim
 * raises exactly the findings the fixture expects. A rule added without fixtures, or whose fixtures
 * stop matching its check, fails here. Each fixture is also a valid HTTP body (ScrubClaimRequest).
 */
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { ScrubClaimRequest } from '@clinic-flow/contracts';
import { fixtureTables } from './rules/fixture-tables';
import { cleanClaim } from './rules/fixture-claim';
import { RULE_SET_VERSION, RULES, runRule, runRules } from './rule-set';

describe('scrubber rules against their own fixtures', () => {
  const tables = fixtureTables();

  it('has unique ids, a version, where to fix and both fixtures for every rule', () => {
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^CF-[A-Z0-9]+-\d{3}$/);
      expect(rule.version).toBeGreaterThanOrEqual(1);
      expect(rule.where.length).toBeGreaterThan(5);
      expect(rule.fixtures?.passes).toBeDefined();
      expect(rule.fixtures?.fails).toBeDefined();
      expect(rule.fixtures.expected.length).toBeGreaterThan(0);
    }
  });

  describe.each(RULES.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
    it('passes its passing fixture', () => {
      expect(runRule(rule, rule.fixtures.passes, tables)).toEqual([]);
    });

    it('fails its failing fixture with the expected findings, each explained', () => {
      const findings = runRule(rule, rule.fixtures.fails, tables);
      expect(findings).toHaveLength(rule.fixtures.expected.length);
      rule.fixtures.expected.forEach((expected, i) => expect(findings[i]).toMatchObject({ ruleId: rule.id, ruleVersion: rule.version, severity: rule.severity, ...expected }));
      for (const f of findings) {
        expect(f.message.length).toBeGreaterThan(15);
        expect(f.fix.length).toBeGreaterThan(10);
        expect(f.where).toBe(rule.where);
      }
    });

    it('has fixtures that are valid request bodies', () => {
      for (const claim of [rule.fixtures.passes, rule.fixtures.fails]) {
        expect(validateSync(plainToInstance(ScrubClaimRequest, claim), { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
      }
    });
  });

  it('passes the clean claim on every rule', () => {
    const result = runRules(cleanClaim(), tables);
    expect(result).toMatchObject({ status: 'clean', findings: [], overridden: [], ruleSetVersion: RULE_SET_VERSION });
    expect(Object.keys(result.ruleVersions)).toEqual(RULES.map((r) => r.id));
  });
});
