import { eligibilityChanges } from './eligibility-changes.rules';
import type { EligibilityBenefitsRecord } from './eligibility.schema';

const ppo: EligibilityBenefitsRecord = {
  planName: 'ACME GOLD PPO', insuranceType: 'PR', copayCents: 2500, coinsurancePercent: 0.2, deductibleCents: 150000, deductibleRemainingCents: 35050,
  referralRequired: false, authorizationRequiredFor: [],
};
const active = (benefits: Partial<EligibilityBenefitsRecord> = {}) => ({ status: 'active' as const, benefits: { ...ppo, ...benefits } });

describe('eligibility change detection', () => {
  it('sees nothing when the payer says the same again', () => {
    expect(eligibilityChanges(active(), active())).toEqual([]);
    expect(eligibilityChanges(active({ authorizationRequiredFor: ['62', '30'] }), active({ authorizationRequiredFor: ['30', '62'] }))).toEqual([]);
  });

  it('a coverage terminated since: status and terminated, not the benefits an inactive coverage no longer lists', () => {
    const terminated = { status: 'inactive' as const, benefits: { planName: 'ACME GOLD PPO', insuranceType: 'PR', referralRequired: false, authorizationRequiredFor: [], coverageEnds: '2026-11-15' } };
    expect(eligibilityChanges(active(), terminated)).toEqual(['status', 'terminated']);
    expect(eligibilityChanges(terminated, terminated)).toEqual([]);
    expect(eligibilityChanges(terminated, active())).toEqual(['status']);
  });

  it('a deductible met, or only less of it remaining; copay, coinsurance and plan changes', () => {
    expect(eligibilityChanges(active(), active({ deductibleRemainingCents: 0 }))).toEqual(['deductible-met']);
    expect(eligibilityChanges(active(), active({ deductibleRemainingCents: 10000 }))).toEqual(['deductible-remaining']);
    expect(eligibilityChanges(active(), active({ copayCents: 1500, coinsurancePercent: 0.1 }))).toEqual(['copay', 'coinsurance']);
    expect(eligibilityChanges(active(), active({ planName: 'ACME CARE HMO', insuranceType: 'HM' }))).toEqual(['plan']);
    expect(eligibilityChanges(active({ planName: undefined, insuranceType: undefined }), active())).toEqual([]);
  });

  it('a referral or a prior authorization newly required', () => {
    expect(eligibilityChanges(active(), active({ authorizationRequiredFor: ['30'] }))).toEqual(['authorization-required']);
    expect(eligibilityChanges(active(), active({ referralRequired: true }))).toEqual(['authorization-required']);
  });

  it('a check the payer did not answer compares with nothing', () => {
    expect(eligibilityChanges(active(), { status: 'payer-unavailable' })).toEqual([]);
    expect(eligibilityChanges({ status: 'needs-attention' }, active())).toEqual([]);
  });
});
