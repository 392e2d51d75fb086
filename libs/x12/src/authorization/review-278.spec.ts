import { parseInterchanges, writeInterchange } from '../envelope';
import { CLEARINGHOUSE_RECEIVER, CLINIC_SENDER, EXAMPLE_NPI } from '../testing';
import { build278Request, build278Response, echoedTrace, parse278Request, parse278Response, reviewRequestProblems } from './review-278';
import type { ReviewRequest, ReviewResponse } from './review.types';

const request = (overrides: Partial<ReviewRequest> = {}): ReviewRequest => ({
  traceNumber: 'PA-0001', traceOriginatorId: '9CLINICFLW', payer: { name: 'ACME HEALTH', id: '87726' },
  requester: { organizationName: 'CLINIC FLOW MEDICAL GROUP', npi: EXAMPLE_NPI },
  subscriber: { memberId: 'AUA123', lastName: 'DOE', firstName: 'JO', birthDate: '1980-05-17', gender: 'F' },
  diagnosisCodes: ['J45.909', 'R05.9'], from: '2026-12-01', to: '2026-12-31', quantity: 6,
  services: [{ procedureCode: 'X7055', quantity: 6 }], createdAt: new Date('2026-12-01T10:00:00Z'), ...overrides,
});

const roundTrip = (tx: ReturnType<typeof build278Request>, from = CLINIC_SENDER, to = CLEARINGHOUSE_RECEIVER) => {
  const [interchange] = parseInterchanges(writeInterchange({ sender: from, receiver: to, controlNumber: 7, usage: 'T', groups: [{ functionalId: 'HI', controlNumber: 7, transactions: [tx] }] }));
  return { tx: interchange.groups[0].transactions[0], separators: interchange.separators, group: interchange.groups[0] };
};

describe('278 services review (005010X217)', () => {
  it('writes the request with UMO, requester, subscriber, patient event (trace, UM, AAH dates, HI, HSD) and services (SV1, DTP 472), and reads it back', () => {
    const { tx, separators, group } = roundTrip(build278Request(request(), 1));
    expect([group.functionalId, group.version, tx.setId, tx.implementationRef]).toEqual(['HI', '005010X217', '278', '005010X217']);
    const text = tx.segments.map((s) => [s.tag, ...s.elements].join('*'));
    expect(text).toEqual(expect.arrayContaining(['NM1*X3*2*ACME HEALTH*****PI*87726', 'HL*4*3*EV*1', 'TRN*1*PA-0001*9CLINICFLW', 'UM*HS*I*1*11:B', 'DTP*AAH*RD8*20261201-20261231', 'HI*ABK:J45909*ABF:R059', 'HSD*VS*6', 'HL*5*4*SS*0', 'SV1*HC:X7055**UN*6', 'DTP*472*RD8*20261201-20261231']));
    const back = parse278Request(tx, separators);
    expect(back).toMatchObject({ traceNumber: 'PA-0001', diagnosisCodes: ['J45.909', 'R05.9'], from: '2026-12-01', to: '2026-12-31', quantity: 6, subscriber: { memberId: 'AUA123', birthDate: '1980-05-17' } });
    expect(back.services).toEqual([{ procedureCode: 'X7055', quantity: 6, quantityQualifier: 'VS', from: '2026-12-01', to: '2026-12-31' }]);
  });

  it('names the dependent (HL 23, NM1*QC) when the patient is not the subscriber', () => {
    const { tx, separators } = roundTrip(build278Request(request({ dependent: { lastName: 'DOE', firstName: 'KIM', birthDate: '2015-02-03' } }), 1));
    expect(tx.segments.filter((s) => s.tag === 'HL').map((s) => s.elements.slice(0, 3).join('*'))).toEqual(['1**20', '2*1*21', '3*2*22', '4*3*23', '5*4*EV', '6*5*SS']);
    expect(parse278Request(tx, separators).dependent).toMatchObject({ firstName: 'KIM', birthDate: '2015-02-03' });
  });

  it('refuses a request it cannot send: a bad NPI, a diagnosis that is not ICD-10-CM, dates in the wrong order, no units', () => {
    expect(reviewRequestProblems(request())).toEqual([]);
    const problems = reviewRequestProblems(request({ requester: { organizationName: 'X', npi: '1234567890' }, diagnosisCodes: ['123'], from: '2026-12-31', to: '2026-12-01', quantity: 0 }));
    expect(problems).toEqual([expect.stringContaining('NPI'), 'to is before from', expect.stringContaining("'123'"), expect.stringContaining('quantity')]);
    expect(() => build278Request(request({ diagnosisCodes: [] }), 1)).toThrow(expect.objectContaining({ code: 'X12.INVALID_REVIEW' }));
  });

  it('writes and reads the response: HCR action, authorization number (HCR02 and REF*BB), certified dates and quantity, the trace echoed', () => {
    const response: ReviewResponse = {
      referenceId: 'PA-0001', payer: { name: 'ACME HEALTH', id: '87726', rejections: [] }, requester: { name: 'CLINIC', npi: EXAMPLE_NPI, rejections: [] },
      subscriber: { memberId: 'AUA123', rejections: [] },
      event: { traces: [{ type: '2', number: 'PA-0001', originatorId: '9CLINICFLW' }], rejections: [], serviceType: '1', decision: { action: 'A6', authorizationNumber: 'PA77', from: '2026-12-01', to: '2026-12-20', quantity: 3, quantityQualifier: 'VS', messages: ['FEWER VISITS'] } },
      services: [{ procedureCode: 'X7055', decision: { action: 'A6', authorizationNumber: 'PA77', messages: [] } }],
    };
    const { tx, separators } = roundTrip(build278Response(response, 1), CLEARINGHOUSE_RECEIVER, CLINIC_SENDER);
    expect(tx.segments.map((s) => [s.tag, ...s.elements].join('*'))).toEqual(expect.arrayContaining(['HCR*A6*PA77', 'REF*BB*PA77', 'DTP*AAH*RD8*20261201-20261220', 'HSD*VS*3', 'MSG*FEWER VISITS']));
    const parsed = parse278Response(tx, separators);
    expect(parsed.event.decision).toEqual(response.event.decision);
    expect(parsed.services[0]).toMatchObject({ procedureCode: 'X7055', decision: { action: 'A6', authorizationNumber: 'PA77' } });
    expect(echoedTrace(parsed)).toMatchObject({ number: 'PA-0001', originatorId: '9CLINICFLW' });
  });
});
