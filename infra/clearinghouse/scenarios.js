'use strict';
/*
 * What the simulated payer answers, chosen by the member id's prefix (the README lists them). Each
 * scenario turns a parsed 270 into the typed 271 response libs/x12 builds, or into an HTTP-level
 * failure (timeout, 503) that only the real-time route can show.
 */
const DAY_MS = 24 * 60 * 60 * 1000;
const isoDaysBefore = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);
const yearOf = (iso) => iso.slice(0, 4);

const benefit = (fields) => ({ serviceTypes: [], dates: [], messages: [], relatedEntities: [], rejections: [], ...fields });
const rejection = (validRequest, reasonCode, followUpCode, reason) => ({ validRequest, reasonCode, followUpCode, reason });

function ppo(inquiry) {
  const year = yearOf(inquiry.dateOfService);
  return [
    benefit({ info: '1', coverageLevel: 'IND', serviceTypes: ['30', '1', '98', 'MH', 'UC'], insuranceType: 'PR', planName: 'ACME GOLD PPO', dates: [{ qualifier: '346', from: `${year}-01-01` }] }),
    benefit({ info: 'C', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'PR', timePeriod: '23', amountCents: 150000, inNetwork: 'Y' }),
    benefit({ info: 'C', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'PR', timePeriod: '24', amountCents: 114950, inNetwork: 'Y' }),
    benefit({ info: 'C', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'PR', timePeriod: '29', amountCents: 35050, inNetwork: 'Y' }),
    benefit({ info: 'C', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'PR', timePeriod: '23', amountCents: 300000, inNetwork: 'N' }),
    benefit({ info: 'B', coverageLevel: 'IND', serviceTypes: ['98'], insuranceType: 'PR', timePeriod: '27', amountCents: 2500, inNetwork: 'Y', messages: ['COPAY APPLIES PER OFFICE VISIT'] }),
    benefit({ info: 'A', coverageLevel: 'IND', serviceTypes: ['98'], insuranceType: 'PR', percent: 0.2, inNetwork: 'Y' }),
    benefit({ info: 'A', coverageLevel: 'IND', serviceTypes: ['98'], insuranceType: 'PR', percent: 0.4, inNetwork: 'N' }),
  ];
}

/** Scenarios by member id prefix; `answer` gives the patient's benefits, or rejections by level. */
const SCENARIOS = [
  { prefix: 'PPO', name: 'active PPO: deductible $1,500 ($1,149.50 met, $350.50 remaining), $25 office copay, 20% coinsurance in network', answer: (i) => ({ benefits: ppo(i) }) },
  {
    prefix: 'MCR', name: 'Medicare Part A and B: Part B deductible, 20% coinsurance', payerName: 'MEDICARE',
    answer: (i) => ({
      benefits: [
        benefit({ info: '1', serviceTypes: ['30'], insuranceType: 'MA', planName: 'MEDICARE PART A', dates: [{ qualifier: '346', from: '2015-07-01' }] }),
        benefit({ info: '1', serviceTypes: ['30'], insuranceType: 'MB', planName: 'MEDICARE PART B', dates: [{ qualifier: '346', from: '2015-07-01' }] }),
        benefit({ info: 'C', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'MB', timePeriod: '23', amountCents: 28300, dates: [{ qualifier: '292', from: `${yearOf(i.dateOfService)}-01-01`, to: `${yearOf(i.dateOfService)}-12-31` }] }),
        benefit({ info: 'C', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'MB', timePeriod: '29', amountCents: 0 }),
        benefit({ info: 'A', coverageLevel: 'IND', serviceTypes: ['98'], insuranceType: 'MB', timePeriod: '27', percent: 0.2 }),
      ],
    }),
  },
  { prefix: 'INA', name: 'inactive coverage', answer: () => ({ benefits: [benefit({ info: '6', coverageLevel: 'IND', serviceTypes: ['30'] })] }) },
  {
    prefix: 'TRM', name: 'terminated 30 days before the date of service',
    answer: (i) => ({
      benefits: [benefit({ info: '6', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'PR', planName: 'ACME GOLD PPO' })],
      dates: [{ qualifier: '346', from: `${Number(yearOf(i.dateOfService)) - 1}-01-01` }, { qualifier: '347', from: isoDaysBefore(i.dateOfService, 30) }],
    }),
  },
  // The member id names the subscriber: 'not found' is said on the subscriber's level even for a dependent.
  { prefix: 'NFD', name: 'member not found (AAA 75 on the subscriber level)', answer: () => ({ subscriberRejections: [rejection(false, '75', 'C', 'Subscriber/insured not found')] }) },
  { prefix: 'DOB', name: 'date of birth does not match (AAA 71)', answer: () => ({ memberRejections: [rejection(false, '71', 'C', 'Patient birth date does not match that for the patient on the database')] }) },
  { prefix: 'UNA', name: 'payer unable to respond now (AAA 42 at the payer level)', answer: () => ({ payerRejections: [rejection(true, '42', 'R', 'Unable to respond at current time')] }) },
  { prefix: 'TMO', name: 'payer times out: the real-time route holds the request (CLEARINGHOUSE_HOLD_MS); in a batch, AAA 42', http: 'timeout', answer: () => ({ payerRejections: [rejection(true, '42', 'R', 'Unable to respond at current time')] }) },
  { prefix: 'SVC', name: 'clearinghouse answers HTTP 503 on the real-time route; in a batch, AAA 42', http: 503, answer: () => ({ payerRejections: [rejection(true, '42', 'R', 'Unable to respond at current time')] }) },
  {
    prefix: 'HMO', name: 'active HMO: primary care provider on file, referral required for specialists, $15 copay',
    answer: () => ({
      benefits: [
        benefit({ info: '1', coverageLevel: 'IND', serviceTypes: ['30'], insuranceType: 'HM', planName: 'ACME CARE HMO' }),
        benefit({ info: 'L', serviceTypes: ['30'], relatedEntities: [{ role: 'P3', name: 'PATEL', firstName: 'ASHA', idQualifier: 'XX', id: '1245319599' }] }),
        benefit({ info: 'B', coverageLevel: 'IND', serviceTypes: ['98'], insuranceType: 'HM', timePeriod: '27', amountCents: 1500, inNetwork: 'Y', messages: ['REFERRAL REQUIRED FOR SPECIALIST VISITS'] }),
      ],
    }),
  },
  {
    prefix: 'PAU', name: 'active PPO; prior authorization required for the requested service types (EB11 Y)',
    answer: (i) => ({
      benefits: [
        ...ppo(i),
        benefit({ info: '1', coverageLevel: 'IND', serviceTypes: (i.serviceTypes.length ? i.serviceTypes : ['30']), insuranceType: 'PR', authorizationRequired: true, inNetwork: 'Y', messages: ['PRIOR AUTHORIZATION REQUIRED'] }),
      ],
    }),
  },
  { prefix: 'SLW', name: 'active PPO, answered after CLEARINGHOUSE_SLOW_MS', slow: true, answer: (i) => ({ benefits: ppo(i) }) },
];
const DEFAULT = { prefix: '', name: 'active PPO (any other member id)', answer: (i) => ({ benefits: ppo(i) }) };

