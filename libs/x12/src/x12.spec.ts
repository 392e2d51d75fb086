import * as fs from 'fs';
import * as path from 'path';
import {
  CLEARINGHOUSE_RECEIVER, CLINIC_SENDER, EXAMPLE_NPI, ImplementationAck, Separators, X12Error, acknowledge, build270, build271, build999,
  centsToX12, exampleInquiry, isValidNpi, parse270, parse271, parse999, parseInterchanges, summarize271, writeInterchange, x12ToCents,
} from './index';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8');
const AT = new Date('2026-12-01T07:05:00Z');

function interchangeOf(transactions: ReturnType<typeof build270>[], controlNumber = 123, separators?: Separators) {
  return writeInterchange({
    sender: CLINIC_SENDER, receiver: CLEARINGHOUSE_RECEIVER, controlNumber, usage: 'T', at: AT, separators,
    groups: [{ functionalId: 'HS', controlNumber, transactions }],
  });
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as X12Error).code;
  }
  return 'no error';
};

describe('NPI check digit', () => {
  it('accepts a valid NPI and refuses a wrong check digit or shape', () => {
    expect(isValidNpi(EXAMPLE_NPI)).toBe(true);
    expect(isValidNpi('1245319599')).toBe(true);
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678 3')).toBe(false);
  });
});

describe('amounts', () => {
  it('writes cents as X12 decimals without trailing zeros and reads them back', () => {
    expect(centsToX12(2500)).toBe('25');
    expect(centsToX12(35050)).toBe('350.5');
    expect(centsToX12(1)).toBe('0.01');
    expect(x12ToCents('350.5')).toBe(35050);
    expect(x12ToCents('.25')).toBe(25);
    expect(x12ToCents('abc')).toBeUndefined();
  });
});

describe('envelopes', () => {
  it('writes ISA/GS/ST with 9-digit ISA13 and counts that match (SE01, GE01, IEA01)', () => {
    const text = interchangeOf([build270(exampleInquiry(), 1), build270(exampleInquiry({ traceNumber: 'TRACE-0002' }), 2)], 42);
    const segments = text.split('~').filter(Boolean);
    expect(segments[0]).toHaveLength(105);
    expect(segments[0]).toBe('ISA*00*          *00*          *ZZ*CLINICFLOW     *ZZ*CLEARHOUSE     *261201*0705*^*00501*000000042*0*T*:');
    expect(segments[1]).toBe('GS*HS*CLINICFLOW*CLEARHOUSE*20261201*0705*42*X*005010X279A1');
    const firstSet = segments.slice(segments.indexOf('ST*270*0001*005010X279A1'), segments.findIndex((s) => s.startsWith('SE*')) + 1);
    expect(firstSet.at(-1)).toBe(`SE*${firstSet.length}*0001`);
    expect(segments.at(-2)).toBe('GE*2*42');
    expect(segments.at(-1)).toBe('IEA*1*000000042');
    const [parsed] = parseInterchanges(text);
    expect(parsed.controlNumber).toBe('000000042');
    expect(parsed.groups[0].transactions.map((t) => t.controlNumber)).toEqual(['0001', '0002']);
  });

  it('reads the separators from the ISA, whatever they are', () => {
    const separators = { element: '|', repetition: '}', component: '\\', segment: '\n' };
    const text = interchangeOf([build270(exampleInquiry({ serviceTypes: ['30', '98'] }), 1)], 7, separators);
    expect(text.split('\n')[0].split('|')[16]).toBe('\\');
    const [parsed] = parseInterchanges(text);
    expect(parsed.separators).toEqual(separators);
    expect(parse270(parsed.groups[0].transactions[0], parsed.separators).serviceTypes).toEqual(['30', '98']);
  });

  it('reads several interchanges one after another (a batch file), line breaks between them allowed', () => {
    const text = `${interchangeOf([build270(exampleInquiry(), 1)], 1)}\r\n${interchangeOf([build270(exampleInquiry(), 1)], 2)}\n`;
    expect(parseInterchanges(text).map((i) => i.controlNumber)).toEqual(['000000001', '000000002']);
  });

  it('refuses wrong counts, mismatched control numbers, a missing trailer and non-X12', () => {
    const text = interchangeOf([build270(exampleInquiry(), 1)], 5);
    expect(codeOf(() => parseInterchanges(text.replace(/SE\*\d+\*0001/, 'SE*3*0001')))).toBe('X12.ENVELOPE');
    expect(codeOf(() => parseInterchanges(text.replace('GE*1*5', 'GE*2*5')))).toBe('X12.ENVELOPE');
    expect(codeOf(() => parseInterchanges(text.replace('IEA*1*000000005', 'IEA*1*000000006')))).toBe('X12.ENVELOPE');
    expect(codeOf(() => parseInterchanges(text.replace(/IEA\*1\*000000005~$/, '')))).toBe('X12.ENVELOPE');
    expect(codeOf(() => parseInterchanges('hello, not x12'))).toBe('X12.NOT_X12');
    expect(codeOf(() => parseInterchanges(text.replace('000000005*0*T', '00000005*0*T')))).toBe('X12.NOT_X12');
  });

  it('refuses data holding a delimiter and control numbers out of range', () => {
    expect(codeOf(() => interchangeOf([build270(exampleInquiry({ subscriber: { ...exampleInquiry().subscriber, lastName: "O*BRIEN" } }), 1)]))).toBe('X12.DELIMITER_IN_DATA');
    expect(codeOf(() => interchangeOf([build270(exampleInquiry(), 1)], 1_000_000_000))).toBe('X12.INVALID_CONTROL_NUMBER');
  });
});

