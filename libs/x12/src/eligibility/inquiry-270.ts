/*
 * The 270 eligibility inquiry (005010X279A1): built from a typed inquiry, and parsed back (the
 * simulator reads what we send). Loops: 2000A information source (payer, HL 20), 2000B information
 * receiver (provider, HL 21), 2000C subscriber (HL 22), 2000D dependent (HL 23) when the patient is
 * not the subscriber; the trace, date of service and service types sit on the patient's level.
 */
import type { ParsedTransaction, TransactionSpec } from '../envelope';
import { isValidNpi } from '../npi';
import { Segment, SegmentSpec, Separators, X12Error, el, fromX12Date, repeat, repetitions, seg, toX12Date } from '../segments';
import { isServiceTypeCode } from './codes';
import { Dependent, EligibilityInquiry, Subscriber, X279 } from './eligibility.types';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Everything wrong with an inquiry, in words a person can act on (empty when it can be sent). */
export function inquiryProblems(inquiry: EligibilityInquiry): string[] {
  const problems: string[] = [];
  const date = (value: string | undefined, what: string) => {
    if (!value || !fromX12Date(value.replace(/-/g, '')) || !/^\d{4}-\d{2}-\d{2}$/.test(value)) problems.push(`${what} must be a date (YYYY-MM-DD)`);
  };
  if (!inquiry.traceNumber || inquiry.traceNumber.length > 50) problems.push('traceNumber must have 1 to 50 characters');
  if (!/^[19][A-Za-z0-9]{9}$/.test(inquiry.traceOriginatorId ?? '')) problems.push("traceOriginatorId must be 10 characters: '1' and an EIN, or '9' and an id of ours");
  if (!inquiry.payer?.name || !inquiry.payer?.id) problems.push('payer name and id are required');
  if (!isValidNpi(inquiry.provider?.npi ?? '')) problems.push('provider NPI is not a valid NPI (10 digits with a correct check digit)');
  if (!inquiry.provider?.organizationName && !inquiry.provider?.lastName) problems.push('provider needs an organization name or a last name');
  const sub = inquiry.subscriber;
  if (!sub?.memberId || sub.memberId.length > 80) problems.push('subscriber memberId must have 1 to 80 characters');
  if (!sub?.lastName) problems.push('subscriber lastName is required');
  date(sub?.birthDate, 'subscriber birthDate');
  date(inquiry.dateOfService, 'dateOfService');
  if (inquiry.dependent) {
    if (!inquiry.dependent.lastName || !inquiry.dependent.firstName) problems.push('dependent lastName and firstName are required');
    date(inquiry.dependent.birthDate, 'dependent birthDate');
  }
  const patientBirth = inquiry.dependent?.birthDate ?? sub?.birthDate;
  if (patientBirth && inquiry.dateOfService && patientBirth > inquiry.dateOfService) problems.push('the patient is born after the date of service');
  if (inquiry.dependent && sub?.birthDate && inquiry.dateOfService && sub.birthDate > inquiry.dateOfService) problems.push('the subscriber is born after the date of service');
  for (const code of inquiry.serviceTypes ?? []) if (!isServiceTypeCode(code)) problems.push(`service type code '${code}' is not a service type code`);
  if ((inquiry.serviceTypes?.length ?? 0) > 99) problems.push('at most 99 service type codes');
  return problems;
}

function personName(entity: string, p: { lastName: string; firstName?: string; middleName?: string }, idQualifier = '', id = ''): SegmentSpec {
  return seg('NM1', entity, '1', p.lastName, p.firstName ?? '', p.middleName ?? '', '', '', idQualifier, id);
}

function dmg(p: Subscriber | Dependent): SegmentSpec {
  return seg('DMG', 'D8', toX12Date(p.birthDate, 'birth date'), p.gender ?? '');
}

/**
 * Builds the 270 transaction for one inquiry. Throws X12Error X12.INVALID_INQUIRY with the problems
 * when it cannot be sent (bad NPI, patient born after the visit, ...).
 */