// --- Answers that go wrong on the wire (issue 11, helper G: eligibility batches) ---------------
// Member ids that start like an active PPO (so the payer's member id format takes them) but whose
// 271 goes wrong after it is built (`tamper`): one that does not parse, one that echoes another
// inquiry's trace number. Checked before SCENARIOS, being longer prefixes of PPO.
const WIRE_FAULTS = [
  { prefix: 'PPOBAD', name: "active PPO, but its 271 does not parse (a DTP with no valid date)", fault: 'unparsable', answer: (i) => ({ benefits: ppo(i) }) },
  { prefix: 'PPOXTR', name: "active PPO, but its 271 echoes another trace number (answers an inquiry we never sent)", fault: 'other-trace', answer: (i) => ({ benefits: ppo(i) }) },
];

/** The built 271 transaction of a wire-fault scenario, spoiled as it says (others unchanged). */
function tamper(inquiry, transaction) {
  const scenario = scenarioFor(inquiry.subscriber.memberId);
  if (scenario.fault === 'unparsable') transaction.segments.push({ tag: 'DTP', elements: ['346', 'D8', '20261301'] });
  if (scenario.fault === 'other-trace') {
    const trn = transaction.segments.find((s) => s.tag === 'TRN' && s.elements[0] === '2');
    if (trn) trn.elements[1] = `${trn.elements[1]}-OTHER`;
  }
  return transaction;
}
// --- end of helper G's block ----------------------------------------------------------------------

const scenarioFor = (memberId) => [...WIRE_FAULTS, ...SCENARIOS].find((s) => memberId.toUpperCase().startsWith(s.prefix)) ?? DEFAULT;

/** The typed 271 response for a parsed 270 (see libs/x12 EligibilityResponse). */
function respond(inquiry, scenario = scenarioFor(inquiry.subscriber.memberId)) {
  const a = scenario.answer(inquiry);
  const echo = { type: '2', number: inquiry.traceNumber, originatorId: inquiry.traceOriginatorId };
  const own = { type: '1', number: `SIM-${inquiry.traceNumber}`.slice(0, 50), originatorId: '9CLEARHOUS' };
  const patient = {
    traces: [echo, own], rejections: a.memberRejections ?? [], dates: a.dates ?? [], benefits: a.benefits ?? [],
  };
  const sub = inquiry.subscriber;
  const subscriber = {
    memberId: sub.memberId, lastName: sub.lastName, firstName: sub.firstName, middleName: sub.middleName,
    birthDate: a.memberRejections || a.subscriberRejections ? undefined : sub.birthDate, gender: sub.gender, groupNumber: sub.groupNumber,
    traces: [], rejections: a.subscriberRejections ?? [], dates: [], benefits: [],
  };
  const response = {
    referenceId: inquiry.referenceId || inquiry.traceNumber,
    payer: { name: scenario.payerName ?? inquiry.payer.name, id: inquiry.payer.id, rejections: a.payerRejections ?? [] },
    provider: { role: inquiry.provider.role ?? '1P', name: inquiry.provider.organizationName ?? inquiry.provider.lastName, firstName: inquiry.provider.organizationName ? undefined : inquiry.provider.firstName, npi: inquiry.provider.npi, rejections: [] },
    subscriber,
  };
  if (inquiry.dependent) {
    const d = inquiry.dependent;
    response.dependent = { ...patient, lastName: d.lastName, firstName: d.firstName, birthDate: a.memberRejections ? undefined : d.birthDate, gender: d.gender };
  } else {
    Object.assign(subscriber, patient, { rejections: [...subscriber.rejections, ...patient.rejections] });
  }
  return response;
}

module.exports = { SCENARIOS, WIRE_FAULTS, DEFAULT, scenarioFor, respond, tamper };
