import fs from 'node:fs';
import path from 'node:path';
import {
  CLEARINGHOUSE_RECEIVER, CLINIC_SENDER, ClaimAcknowledgmentReport, EXAMPLE_SUBMISSION, PLACEHOLDER_PROCEDURE_CODE, ProfessionalClaim, Remittance, SequentialControlNumbers,
  TransactionSpec, X12Error, X214, X221, X222, build277CA, build835, build837P, build837PInterchange, claimProblems, describeCarc, describeClaimStatus, describeRarc, exampleClaim, exampleClaims,
  parse277CA, parse835, parse837P, parseInterchanges, remittanceProblems, writeInterchange,
} from '../index';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', name), 'utf8');
const firstTx = (text: string) => {
  const [interchange] = parseInterchanges(text);
  return { tx: interchange.groups[0].transactions[0], separators: interchange.separators, group: interchange.groups[0] };
};
const envelope = (functionalId: string, version: string, transactions: TransactionSpec[]) =>
  writeInterchange({ sender: CLINIC_SENDER, receiver: CLEARINGHOUSE_RECEIVER, controlNumber: 42, usage: 'T', at: new Date('2026-12-16T09:30:00Z'), groups: [{ functionalId, controlNumber: 42, version, transactions }] });
const roundTrip837 = (claim: ProfessionalClaim) => {
  const { tx, separators } = firstTx(envelope('HC', X222, [build837P(claim, EXAMPLE_SUBMISSION, 1)]));
  return parse837P(tx, separators);
};
const dotless = (claim: ProfessionalClaim) => ({ ...claim, diagnoses: claim.diagnoses.map((d) => d.replace('.', '')) });

const dependent = (): ProfessionalClaim => {
  const base = exampleClaim();
  return exampleClaim({
    claimId: 'CLM-0002',
    subscriber: { ...base.subscriber, relationship: '19', birthDate: undefined, sex: undefined },
    patient: { relationship: '19', lastName: 'SMITH', firstName: 'ANNA', birthDate: '2015-02-03', sex: 'F', address: base.subscriber.address },
    priorAuthorization: 'PA1234ABCD',
  });
};

const secondary = (): ProfessionalClaim => {
  const base = exampleClaim();
  return exampleClaim({
    claimId: 'CLM-0003',
    subscriber: { ...base.subscriber, payerResponsibility: 'S', memberId: 'MCR1EG4TE5MK73', claimFilingIndicator: 'MB', groupNumber: undefined },
    payer: { name: 'MEDICARE', id: 'CMS01' },
    otherPayers: [{
      payerResponsibility: 'P', relationship: '18', claimFilingIndicator: 'CI', groupNumber: 'GRP-500',
      subscriber: { memberId: 'PPO11122333', lastName: 'SMITH', firstName: 'ROBERT' }, payer: { name: 'ACME HEALTH', id: '87726' },
      paidCents: 8500, adjustments: [], adjudicatedDate: '2026-12-23',
    }],
    lines: base.lines.map((line, i) => ({
      ...line,
      adjudications: [{
        payerId: '87726', paidCents: i === 0 ? 8500 : 0, procedureCode: line.procedureCode, units: 1, adjudicatedDate: '2026-12-23',
        adjustments: i === 0 ? [{ group: 'CO', reason: '45', amountCents: 4000 }, { group: 'PR', reason: '3', amountCents: 2500 }] : [{ group: 'CO', reason: '45', amountCents: 4500 }, { group: 'PR', reason: '1', amountCents: 1500 }],
      }],
    })),
  });
};

