import { DEMO_BILLING_PROVIDERS, DEMO_RENDERING_PROVIDERS } from '@clinic-flow/demo-data';
import { identityProblems } from './billing-providers.rules';

describe('billing identities', () => {
  it('takes an NPI with a valid check digit and an EIN', () => {
    expect(identityProblems({ npi: '1234567893', tin: '27-1234567' })).toEqual([]);
  });

  it('refuses a wrong check digit and a tax id that cannot be an EIN', () => {
    expect(identityProblems({ npi: '1234567890', tin: '001234567' }).map((p) => p.field)).toEqual(['npi', 'tin']);
  });

  it("seeds the demo with valid NPIs only", () => {
    for (const p of [...DEMO_BILLING_PROVIDERS, ...DEMO_RENDERING_PROVIDERS]) expect(identityProblems({ npi: p.npi, ...('tin' in p ? { tin: p.tin } : {}) })).toEqual([]);
  });
});
