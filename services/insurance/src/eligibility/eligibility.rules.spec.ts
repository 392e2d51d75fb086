import { bornAfterService, isa13, verdictOf } from './eligibility.rules';

describe('eligibility verdicts', () => {
  const exchange = { interchangeControlNumber: '000000007', request: '' };

  it('records a payer that is down as payer-unavailable with the reason, and anything unreadable as needs-attention', () => {
    expect(verdictOf({ status: 'payer-unavailable', traceNumber: 'T', reason: 'aaa-42', detail: 'busy', retryable: true, exchange })).toMatchObject({ status: 'payer-unavailable', reason: 'AAA_42' });
    expect(verdictOf({ status: 'payer-unavailable', traceNumber: 'T', reason: 'http-status', detail: '503', retryable: true, exchange })).toMatchObject({ status: 'payer-unavailable', reason: 'HTTP_STATUS' });
    expect(verdictOf({ status: 'invalid-response', traceNumber: 'T', code: 'X12.TRACE_MISMATCH', detail: 'no 271 echoes trace T', exchange })).toMatchObject({ status: 'needs-attention', reason: 'INVALID_RESPONSE' });
    expect(verdictOf({ status: 'invalid-inquiry', traceNumber: 'T', code: 'X12.INVALID_INQUIRY', problems: ['bad NPI'] })).toMatchObject({ status: 'needs-attention', reason: 'INVALID_INQUIRY', detail: 'bad NPI' });
  });

  it("reads ISA13 with the interchange's own element separator", () => {
    expect(isa13('ISA|00|          |00|          |ZZ|CLEARHOUSE     |ZZ|CLINICFLOW     |261201|0930|^|00501|000000042|0|T|:~')).toBe('000000042');
    expect(isa13('not x12')).toBeUndefined();
  });
});

describe('born after the date of service', () => {
  it('names the patient born after the date, and nobody born on or before it', () => {
    expect(bornAfterService('2026-12-01', '2026-12-02')).toEqual(['patient']);
    expect(bornAfterService('2026-12-01', '2026-12-01')).toEqual([]);
    expect(bornAfterService('2026-12-01', '1984-03-12')).toEqual([]);
  });

  it("names a dependent's subscriber born after the date", () => {
    expect(bornAfterService('2026-12-01', '2020-01-01', '2027-01-01')).toEqual(['subscriber']);
    expect(bornAfterService('2026-12-01', '2027-01-01', '2027-01-01')).toEqual(['patient', 'subscriber']);
    expect(bornAfterService('2026-12-01', '2020-01-01', '1990-05-05')).toEqual([]);
  });
});