describe('270 eligibility inquiry', () => {
  it('builds the 005010X279A1 loops for a subscriber who is the patient', () => {
    const text = interchangeOf([build270(exampleInquiry({ serviceTypes: ['30', '98'], subscriber: { ...exampleInquiry().subscriber, groupNumber: 'GRP-500' } }), 1)]);
    const body = text.split('~').filter(Boolean).slice(2, -2);
    expect(body).toEqual([
      'ST*270*0001*005010X279A1',
      'BHT*0022*13*TRACE-0001*20261201*070500',
      'HL*1**20*1',
      'NM1*PR*2*ACME HEALTH*****PI*87726',
      'HL*2*1*21*1',
      'NM1*1P*2*RIVERSIDE CLINIC*****XX*1234567893',
      'HL*3*2*22*0',
      'TRN*1*TRACE-0001*9CLINICFLW',
      'NM1*IL*1*SMITH*ROBERT****MI*PPO11122333',
      'REF*6P*GRP-500',
      'DMG*D8*19430519*M',
      'DTP*291*D8*20261215',
      'EQ*30^98',
      'SE*14*0001',
    ]);
  });

  it('puts the trace, date of service and service types on the dependent level (HL 23) for a dependent', () => {
    const inquiry = exampleInquiry({ dependent: { lastName: 'SMITH', firstName: 'ANNA', birthDate: '2015-02-03', gender: 'F' } });
    const [parsed] = parseInterchanges(interchangeOf([build270(inquiry, 1)]));
    const tx = parsed.groups[0].transactions[0];
    const tags = tx.segments.map((s) => `${s.tag}${s.tag === 'HL' ? s.elements[2] : ''}`);
    expect(tags).toEqual(['BHT', 'HL20', 'NM1', 'HL21', 'NM1', 'HL22', 'NM1', 'DMG', 'HL23', 'TRN', 'NM1', 'DMG', 'DTP', 'EQ']);
    const back = parse270(tx, parsed.separators);
    expect(back.dependent).toEqual({ lastName: 'SMITH', firstName: 'ANNA', birthDate: '2015-02-03', gender: 'F' });
    expect(back.traceNumber).toBe('TRACE-0001');
  });

  it('reads back what it wrote', () => {
    const inquiry = exampleInquiry();
    const [parsed] = parseInterchanges(interchangeOf([build270(inquiry, 1)]));
    const back = parse270(parsed.groups[0].transactions[0], parsed.separators);
    expect(back).toMatchObject({
      traceNumber: inquiry.traceNumber, payer: inquiry.payer, dateOfService: '2026-12-15', serviceTypes: ['30'],
      subscriber: { memberId: 'PPO11122333', birthDate: '1943-05-19', lastName: 'SMITH' },
      provider: { organizationName: 'RIVERSIDE CLINIC', npi: EXAMPLE_NPI },
    });
  });

  it('refuses an inquiry it must not send, with every problem named', () => {
    let error: X12Error | undefined;
    try {
      build270(exampleInquiry({ provider: { organizationName: 'X', npi: '1234567890' }, dateOfService: '1940-01-01', serviceTypes: ['30', 'BAD!'] }), 1);
    } catch (e) {
      error = e as X12Error;
    }
    expect(error?.code).toBe('X12.INVALID_INQUIRY');
    expect(error?.problems).toEqual([
      'provider NPI is not a valid NPI (10 digits with a correct check digit)',
      'the patient is born after the date of service',
      "service type code 'BAD!' is not a service type code",
    ]);
    expect(codeOf(() => build270(exampleInquiry({ dateOfService: '2026-02-30' }), 1))).toBe('X12.INVALID_INQUIRY');
  });

  it("refuses a dependent's inquiry whose subscriber is born after the date of service", () => {
    const dependent = { lastName: 'SMITH', firstName: 'AVA', birthDate: '2020-04-01' };
    const inquiry = exampleInquiry({ dependent, dateOfService: '2026-12-15' });
    inquiry.subscriber = { ...inquiry.subscriber, birthDate: '2027-01-01' };
    let error: X12Error | undefined;
    try {
      build270(inquiry, 1);
    } catch (e) {
      error = e as X12Error;
    }
    expect(error?.problems).toEqual(['the subscriber is born after the date of service']);
    expect(() => build270({ ...inquiry, subscriber: { ...inquiry.subscriber, birthDate: '1980-01-01' } }, 1)).not.toThrow();
  });
});

