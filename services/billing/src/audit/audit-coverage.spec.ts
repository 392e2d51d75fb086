import path from 'node:path';
import { auditCoverage } from '@clinic-flow/audit';

/**
 * Routes of billing that hold no patient data: the scrubber's rule set (its fixtures are made-up
 * claims) and code tables, procedure codes, fee schedules and billing identities (billing and
 * rendering providers' NPIs) are reference data. Encounters, accounts and statements name patients: audited.
 */
const NOT_PATIENT_DATA = ['ScrubberRulesController', 'ProcedureCodesController', 'FeeScheduleController', 'BillingProvidersController', 'RenderingProvidersController'];

describe('audit coverage of billing', () => {
  it('puts every route of every controller on the audit trail (a new patient route cannot forget)', () => {
    const { controllers, unaudited } = auditCoverage(path.resolve(__dirname, '..'), NOT_PATIENT_DATA);
    expect(controllers.length).toBeGreaterThan(1);
    expect(controllers).toEqual(expect.arrayContaining(NOT_PATIENT_DATA));
    expect(unaudited).toEqual([]);
  });
});