describe('837P (005010X222A1)', () => {
  it('builds one transaction per claim: CLM, HI without dots, SV1 with pointers, REF*6R with our line id', () => {
    const text = envelope('HC', X222, [build837P(exampleClaim(), EXAMPLE_SUBMISSION, 1)]);
    expect(text).toContain('GS*HC*CLINICFLOW*CLEARHOUSE*20261216*0930*42*X*005010X222A1~ST*837*0001*005010X222A1~BHT*0019*00*CLM-0001*20261216*0930*CH~');
    expect(text).toContain('NM1*85*2*RIVERSIDE CLINIC*****XX*1234567893~N3*100 RIVER RD~N4*SPRINGFIELD*IL*627011234~REF*EI*123456789~');
    expect(text).toContain('SBR*P*18*GRP-500******CI~NM1*IL*1*SMITH*ROBERT****MI*PPO11122333~');
    expect(text).toContain('CLM*CLM-0001*210***11:B:1*Y*A*Y*Y~HI*ABK:M5450*ABF:E119~');
    expect(text).toContain('LX*1~SV1*HC:X9213*150*UN*1***1:2~DTP*472*D8*20261215~REF*6R*L-0001-1~LX*2~SV1*HC:X3641*60*UN*1***2~');
  });

  it('reads back what it built: primary, dependent with prior authorization, secondary with the primary adjudication', () => {
    for (const claim of [exampleClaim(), dependent(), secondary()]) {
      const { controlNumber, submitter, ...parsed } = roundTrip837(claim);
      expect(controlNumber).toBe('0001');
      expect(submitter).toEqual({ name: 'RIVERSIDE CLINIC', id: 'CLINICFLOW' });
      expect(parsed).toEqual(dotless(claim));
    }
  });

  it('a dependent: SBR02 empty, the patient in 2000C (PAT, NM1*QC, DMG), no subscriber DMG', () => {
    const text = envelope('HC', X222, [build837P(dependent(), EXAMPLE_SUBMISSION, 1)]);
    expect(text).toContain('HL*2*1*22*1~SBR*P**GRP-500******CI~');
    expect(text).toContain('HL*3*2*23*0~PAT*19~NM1*QC*1*SMITH*ANNA~N3*12 ELM ST~N4*SPRINGFIELD*IL*62704~DMG*D8*20150203*F~');
    expect(text.match(/DMG\*/g)).toHaveLength(1);
    expect(text).toContain('REF*G1*PA1234ABCD~');
  });

  it('a secondary claim carries the primary in 2320/2330 and each line in 2430 (SVD, CAS, DTP*573)', () => {
    const text = envelope('HC', X222, [build837P(secondary(), EXAMPLE_SUBMISSION, 1)]);
    expect(text).toContain('SBR*P*18*GRP-500******CI~AMT*D*85~OI***Y***Y~NM1*IL*1*SMITH*ROBERT****MI*PPO11122333~NM1*PR*2*ACME HEALTH*****PI*87726~DTP*573*D8*20261223~');
    expect(text).toContain('SVD*87726*85*HC:X9213**1~CAS*CO*45*40~CAS*PR*3*25~DTP*573*D8*20261223~');
  });

  it('replacement (7) and void (8) carry the payer claim control number in REF*F8', () => {
    const replacement = exampleClaim({ frequency: '7', payerClaimControlNumber: '87726000000001' });
    const text = envelope('HC', X222, [build837P(replacement, EXAMPLE_SUBMISSION, 1), build837P({ ...replacement, frequency: '8' }, EXAMPLE_SUBMISSION, 2)]);
    expect(text).toContain('CLM*CLM-0001*210***11:B:7*Y*A*Y*Y~REF*F8*87726000000001~');
    expect(text).toContain('CLM*CLM-0001*210***11:B:8*Y*A*Y*Y~REF*F8*87726000000001~');
    expect(roundTrip837(replacement)).toMatchObject({ frequency: '7', payerClaimControlNumber: '87726000000001' });
  });

  it('claimProblems refuses what must not be sent, each in words', () => {
    const base = exampleClaim();
    const cases: Array<[string, ProfessionalClaim, RegExp]> = [
      ['no diagnosis', exampleClaim({ diagnoses: [], lines: base.lines.map((l) => ({ ...l, diagnosisPointers: [] })) }), /at least one diagnosis/],
      ['pointer to no diagnosis', exampleClaim({ lines: [{ ...base.lines[0], diagnosisPointers: [3] }, base.lines[1]] }), /line 1: diagnosis pointer 3 points to no diagnosis \(the claim has 2\)/],
      ['bad NPI', exampleClaim({ billingProvider: { ...base.billingProvider, npi: '1234567890' } }), /billing provider NPI is not a valid NPI/],
      ['total not the sum', exampleClaim({ totalChargeCents: 20000 }), /total charge 200 is not the sum of the lines 210/],
      ['negative charge', exampleClaim({ totalChargeCents: 9000, lines: [{ ...base.lines[0], chargeCents: -6000 }, { ...base.lines[1], chargeCents: 15000 }] }), /line 1: charge must be whole cents, not negative/],
      ['not ICD-10-CM', exampleClaim({ diagnoses: ['M54.50', '250.00'] }), /diagnosis '250.00' is not an ICD-10-CM code/],
      ['void without REF*F8', exampleClaim({ frequency: '8' }), /void \(8\) needs the payer's claim control number/],
      ['claim id too long', exampleClaim({ claimId: 'C'.repeat(21) }), /claimId \(CLM01\) must have 1 to 20/],
      ['dependent without the patient', exampleClaim({ subscriber: { ...base.subscriber, relationship: '19' } }), /the patient's details are required/],
      ['secondary without the primary', exampleClaim({ subscriber: { ...base.subscriber, payerResponsibility: 'S' } }), /needs the prior payer/],
      ['line id twice', exampleClaim({ lines: [base.lines[0], { ...base.lines[1], lineId: base.lines[0].lineId }] }), /lineId 'L-0001-1' is used twice/],
      ['billing ZIP of 5 digits', exampleClaim({ billingProvider: { ...base.billingProvider, address: { ...base.billingProvider.address, postalCode: '62701' } } }), /billing provider postal code must be 9 digits/],
      ['born after the visit', exampleClaim({ subscriber: { ...base.subscriber, birthDate: '2027-01-01' } }), /born after the date of service/],
    ];
    expect(claimProblems(base)).toEqual([]);
    for (const [what, claim, message] of cases) {
      const problems = claimProblems(claim);
      expect({ what, found: problems.some((p) => message.test(p)) }).toEqual({ what, found: true });
    }
    let error: unknown;
    try {
      build837P(cases[1][1], EXAMPLE_SUBMISSION, 1);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(X12Error);
    expect(error).toMatchObject({ code: 'X12.INVALID_CLAIM', problems: [expect.stringMatching(/points to no diagnosis/)] });
  });

  it('an interchange of claims takes its control number from the source, never twice; a bad claim stops it before a number is used', async () => {
    const controlNumbers = new SequentialControlNumbers(41);
    const options = { sender: CLINIC_SENDER, receiver: CLEARINGHOUSE_RECEIVER, controlNumbers, submission: EXAMPLE_SUBMISSION };
    const first = await build837PInterchange([exampleClaim(), dependent()], options);
    expect(first).toMatchObject({ interchangeControlNumber: '000000042', transactions: [{ controlNumber: '0001', claimId: 'CLM-0001' }, { controlNumber: '0002', claimId: 'CLM-0002' }] });
    await expect(build837PInterchange([exampleClaim({ diagnoses: [] })], options)).rejects.toMatchObject({ code: 'X12.INVALID_CLAIM' });
    expect((await build837PInterchange([exampleClaim()], options)).interchangeControlNumber).toBe('000000043');
  });

  it('reads a hand-written 837P (a dependent, pay-to address, a modifier, 2 units)', () => {
    const { tx, separators, group } = firstTx(fixture('837P-dependent-two-lines.x12'));
    expect(group).toMatchObject({ functionalId: 'HC', version: X222 });
    const claim = parse837P(tx, separators);
    expect(claimProblems(claim)).toEqual([]);
    expect(claim).toMatchObject({
      claimId: '26463774', totalChargeCents: 10000, placeOfService: '11', frequency: '1', priorAuthorization: 'PA12345', diagnoses: ['J0300', 'Z20828'],
      billingProvider: { organizationName: 'BEN KILDARE SERVICE', npi: '9876543213', taxId: '587654321', taxonomy: '203BF0100Y' },
      payToAddress: { line1: '2345 OCEAN BLVD', city: 'MIAMI', state: 'FL', postalCode: '33111' },
      subscriber: { payerResponsibility: 'P', relationship: '19', memberId: 'JS00111223333', groupNumber: '2222-SJ', claimFilingIndicator: 'CI' },
      patient: { relationship: '19', lastName: 'SMITH', firstName: 'TED', birthDate: '1973-05-01', sex: 'M' },
      payer: { name: 'KEY INSURANCE COMPANY', id: '999996666' },
      renderingProvider: { npi: '1234567893', lastName: 'KILDARE', firstName: 'BEN', taxonomy: '204C00000X' },
    });
    expect(claim.lines).toEqual([
      { lineId: 'LINE-26463774-1', procedureCode: 'X9213', modifiers: ['25'], chargeCents: 4000, units: 1, diagnosisPointers: [1], serviceDate: '2006-10-03' },
      { lineId: 'LINE-26463774-2', procedureCode: 'X8102', chargeCents: 6000, units: 2, diagnosisPointers: [1, 2], serviceDate: '2006-10-03' },
    ]);
  });

  it('exampleClaims gives distinct, sendable claims for benches', () => {
    const many = exampleClaims(1000, 'RUN42');
    expect(new Set(many.map((c) => c.claimId)).size).toBe(1000);
    expect(new Set(many.map((c) => c.subscriber.memberId)).size).toBe(1000);
    expect(many.flatMap(claimProblems)).toEqual([]);
  });

  it('placeholder procedure codes are X and four digits, never a CPT or HCPCS code', () => {
    expect(['X9213', 'X7055'].map((c) => PLACEHOLDER_PROCEDURE_CODE.test(c))).toEqual([true, true]);
    expect(['99213', 'G0439', 'J1100', 'X921', 'X92134'].map((c) => PLACEHOLDER_PROCEDURE_CODE.test(c))).toEqual([false, false, false, false, false]);
  });
});

const ack: ClaimAcknowledgmentReport = {
  payer: { name: 'ACME HEALTH', id: '87726' }, receiver: { name: 'RIVERSIDE CLINIC', id: 'CLINICFLOW' }, traceNumber: 'ACK-1', batchReference: '000000042',
  receivedDate: '2026-12-16', processedDate: '2026-12-16',
  claims: [
    {
      claimId: 'CLM-0001', accepted: true, statuses: [{ category: 'A2', code: '20', entity: 'PR' }], statusDate: '2026-12-16', totalChargeCents: 21000, payerClaimControlNumber: '87726000000001',
      patient: { lastName: 'SMITH', firstName: 'ROBERT', memberId: 'PPO11122333' }, billingProviderNpi: '1234567893', billingProviderName: 'RIVERSIDE CLINIC', serviceFrom: '2026-12-15', serviceTo: '2026-12-15',
    },
    {
      claimId: 'CLM-0002', accepted: false, statuses: [{ category: 'A3', code: '33', entity: 'IL' }, { category: 'A7', code: '21' }], message: 'SUBSCRIBER NOT FOUND', statusDate: '2026-12-16', totalChargeCents: 21000,
      patient: { lastName: 'SMITH', firstName: 'ANNA', memberId: 'NFD1' }, billingProviderNpi: '1234567893', billingProviderName: 'RIVERSIDE CLINIC', serviceFrom: '2026-12-14', serviceTo: '2026-12-15',
    },
  ],
};

describe('277CA (005010X214)', () => {
  it('builds per claim: accepted with STC A2:20 and REF*1K, rejected with its statuses, message and action U; reads it back', () => {
    const text = envelope('HN', X214, [build277CA(ack, 1)]);
    expect(text).toContain('TRN*2*CLM-0001~STC*A2:20:PR*20261216*WQ*210~REF*1K*87726000000001~DTP*472*D8*20261215~');
    expect(text).toContain('TRN*2*CLM-0002~STC*A3:33:IL*20261216*U*210******A7:21**SUBSCRIBER NOT FOUND~DTP*472*RD8*20261214-20261215~');
    expect(text).toContain('QTY*90*1~QTY*AA*1~AMT*YU*210~AMT*YY*210~');
    const { tx, separators } = firstTx(text);
    expect(parse277CA(tx, separators)).toEqual({ ...ack, controlNumber: '0001' });
  });

  it('reads a hand-written 277CA: one accepted, one rejected (subscriber not found)', () => {
    const { tx, separators } = firstTx(fixture('277CA-accepted-and-rejected.x12'));
    const report = parse277CA(tx, separators);
    expect(report).toMatchObject({ payer: { id: '999996666' }, receiver: { id: 'TGJ23' }, batchReference: '000000101', receivedDate: '2006-10-15' });
    expect(report.claims.map((c) => [c.claimId, c.accepted, c.payerClaimControlNumber, c.statuses, c.message])).toEqual([
      ['26463774', true, '0610160000123', [{ category: 'A2', code: '20', entity: 'PR' }], undefined],
      ['26463775', false, undefined, [{ category: 'A3', code: '33', entity: 'IL' }], 'SUBSCRIBER NOT FOUND'],
    ]);
    expect(report.claims[1]).toMatchObject({ serviceFrom: '2006-10-01', serviceTo: '2006-10-03', totalChargeCents: 25000 });
  });
});

const remittance = (): Remittance => ({
  handling: 'I', paymentCents: 8625, method: 'ACH', paymentDate: '2026-12-23', traceNumber: 'EFT000000001', payerTraceId: '1987654321',
  bank: { payerRouting: '011000015', payerAccount: '4000123456', payeeRouting: '021000021', payeeAccount: '9000654321' }, productionDate: '2026-12-23',
  payer: { name: 'ACME HEALTH', id: '87726', address: { line1: '1 PAYER PLAZA', city: 'HARTFORD', state: 'CT', postalCode: '06101' }, technicalContact: { name: 'EDI SUPPORT', phone: '8005550199' } },
  payee: { name: 'RIVERSIDE CLINIC', npi: '1234567893', taxId: '123456789' },
  claims: [
    {
      claimId: 'CLM-0001', status: '1', chargeCents: 21000, paidCents: 8500, patientResponsibilityCents: 4000, claimFilingIndicator: '12', payerClaimControlNumber: '87726000000001', frequency: '1',
      adjustments: [], patient: { lastName: 'SMITH', firstName: 'ROBERT', memberId: 'PPO11122333' }, receivedDate: '2026-12-16',
      lines: [
        { procedureCode: 'X9213', chargeCents: 15000, paidCents: 8500, units: 1, lineId: 'L-0001-1', serviceDate: '2026-12-15', adjustments: [{ group: 'CO', reason: '45', amountCents: 4000 }, { group: 'PR', reason: '3', amountCents: 2500 }], allowedCents: 11000, remarkCodes: [] },
        { procedureCode: 'X3641', modifiers: ['59'], chargeCents: 6000, paidCents: 0, units: 1, lineId: 'L-0001-2', serviceDate: '2026-12-15', adjustments: [{ group: 'CO', reason: '45', amountCents: 4500 }, { group: 'PR', reason: '1', amountCents: 1500 }], allowedCents: 1500, remarkCodes: ['N130'] },
      ],
    },
    {
      claimId: 'CLM-0009', status: '4', chargeCents: 6000, paidCents: 0, patientResponsibilityCents: 0, claimFilingIndicator: '12', payerClaimControlNumber: '87726000000009', frequency: '1',
      adjustments: [{ group: 'CO', reason: '29', amountCents: 6000 }], patient: { lastName: 'DOE', memberId: 'PPO2' }, lines: [],
    },
  ],
  providerAdjustments: [{ reason: 'L6', reference: 'INTEREST1', amountCents: -125 }],
  fiscalPeriodDate: '2026-12-31',
});

describe('835 (005010X221A1)', () => {
  it('builds BPR, TRN, payer and payee, CLP with CAS, SVC with REF*6R, AMT*B6, LQ*HE, and PLB; ST03 is not used', () => {
    const text = envelope('HP', X221, [build835(remittance(), 1)]);
    expect(text).toContain('GS*HP*CLINICFLOW*CLEARHOUSE*20261216*0930*42*X*005010X221A1~ST*835*0001~BPR*I*86.25*C*ACH*CCP*01*011000015*DA*4000123456*1987654321**01*021000021*DA*9000654321*20261223~TRN*1*EFT000000001*1987654321~');
    expect(text).toContain('CLP*CLM-0001*1*210*85*40*12*87726000000001**1~NM1*QC*1*SMITH*ROBERT****MI*PPO11122333~DTM*050*20261216~SVC*HC:X9213*150*85**1~DTM*472*20261215~CAS*CO*45*40~CAS*PR*3*25~REF*6R*L-0001-1~AMT*B6*110~');
    expect(text).toContain('LQ*HE*N130~CLP*CLM-0009*4*60*0*0*12*87726000000009**1~CAS*CO*29*60~');
    expect(text).toContain('PLB*1234567893*20261231*L6:INTEREST1*-1.25~SE*');
    const { tx, separators } = firstTx(text);
    expect(parse835(tx, separators)).toEqual({ ...remittance(), controlNumber: '0001' });
  });

  it('reads a hand-written 835: a check, a paid claim, a bundled denial with M15, a reversal (22) with negative amounts, interest', () => {
    const { tx, separators } = firstTx(fixture('835-check-with-denial-reversal-plb.x12'));
    const r = parse835(tx, separators);
    expect(r).toMatchObject({ handling: 'I', paymentCents: 3200, method: 'CHK', paymentDate: '2006-10-30', traceNumber: '12345', payerTraceId: '1512345678', payee: { npi: '9876543213', taxId: '587654321' } });
    expect(r.claims.map((c) => [c.claimId, c.status, c.chargeCents, c.paidCents, c.patientResponsibilityCents])).toEqual([
      ['26463774', '1', 10000, 5000, 3500], ['26463776', '4', 8000, 0, 0], ['26463700', '22', -5000, -2000, -1000],
    ]);
    expect(r.claims[0].lines[1]).toEqual({
      procedureCode: 'X8102', chargeCents: 6000, paidCents: 3000, units: 2, serviceDate: '2006-10-03', lineId: 'LINE-26463774-2', allowedCents: 5000, remarkCodes: ['N130'],
      adjustments: [{ group: 'CO', reason: '45', amountCents: 1000 }, { group: 'PR', reason: '1', amountCents: 1200, quantity: 1 }, { group: 'PR', reason: '2', amountCents: 800 }],
    });
    expect(r.claims[1].lines[0]).toMatchObject({ lineId: 'LINE-26463776-1', adjustments: [{ group: 'CO', reason: '97', amountCents: 8000 }], remarkCodes: ['M15'] });
    expect(r.providerAdjustments).toEqual([{ reason: 'L6', reference: 'INT1', amountCents: -200 }]);
    expect(remittanceProblems(r)).toEqual([]);
  });

  it('remittanceProblems says which line, claim or payment does not balance, and by how much', () => {
    expect(remittanceProblems(remittance())).toEqual([]);
    const line = remittance();
    line.claims[0].lines[0].paidCents = 8400;
    expect(remittanceProblems(line)).toEqual([
      expect.objectContaining({ level: 'line', claimId: 'CLM-0001', lineId: 'L-0001-1', line: 1, differenceCents: 100, message: 'claim CLM-0001 line 1 (L-0001-1): charge 150 - adjustments 65 = 85, but paid is 84' }),
    ]);
    const claim = remittance();
    claim.claims[0].paidCents = 8000;
    expect(remittanceProblems(claim).map((p) => [p.level, p.claimId, p.differenceCents])).toEqual([['claim', 'CLM-0001', 500], ['payment', undefined, -500]]);
    const payment = remittance();
    payment.paymentCents = 8500;
    expect(remittanceProblems(payment)).toEqual([expect.objectContaining({ level: 'payment', differenceCents: 125, message: 'payment EFT000000001: claims paid 85 - provider adjustments -1.25 = 86.25, but BPR02 is 85' })]);
    const responsibility = remittance();
    responsibility.claims[0].patientResponsibilityCents = 2500;
    expect(remittanceProblems(responsibility)).toEqual([expect.objectContaining({ level: 'claim', claimId: 'CLM-0001', differenceCents: 1500 })]);
  });

  it('a malformed amount is a structure error, not a zero', () => {
    const text = envelope('HP', X221, [build835(remittance(), 1)]).replace('CLP*CLM-0001*1*210*85*', 'CLP*CLM-0001*1*210*8x5*');
    const { tx, separators } = firstTx(text);
    expect(() => parse835(tx, separators)).toThrow(expect.objectContaining({ code: 'X12.STRUCTURE', message: expect.stringContaining("CLP04 '8x5' is not an amount") }));
  });

  it('explains adjustment reason and remark codes, and says so for one it does not know', () => {
    expect(describeCarc('45')).toMatch(/fee schedule/);
    expect(describeCarc('97')).toMatch(/bundled/);
    expect(describeRarc('M15')).toMatch(/bundled/);
    expect(describeCarc('9999')).toBe('Claim adjustment reason code 9999 (not in our table)');
    expect(describeClaimStatus({ category: 'A3', code: '33', entity: 'IL' })).toBe('Acknowledgement: returned as unprocessable; correct and submit a new claim: Subscriber and subscriber id not found (entity IL)');
  });
});
