import { Icd10CmCodeSet } from './icd10cm';

/** The real code set, as infra provisions it (npm test runs `infra up`, which provisions it first). */
const { ICD10CM_INDEX } = require('../../../infra/lib/profile') as { ICD10CM_INDEX: string };

describe('ICD-10-CM, the full code set provisioned by infra', () => {
  let codes: Icd10CmCodeSet;

  beforeAll(async () => {
    codes = await Icd10CmCodeSet.load(process.env.ICD10CM_PATH ?? ICD10CM_INDEX);
  });

  it('is the April 2026 release with every code of the tabular list', () => {
    expect(codes.info).toMatchObject({ system: 'http://hl7.org/fhir/sid/icd-10-cm', version: '2026', release: '2026-04-01' });
    expect(codes.info.codes).toBeGreaterThan(98_000);
    expect(codes.info.billable).toBeGreaterThan(74_000);
  });

  it('knows billable leaves, categories, 7th-character codes and made-up codes', () => {
    expect(codes.check('E11.9')).toMatchObject({ status: 'billable', entry: { description: 'Type 2 diabetes mellitus without complications' } });
    expect(codes.check('E11').status).toBe('not-billable');
    expect(codes.check('Z00.00').status).toBe('billable');
    expect(codes.check('I10').status).toBe('billable');
    expect(codes.check('S72.001A').status).toBe('billable');
    expect(codes.check('S72.001').status).toBe('not-billable');
    expect(codes.check('E11.99').status).toBe('unknown');
    expect(codes.check('ZZ9.99').status).toBe('unknown');
  });

  it('keeps the Excludes1 notes billing will scrub claims with', () => {
    expect(codes.excludes1('E11.9').map((n) => n.on)).toEqual(expect.arrayContaining(['E11.9', 'E11']));
    expect(codes.excludes1('E11.9')).toContainEqual({ on: 'E11', note: 'type 1 diabetes mellitus (E10.-)' });
  });

  it('reads Excludes1 pairs out of those notes, in both directions, and leaves unrelated codes alone', () => {
    expect(codes.excludes1Between('E11.9', 'E10.9')).toEqual({ on: 'E11', note: 'type 1 diabetes mellitus (E10.-)' });
    expect(codes.excludes1Between('E10.65', 'E11.9')).toEqual({ on: 'E10', note: 'type 2 diabetes mellitus (E11.-)' });
    expect(codes.excludes1Between('E11.9', 'I10')).toBeUndefined();
    expect(codes.excludes1Between('J45.909', 'Z00.00')).toBeUndefined();
    const { notes, ranges } = codes.excludes1Counts();
    expect(notes).toBeGreaterThan(5000);
    expect(ranges).toBeGreaterThan(5000);
  });
});
