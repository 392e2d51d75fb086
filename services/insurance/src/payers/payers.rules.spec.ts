import { changedFields, memberIdProblem, payerProblems, requirementsFor, timelyFilingDeadline } from './payers.rules';
import type { PayerRecord } from './payers.schema';

const payer = (overrides: Partial<PayerRecord> = {}): PayerRecord => ({
  _id: 'payer-acme', version: 1, name: 'Acme Health', ediPayerId: 'ACME01', receiverId: 'CLEARHOUSE', claimFilingIndicator: 'CI', timelyFilingDays: 90,
  memberIdPattern: '^PPO[0-9]{3,9}$', blockWithoutAuthorization: false, active: true,
  rules: [{ requirement: 'prior-authorization', appointmentTypeIds: [], procedureCodes: ['X7055'] }],
  plans: [
    { id: 'gold', name: 'Gold', kind: 'ppo', rules: [] },
    { id: 'silver', name: 'Silver', kind: 'ppo', rules: [{ requirement: 'referral', appointmentTypeIds: ['new-patient'], procedureCodes: [] }] },
  ],
  ...overrides,
});

describe('payer rules', () => {
  it('a procedure code on the payer needs an authorization under every plan; a plan adds its own rules', () => {
    expect(requirementsFor(payer(), 'gold', { appointmentTypeId: 'follow-up', procedureCodes: ['X7055'] })).toMatchObject({ priorAuthorizationRequired: true, referralRequired: false });
    expect(requirementsFor(payer(), 'gold', { appointmentTypeId: 'new-patient' })).toMatchObject({ priorAuthorizationRequired: false, referralRequired: false, matched: [] });
    const silver = requirementsFor(payer(), 'silver', { appointmentTypeId: 'new-patient', procedureCodes: ['99999'] });
    expect(silver).toMatchObject({ referralRequired: true, priorAuthorizationRequired: false });
    expect(silver.matched.map((r) => r.source)).toEqual(['plan']);
    expect(requirementsFor(payer(), undefined, { appointmentTypeId: 'new-patient' }).referralRequired).toBe(false);
  });

  it('a rule naming no type and no code applies to every visit; blocking is the payer setting', () => {
    const hmo = payer({ blockWithoutAuthorization: true, rules: [{ requirement: 'referral', appointmentTypeIds: [], procedureCodes: [] }] });
    expect(requirementsFor(hmo, undefined, {})).toMatchObject({ referralRequired: true, blockWithoutAuthorization: true });
  });

  it("checks a member id against the payer's format", () => {
    expect(memberIdProblem(payer(), 'PPO123456')).toBeNull();
    expect(memberIdProblem(payer(), 'XX1')).toBe("member id 'XX1' is not in Acme Health's format");
    expect(memberIdProblem(payer({ memberIdPattern: undefined }), 'anything')).toBeNull();
  });

  it('refuses a pattern that is no regular expression or could hang, and plan ids used twice', () => {
    expect(payerProblems(payer({ memberIdPattern: '^(PPO' }))).toEqual(["memberIdPattern '^(PPO' is not a regular expression"]);
    expect(payerProblems(payer({ memberIdPattern: '^(a+)+$' }))).toEqual(["memberIdPattern '^(a+)+$' nests repetitions (it could hang on a long member id)"]);
    expect(payerProblems(payer({ plans: [...payer().plans, { id: 'gold', name: 'Gold again', kind: 'ppo', rules: [] }] }))).toEqual(["plan id 'gold' appears twice"]);
    expect(payerProblems(payer())).toEqual([]);
  });

  it('gives the timely-filing deadline of a date of service, across a year end', () => {
    expect(timelyFilingDeadline(payer(), '2026-12-15')).toBe('2027-03-15');
    expect(timelyFilingDeadline(payer({ timelyFilingDays: 365 }), '2028-01-01')).toBe('2028-12-31');
  });

  it('names the fields a change touches, lists compared whole', () => {
    const before = payer();
    expect(changedFields(before, { ...before })).toEqual([]);
    expect(changedFields(before, { ...before, timelyFilingDays: 120, plans: before.plans.slice(0, 1) })).toEqual(['timelyFilingDays', 'plans']);
  });
});