export function build270(inquiry: EligibilityInquiry, controlNumber: number): TransactionSpec {
  const problems = inquiryProblems(inquiry);
  if (problems.length) throw new X12Error('X12.INVALID_INQUIRY', `the eligibility inquiry cannot be sent: ${problems.join('; ')}`, problems);
  const at = inquiry.createdAt ?? new Date();
  const date = `${at.getUTCFullYear()}${pad2(at.getUTCMonth() + 1)}${pad2(at.getUTCDate())}`;
  const time = `${pad2(at.getUTCHours())}${pad2(at.getUTCMinutes())}${pad2(at.getUTCSeconds())}`;
  const p = inquiry.provider;
  const providerName = p.organizationName
    ? seg('NM1', p.role ?? '1P', '2', p.organizationName, '', '', '', '', 'XX', p.npi)
    : seg('NM1', p.role ?? '1P', '1', p.lastName ?? '', p.firstName ?? '', '', '', '', 'XX', p.npi);
  const patientLevel: SegmentSpec[] = [
    seg('DTP', '291', 'D8', toX12Date(inquiry.dateOfService, 'dateOfService')),
    seg('EQ', repeat(...(inquiry.serviceTypes?.length ? inquiry.serviceTypes : ['30']))),
  ];
  const trace = seg('TRN', '1', inquiry.traceNumber, inquiry.traceOriginatorId);
  const sub = inquiry.subscriber;
  const segments: SegmentSpec[] = [
    seg('BHT', '0022', '13', inquiry.referenceId ?? inquiry.traceNumber, date, time),
    seg('HL', '1', '', '20', '1'),
    seg('NM1', 'PR', '2', inquiry.payer.name, '', '', '', '', 'PI', inquiry.payer.id),
    seg('HL', '2', '1', '21', '1'),
    providerName,
    seg('HL', '3', '2', '22', inquiry.dependent ? '1' : '0'),
  ];
  if (!inquiry.dependent) segments.push(trace);
  segments.push(personName('IL', sub, 'MI', sub.memberId));
  if (sub.groupNumber) segments.push(seg('REF', '6P', sub.groupNumber));
  segments.push(dmg(sub));
  if (inquiry.dependent) {
    segments.push(seg('HL', '4', '3', '23', '0'), trace, personName('03', inquiry.dependent), dmg(inquiry.dependent));
  }
  segments.push(...patientLevel);
  return { setId: '270', controlNumber, implementationRef: X279, segments };
}

/** A 270 as read back (by the simulator): the inquiry plus its control number. */
export interface ParsedInquiry extends EligibilityInquiry {
  controlNumber: string;
}

/** Reads a 270 transaction; throws X12Error X12.STRUCTURE when a required part is missing. */
export function parse270(tx: ParsedTransaction, separators: Separators): ParsedInquiry {
  if (tx.setId !== '270') throw new X12Error('X12.STRUCTURE', `transaction ${tx.controlNumber} is a ${tx.setId}, not a 270`);
  let level = '';
  let referenceId = '';
  let trace: Segment | undefined;
  let payer: Segment | undefined;
  let provider: Segment | undefined;
  let subscriber: Segment | undefined;
  let dependent: Segment | undefined;
  const dmg: Record<string, Segment> = {};
  let groupNumber: string | undefined;
  let dos: string | undefined;
  const serviceTypes: string[] = [];
  for (const s of tx.segments) {
    if (s.tag === 'BHT') referenceId = el(s, 3);
    else if (s.tag === 'HL') level = el(s, 3);
    else if (s.tag === 'NM1' && level === '20') payer = s;
    else if (s.tag === 'NM1' && level === '21') provider = s;
    else if (s.tag === 'NM1' && level === '22') subscriber = s;
    else if (s.tag === 'NM1' && level === '23') dependent = s;
    else if (s.tag === 'TRN') trace = s;
    else if (s.tag === 'DMG') dmg[level] = s;
    else if (s.tag === 'REF' && el(s, 1) === '6P') groupNumber = el(s, 2);
    else if (s.tag === 'DTP' && el(s, 1) === '291') dos = fromX12Date(el(s, 3).slice(0, 8));
    else if (s.tag === 'EQ') serviceTypes.push(...repetitions(el(s, 1), separators));
  }
  const missing = [
    !payer && 'NM1*PR (payer)', !provider && 'NM1*1P (provider)', !subscriber && 'NM1*IL (subscriber)', !trace && 'TRN (trace)',
  ].filter(Boolean);
  if (!payer || !provider || !subscriber || !trace) throw new X12Error('X12.STRUCTURE', `270 ${tx.controlNumber} has no ${missing.join(', ')}`);
  const birth = (s?: Segment) => (s ? fromX12Date(el(s, 2)) ?? '' : '');
  const gender = (s?: Segment) => (s && el(s, 3) ? (el(s, 3) as 'M' | 'F' | 'U') : undefined);
  return {
    controlNumber: tx.controlNumber,
    referenceId,
    traceNumber: el(trace, 2),
    traceOriginatorId: el(trace, 3),
    payer: { name: el(payer, 3), id: el(payer, 9) },
    provider: el(provider, 2) === '2'
      ? { role: el(provider, 1) as '1P', organizationName: el(provider, 3), npi: el(provider, 9) }
      : { role: el(provider, 1) as '1P', lastName: el(provider, 3), firstName: el(provider, 4), npi: el(provider, 9) },
    subscriber: {
      memberId: el(subscriber, 9), lastName: el(subscriber, 3), firstName: el(subscriber, 4), middleName: el(subscriber, 5) || undefined,
      birthDate: birth(dmg['22']), gender: gender(dmg['22']), groupNumber,
    },
    dependent: dependent
      ? { lastName: el(dependent, 3), firstName: el(dependent, 4), birthDate: birth(dmg['23']), gender: gender(dmg['23']) }
      : undefined,
    dateOfService: dos ?? '',
    serviceTypes,
  };
}
