import path from 'node:path';
import { auditCoverage } from '@clinic-flow/audit';

/**
 * Routes of insurance that hold no patient data: payers and sites' price lists are reference data;
 * an eligibility batch says a site, a date and counts by result (its checks are read per coverage,
 * audited there).
 */
const NOT_PATIENT_DATA = ['PayersController', 'PriceListController', 'EligibilityBatchesController'];

describe('audit coverage of insurance', () => {
  it('puts every route of every controller on the audit trail (a new patient route cannot forget)', () => {
    const { controllers, unaudited } = auditCoverage(path.resolve(__dirname, '..'), NOT_PATIENT_DATA);
    expect(controllers.length).toBeGreaterThan(1);
    expect(controllers).toEqual(expect.arrayContaining(NOT_PATIENT_DATA));
    expect(unaudited).toEqual([]);
  });
});
