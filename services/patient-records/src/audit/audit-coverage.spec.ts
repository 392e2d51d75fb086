import path from 'node:path';
import { auditCoverage } from '@clinic-flow/audit';

/** Routes of patient-records that hold no patient data: the code sets are reference data. */
const NOT_PATIENT_DATA = ['CodeSetsController'];

describe('audit coverage of patient-records', () => {
  it('puts every route of every controller on the audit trail (a new patient route cannot forget)', () => {
    const { controllers, unaudited } = auditCoverage(path.resolve(__dirname, '..'), NOT_PATIENT_DATA);
    expect(controllers.length).toBeGreaterThan(10);
    expect(controllers).toEqual(expect.arrayContaining(NOT_PATIENT_DATA));
    expect(unaudited).toEqual([]);
  });
});