describe('271 eligibility response', () => {
  it('reads benefits: active plan, deductible per period, copay, coinsurance in and out of network, messages, dates, traces', () => {
    const [interchange] = parseInterchanges(fixture('271-active-ppo.x12'));
    const response = parse271(interchange.groups[0].transactions[0], interchange.separators);
    expect(response.referenceId).toBe('TRACE-0001');
    expect(response.payer).toEqual({ name: 'ACME HEALTH', id: '87726', rejections: [] });
    expect(response.provider.npi).toBe(EXAMPLE_NPI);
    const sub = response.subscriber;
    expect(sub).toMatchObject({ memberId: 'PPO11122333', lastName: 'SMITH', firstName: 'ROBERT', middleName: 'Q', birthDate: '1943-05-19', gender: 'M', groupNumber: 'GRP-500' });
    expect(sub.traces.map((t) => [t.type, t.number])).toEqual([['2', 'TRACE-0001'], ['1', 'ACME-77-1']]);
    expect(sub.dates).toEqual([{ qualifier: '346', from: '2026-01-01' }]);
    expect(sub.benefits[0]).toMatchObject({ info: '1', coverageLevel: 'IND', serviceTypes: ['30', '1', '33', '98'], insuranceType: 'PR', planName: 'ACME GOLD PPO' });
    expect(sub.benefits.filter((b) => b.info === 'C').map((b) => [b.timePeriod, b.amountCents, b.inNetwork])).toEqual([['23', 150000, 'Y'], ['29', 35050, 'Y'], ['23', 300000, 'N']]);
    expect(sub.benefits.find((b) => b.info === 'B')).toMatchObject({ amountCents: 2500, timePeriod: '27', messages: ['COPAY APPLIES PER OFFICE VISIT'] });
    expect(sub.benefits.filter((b) => b.info === 'A').map((b) => [b.percent, b.inNetwork])).toEqual([[0.2, 'Y'], [0.4, 'N']]);
    expect(sub.benefits.filter((b) => b.info === 'A')[1].dates).toEqual([{ qualifier: '292', from: '2026-01-01', to: '2026-12-31' }]);
    expect(sub.benefits.at(-1)).toMatchObject({ info: 'F', quantityQualifier: 'VS', quantity: 20 });
    expect(summarize271(response)).toMatchObject({
      coverage: 'active', planName: 'ACME GOLD PPO', copayCents: 2500, coinsurancePercent: 0.2, deductibleCents: 150000, deductibleRemainingCents: 35050,
      referralRequired: false, authorizationRequiredFor: [],
    });
  });

  it('reads a rejection (AAA 75, subscriber not found) with its follow-up action', () => {
    const [interchange] = parseInterchanges(fixture('271-not-found.x12'));
    const response = parse271(interchange.groups[0].transactions[0], interchange.separators);
    expect(response.subscriber.rejections).toEqual([{ validRequest: false, reasonCode: '75', followUpCode: 'C', reason: 'Subscriber/insured not found' }]);
    expect(summarize271(response).coverage).toBe('rejected');
  });

  it('writes what it reads (build271 of parse271 gives the same transaction)', () => {
    const [interchange] = parseInterchanges(fixture('271-active-ppo.x12'));
    const response = parse271(interchange.groups[0].transactions[0], interchange.separators);
    const again = writeInterchange({
      sender: { qualifier: 'ZZ', id: 'ACMEHEALTH' }, receiver: CLINIC_SENDER, controlNumber: 4711, usage: 'T', at: new Date('2026-12-01T07:06:12Z'),
      groups: [{ functionalId: 'HB', controlNumber: 4711, transactions: [build271(response, 4711, new Date('2026-12-01T07:06:12Z'))] }],
    });
    expect(again).toBe(fixture('271-active-ppo.x12').replace(/\n/g, ''));
  });

  it('refuses a 271 without a subscriber level and a DTP without a date', () => {
    const [interchange] = parseInterchanges(fixture('271-not-found.x12'));
    const tx = interchange.groups[0].transactions[0];
    expect(codeOf(() => parse271({ ...tx, segments: tx.segments.filter((s) => !(s.tag === 'HL' && s.elements[2] === '22')) }, interchange.separators))).toBe('X12.STRUCTURE');
    expect(codeOf(() => parse271({ ...tx, segments: [...tx.segments, { tag: 'DTP', elements: ['346', 'D8', '2026'] }] }, interchange.separators))).toBe('X12.STRUCTURE');
    expect(codeOf(() => parse271({ ...tx, setId: '270' }, interchange.separators))).toBe('X12.STRUCTURE');
  });
});

