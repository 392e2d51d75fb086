import type { ClaimPayment } from '@clinic-flow/x12';
import { adjudicationCodes } from './remittances.service';

describe("a claim's adjudication codes for its event", () => {
  it('gives each group-CARC of the claim and its lines once, and each line RARC once, sorted', () => {
    const line = (adjustments: ClaimPayment['lines'][number]['adjustments'], remarkCodes: string[]) => ({ procedureCode: 'X9213', chargeCents: 15000, paidCents: 0, adjustments, remarkCodes });
    const clp = {
      claimId: 'clm-1', status: '4', chargeCents: 30000, paidCents: 0, claimFilingIndicator: '12', payerClaimControlNumber: 'PCN-1', patient: { lastName: 'Quillfeather' },
      adjustments: [{ group: 'CO', reason: '15', amountCents: 100 }],
      lines: [line([{ group: 'CO', reason: '197', amountCents: 15000 }], ['N54']), line([{ group: 'CO', reason: '197', amountCents: 14900 }, { group: 'PR', reason: '3', amountCents: 0 }], ['N54', 'M15'])],
    } as unknown as ClaimPayment;
    expect(adjudicationCodes(clp)).toEqual({ adjustmentReasons: ['CO-15', 'CO-197', 'PR-3'], remarkCodes: ['M15', 'N54'] });
    expect(adjudicationCodes({ ...clp, adjustments: [], lines: [] })).toEqual({});
  });
});
