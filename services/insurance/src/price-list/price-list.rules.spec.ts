import { priceProblems } from './price-list.rules';

describe('price list rules', () => {
  const price = { serviceCode: 'S9083', codeSystem: 'HCPCS' as const, placeholder: false, standardChargeCents: 17500, selfPayCents: 12500 };

  it('takes a real HCPCS Level II code, and any five characters marked as a placeholder', () => {
    expect(priceProblems(price)).toEqual([]);
    expect(priceProblems({ ...price, serviceCode: 'X9213', codeSystem: 'CPT', placeholder: true })).toEqual([]);
  });

  it('refuses a code that is not of its system unless marked a placeholder, and a self-pay price above the charge', () => {
    expect(priceProblems({ ...price, serviceCode: 'X9213' })).toEqual([expect.stringContaining('not a HCPCS Level II code')]);
    expect(priceProblems({ ...price, serviceCode: 'X9213', codeSystem: 'CPT' })).toEqual([expect.stringContaining('not shaped like a CPT code')]);
    expect(priceProblems({ ...price, selfPayCents: 17501 })).toEqual(['the self-pay price is above the standard charge']);
  });
});