describe('999 implementation acknowledgment', () => {
  it('acknowledges a group per transaction and reads it back, errors included', () => {
    const [received] = parseInterchanges(interchangeOf([build270(exampleInquiry(), 1), build270(exampleInquiry({ traceNumber: 'T2' }), 2)], 9));
    const ack = acknowledge(received.groups[0], (tx) =>
      tx.controlNumber === '0001'
        ? { status: 'A', errorCodes: [], segmentErrors: [] }
        : { status: 'R', errorCodes: ['I5'], segmentErrors: [{ segmentId: 'NM1', position: 9, loopId: '2100', code: '8', elementErrors: [{ position: '9', elementRef: '67', code: '7', badValue: 'X' }] }] },
    );
    expect(ack).toMatchObject({ groupStatus: 'P', included: 2, received: 2, accepted: 1, groupControlNumber: '9' });
    const text = writeInterchange({
      sender: CLEARINGHOUSE_RECEIVER, receiver: CLINIC_SENDER, controlNumber: 77, usage: 'T', at: AT,
      groups: [{ functionalId: 'FA', controlNumber: 77, transactions: [build999(ack, 1)] }],
    });
    expect(text).toContain('~AK1*HS*9*005010X279A1~AK2*270*0001*005010X279A1~IK5*A~AK2*270*0002*005010X279A1~IK3*NM1*9*2100*8~IK4*9*67*7*X~IK5*R*I5~AK9*P*2*2*1~');
    const [back] = parseInterchanges(text);
    const parsed: ImplementationAck = parse999(back.groups[0].transactions[0]);
    expect(parsed).toEqual({ ...ack, controlNumber: '0001' });
  });
});
