import { isValidNpi } from '@clinic-flow/x12';
import { claimWith } from './fixture-claim';
import { defineRule, Problem } from './rule';

export const npiCheckDigit = defineRule({
  id: 'CF-NPI-001',
  version: 1,
  title: 'NPIs have a valid check digit',
  severity: 'error',
  overridable: false,
  category: 'providers',
  description:
    'An NPI is 10 digits whose last is a Luhn check digit computed over the prefix 80840 and the first nine (CMS NPI standard). A mistyped NPI is rejected by every payer; no note can make it right.',
  where: "site billing settings → NPI (billing); provider directory → NPI (rendering)",
  check(claim) {
    const problems: Problem[] = [];
    const checks = [
      { path: 'billingProvider.npi', value: claim.billingProvider?.npi, fix: "Correct the site's organisation NPI in the site's billing settings (look it up in NPPES)." },
      { path: 'renderingProviderNpi', value: claim.renderingProviderNpi, fix: "Correct the provider's NPI in the provider directory (look it up in NPPES)." },
    ];
    for (const { path, value, fix } of checks) {
      if (value && value.trim() && !isValidNpi(value.trim())) {
        problems.push({ path, message: /^\d{10}$/.test(value.trim()) ? `The NPI ${value} fails its check digit: a digit is mistyped.` : `The NPI "${value}" is not 10 digits.`, fix });
      }
    }
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWith((c) => {
      c.renderingProviderNpi = '1245319598';
    }),
    expected: [{ path: 'renderingProviderNpi' }],
  },
});

export const memberIdPattern = defineRule({
  id: 'CF-MBR-001',
  version: 1,
  title: "The member id matches the payer's pattern",
  severity: 'warning',
  overridable: true,
  category: 'payer',
  description: "When the payer publishes the shape of its member ids, a member id of another shape is most likely mistyped (or the card of another payer). A warning: patterns change, so a biller who checked the card may send it.",
  where: "patient coverage → member id",
  check(claim) {
    const { memberIdPattern: pattern } = claim.payer ?? {};
    const memberId = claim.subscriber?.memberId;
    if (!pattern || !memberId) return [];
    let expression: RegExp;
    try {
      expression = new RegExp(pattern);
    } catch {
      return [];
    }
    return expression.test(memberId)
      ? []
      : [{ path: 'subscriber.memberId', message: `The member id ${memberId} does not have the shape payer ${claim.payer.payerId ?? ''} uses (${pattern}).`, fix: 'Compare the member id with the insurance card and correct it on the coverage.' }];
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWith((c) => {
      c.subscriber.memberId = 'PPO1112233';
    }),
    expected: [{ path: 'subscriber.memberId', severity: 'warning' }],
  },
});
