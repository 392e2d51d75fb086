/*
 * The professional claim 837P (005010X222A1): built from a typed ProfessionalClaim and parsed back
 * (the simulator reads what we send). One claim per transaction set, so a 999 verdict names one
 * claim. Loops: 1000A submitter, 1000B receiver, 2000A billing provider (HL 20, 2010AA, 2010AB
 * pay-to), 2000B subscriber (HL 22: SBR, 2010BA, 2010BB payer), 2000C patient (HL 23, PAT, 2010CA)
 * when not the subscriber, 2300 claim (CLM, REF*F8, REF*G1, HI), 2310B rendering provider, 2320
 * other payers (SBR, CAS, AMT*D, OI, 2330A, 2330B), 2400 lines (LX, SV1, DTP*472, REF*6R, 2430 SVD,
 * CAS, DTP*573).
 */
import type { ControlNumberSource } from '../control-numbers';
import { formatInterchangeControlNumber } from '../control-numbers';
import { InterchangeParty, ParsedTransaction, TransactionSpec, writeInterchange } from '../envelope';
import { isValidNpi } from '../npi';
import { Segment, SegmentSpec, Separators, X12Error, centsToX12, components, composite, el, fromX12Date, seg, toX12Date, x12ToCents } from '../segments';
import {
  Address, Adjustment, AdjustmentGroup, ClaimSubmission, LineAdjudication, OtherPayer, ProfessionalClaim, Relationship, ServiceLine, X222,
} from './claim.types';

const ICD10 = /^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/;
const PROCEDURE = /^[A-Z0-9]{5}$/;
const MODIFIER = /^[A-Z0-9]{2}$/;
const GROUPS: AdjustmentGroup[] = ['CO', 'PR', 'OA', 'PI'];
const pad2 = (n: number) => String(n).padStart(2, '0');
const isIsoDate = (value: string | undefined) => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !!fromX12Date(value.replace(/-/g, ''));
const isCents = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);

/** ICD-10-CM as the 837 carries it: no dot, upper case. */
export const icd10ForX12 = (code: string) => code.replace('.', '').toUpperCase();

function addressProblems(a: Address | undefined, what: string, nineDigits = false): string[] {
  if (!a) return [`${what} address is required`];
  const problems: string[] = [];
  if (!a.line1 || !a.city) problems.push(`${what} address needs a street line and a city`);
  if (!/^[A-Z]{2}$/.test(a.state ?? '')) problems.push(`${what} address state must be a two-letter code`);
  if (nineDigits ? !/^\d{9}$/.test(a.postalCode ?? '') : !/^\d{5}(\d{4})?$/.test(a.postalCode ?? '')) {
    problems.push(`${what} postal code must be ${nineDigits ? '9 digits (ZIP+4, no dash)' : '5 or 9 digits'}`);
  }
  return problems;
}

function adjustmentProblems(adjustments: Adjustment[], what: string): string[] {
  const problems: string[] = [];
  for (const a of adjustments) {
    if (!GROUPS.includes(a.group)) problems.push(`${what} adjustment group '${a.group}' is not CO, PR, OA or PI`);
    if (!/^[A-Z0-9]{1,5}$/.test(a.reason ?? '')) problems.push(`${what} adjustment reason '${a.reason}' is not a claim adjustment reason code`);
    if (!isCents(a.amountCents)) problems.push(`${what} adjustment amount must be whole cents`);
  }
  return problems;
}

/**
 * Everything wrong with a claim that must not be sent, in words a person can act on (empty when it
 * can be sent): no diagnosis, a pointer to no diagnosis, a bad NPI, a total that is not the sum of
 * its lines, a negative charge, a replacement or void without the payer's claim number...
 */
export function claimProblems(claim: ProfessionalClaim): string[] {
  const problems: string[] = [];
  if (!claim.claimId || claim.claimId.length > 20 || !/^[A-Za-z0-9-]+$/.test(claim.claimId)) problems.push('claimId (CLM01) must have 1 to 20 letters, digits or dashes');
  const bp = claim.billingProvider;
  if (!bp?.organizationName) problems.push('billing provider organization name is required');
  if (!isValidNpi(bp?.npi ?? '')) problems.push('billing provider NPI is not a valid NPI (10 digits with a correct check digit)');
  if (!/^\d{9}$/.test(bp?.taxId ?? '')) problems.push('billing provider tax id (EIN) must be 9 digits');
  problems.push(...addressProblems(bp?.address, 'billing provider', true));
  if (claim.payToAddress) problems.push(...addressProblems(claim.payToAddress, 'pay-to'));
  const sub = claim.subscriber;
  if (!sub?.memberId || sub.memberId.length > 80) problems.push('subscriber memberId must have 1 to 80 characters');
  if (!sub?.lastName) problems.push('subscriber lastName is required');
  if (!/^[A-Z0-9]{1,2}$/.test(sub?.claimFilingIndicator ?? '')) problems.push('subscriber claim filing indicator (SBR09: CI, MB, HM...) is required');
  if (!['P', 'S', 'T'].includes(sub?.payerResponsibility)) problems.push('subscriber payer responsibility must be P, S or T');
  if (!claim.patient && !isIsoDate(sub?.birthDate)) problems.push('subscriber birthDate must be a date (YYYY-MM-DD)');
  if (!claim.patient && !['M', 'F', 'U'].includes(sub?.sex ?? '')) problems.push('subscriber sex must be M, F or U');
  problems.push(...addressProblems(sub?.address, 'subscriber'));
  if (claim.patient) {
    if (sub?.relationship === '18') problems.push("a separate patient cannot have the relationship 'self' (18)");
    if (!claim.patient.lastName) problems.push('patient lastName is required');
    if (!isIsoDate(claim.patient.birthDate)) problems.push('patient birthDate must be a date (YYYY-MM-DD)');
    if (!['M', 'F', 'U'].includes(claim.patient.sex ?? '')) problems.push('patient sex must be M, F or U');
    problems.push(...addressProblems(claim.patient.address, 'patient'));
  } else if (sub && sub.relationship !== '18') problems.push("the patient is not the subscriber (relationship is not 18): the patient's details are required");
  if (!claim.payer?.name || !claim.payer?.id) problems.push('payer name and id are required');
  if (!isCents(claim.totalChargeCents) || claim.totalChargeCents < 0) problems.push('total charge must be whole cents, not negative');
  if (!/^\d{2}$/.test(claim.placeOfService ?? '')) problems.push('place of service must be a two-digit code');
  if (!['1', '7', '8'].includes(claim.frequency)) problems.push('frequency must be 1 (original), 7 (replacement) or 8 (void)');
  if ((claim.frequency === '7' || claim.frequency === '8') && !claim.payerClaimControlNumber) {
    problems.push("a replacement (7) or void (8) needs the payer's claim control number of the original claim (REF*F8)");
  }
  const diagnoses = claim.diagnoses ?? [];
  if (!diagnoses.length) problems.push('at least one diagnosis (ICD-10-CM) is required');
  if (diagnoses.length > 12) problems.push('at most 12 diagnoses');
  for (const code of diagnoses) if (!ICD10.test(code ?? '')) problems.push(`diagnosis '${code}' is not an ICD-10-CM code`);
  if (new Set(diagnoses.map(icd10ForX12)).size !== diagnoses.length) problems.push('a diagnosis is listed twice');
  if (claim.renderingProvider && !isValidNpi(claim.renderingProvider.npi)) problems.push('rendering provider NPI is not a valid NPI');
  if (claim.renderingProvider && !claim.renderingProvider.lastName) problems.push('rendering provider lastName is required');
  const lines = claim.lines ?? [];
  if (!lines.length) problems.push('at least one service line is required');
  if (lines.length > 50) problems.push('at most 50 service lines per claim');
  const lineIds = new Set<string>();
  lines.forEach((line, i) => {
    const at = `line ${i + 1}`;
    if (!line.lineId || line.lineId.length > 50 || !/^[A-Za-z0-9-]+$/.test(line.lineId)) problems.push(`${at}: lineId (REF*6R) must have 1 to 50 letters, digits or dashes`);
    else if (lineIds.has(line.lineId)) problems.push(`${at}: lineId '${line.lineId}' is used twice`);
    lineIds.add(line.lineId);
    if (!PROCEDURE.test(line.procedureCode ?? '')) problems.push(`${at}: procedure code '${line.procedureCode}' is not a 5-character HCPCS/CPT code`);
    if ((line.modifiers?.length ?? 0) > 4 || (line.modifiers ?? []).some((m) => !MODIFIER.test(m))) problems.push(`${at}: at most 4 modifiers of 2 characters`);
    if (!isCents(line.chargeCents) || line.chargeCents < 0) problems.push(`${at}: charge must be whole cents, not negative`);
    if (!(line.units > 0) || line.units > 9999 || Math.round(line.units * 1000) !== line.units * 1000) problems.push(`${at}: units must be more than 0 (at most 3 decimals)`);
    if (line.placeOfService !== undefined && !/^\d{2}$/.test(line.placeOfService)) problems.push(`${at}: place of service must be a two-digit code`);
    const pointers = line.diagnosisPointers ?? [];
    if (!pointers.length || pointers.length > 4) problems.push(`${at}: 1 to 4 diagnosis pointers are required`);
    for (const p of pointers) if (!Number.isInteger(p) || p < 1 || p > diagnoses.length) problems.push(`${at}: diagnosis pointer ${p} points to no diagnosis (the claim has ${diagnoses.length})`);
    if (new Set(pointers).size !== pointers.length) problems.push(`${at}: a diagnosis pointer is repeated`);
    if (!isIsoDate(line.serviceDate)) problems.push(`${at}: serviceDate must be a date (YYYY-MM-DD)`);
    else {
      const born = claim.patient?.birthDate ?? sub?.birthDate;
      if (born && born > line.serviceDate) problems.push(`${at}: the patient is born after the date of service`);
    }
    for (const adj of line.adjudications ?? []) {
      if (!isCents(adj.paidCents)) problems.push(`${at}: prior payer paid amount must be whole cents`);
      if (!isIsoDate(adj.adjudicatedDate)) problems.push(`${at}: prior payer adjudication date must be a date`);
      if (!(claim.otherPayers ?? []).some((o) => o.payer.id === adj.payerId)) problems.push(`${at}: line adjudication by payer '${adj.payerId}', which is not one of the claim's other payers`);
      problems.push(...adjustmentProblems(adj.adjustments ?? [], at));
    }
  });
  const sum = lines.reduce((n, l) => n + (isCents(l.chargeCents) ? l.chargeCents : 0), 0);
  if (isCents(claim.totalChargeCents) && lines.length && sum !== claim.totalChargeCents) {
    problems.push(`total charge ${centsToX12(claim.totalChargeCents)} is not the sum of the lines ${centsToX12(sum)}`);
  }
  for (const other of claim.otherPayers ?? []) {
    if (!other.payer?.name || !other.payer?.id) problems.push('other payer name and id are required');
    if (!other.subscriber?.memberId || !other.subscriber?.lastName) problems.push("other payer's subscriber member id and last name are required");
    if (!/^[A-Z0-9]{1,2}$/.test(other.claimFilingIndicator ?? '')) problems.push('other payer claim filing indicator is required');
    if (other.paidCents !== undefined && !isCents(other.paidCents)) problems.push('other payer paid amount must be whole cents');
    if (other.adjudicatedDate !== undefined && !isIsoDate(other.adjudicatedDate)) problems.push('other payer adjudication date must be a date');
    problems.push(...adjustmentProblems(other.adjustments ?? [], 'other payer'));
  }
  if (sub?.payerResponsibility !== 'P' && !(claim.otherPayers ?? []).length) problems.push('a secondary or tertiary claim needs the prior payer (otherPayers, 2320)');
  return problems;
}

const name = (entity: string, type: '1' | '2', last: string, first = '', middle = '', qualifier = '', id = '') => seg('NM1', entity, type, last, first, middle, '', '', qualifier, id);
const address = (a: Address): SegmentSpec[] => [seg('N3', a.line1, a.line2 ?? ''), seg('N4', a.city, a.state, a.postalCode)];
const units = (n: number) => String(Number(n.toFixed(3)));

/** CAS segments: up to 6 reason/amount/quantity triplets per group, one segment per group. */
export function casSegments(adjustments: Adjustment[]): SegmentSpec[] {
  const out: SegmentSpec[] = [];
  for (const group of GROUPS) {
    const mine = adjustments.filter((a) => a.group === group);
    for (let i = 0; i < mine.length; i += 6) {
      out.push(seg('CAS', group, ...mine.slice(i, i + 6).flatMap((a) => [a.reason, centsToX12(a.amountCents), a.quantity === undefined ? '' : units(a.quantity)])));
    }
  }
  return out;
}

/** Reads a CAS segment into its adjustments. */
export function readCas(s: Segment): Adjustment[] {
  const group = el(s, 1) as AdjustmentGroup;
  const out: Adjustment[] = [];
  for (let i = 2; i <= 17; i += 3) {
    const reason = el(s, i);
    if (!reason) continue;
    const amount = x12ToCents(el(s, i + 1));
    if (amount === undefined) throw new X12Error('X12.STRUCTURE', `CAS amount '${el(s, i + 1)}' is not an amount`);
    const quantity = el(s, i + 2);
    out.push({ group, reason, amountCents: amount, ...(quantity ? { quantity: Number(quantity) } : {}) });
  }
  return out;
}

const procedure = (code: string, modifiers: string[] = []) => composite('HC', code, ...modifiers);

function otherPayerSegments(o: OtherPayer): SegmentSpec[] {
  const out: SegmentSpec[] = [seg('SBR', o.payerResponsibility, o.relationship, o.groupNumber ?? '', '', '', '', '', '', o.claimFilingIndicator)];
  out.push(...casSegments(o.adjustments ?? []));
  if (o.paidCents !== undefined) out.push(seg('AMT', 'D', centsToX12(o.paidCents)));
  out.push(seg('OI', '', '', 'Y', '', '', 'Y'));
  out.push(name('IL', '1', o.subscriber.lastName, o.subscriber.firstName ?? '', '', 'MI', o.subscriber.memberId));
  out.push(name('PR', '2', o.payer.name, '', '', 'PI', o.payer.id));
  if (o.adjudicatedDate) out.push(seg('DTP', '573', 'D8', toX12Date(o.adjudicatedDate)));
  return out;
}

function lineSegments(line: ServiceLine, n: number): SegmentSpec[] {
  const out: SegmentSpec[] = [
    seg('LX', String(n)),
    seg('SV1', procedure(line.procedureCode, line.modifiers), centsToX12(line.chargeCents), 'UN', units(line.units), line.placeOfService ?? '', '', composite(...line.diagnosisPointers.map(String))),
    seg('DTP', '472', 'D8', toX12Date(line.serviceDate, 'serviceDate')),
    seg('REF', '6R', line.lineId),
  ];
  for (const a of line.adjudications ?? []) {
    out.push(seg('SVD', a.payerId, centsToX12(a.paidCents), procedure(a.procedureCode, a.modifiers), '', units(a.units)));
    out.push(...casSegments(a.adjustments));
    out.push(seg('DTP', '573', 'D8', toX12Date(a.adjudicatedDate)));
  }
  return out;
}

/** The body segments of one claim (2000A..2400), HL numbers from 1. */
function claimSegments(claim: ProfessionalClaim): SegmentSpec[] {
  const bp = claim.billingProvider;
  const sub = claim.subscriber;
  const out: SegmentSpec[] = [seg('HL', '1', '', '20', '1')];
  if (bp.taxonomy) out.push(seg('PRV', 'BI', 'PXC', bp.taxonomy));
  out.push(name('85', '2', bp.organizationName, '', '', 'XX', bp.npi), ...address(bp.address), seg('REF', 'EI', bp.taxId));
  if (claim.payToAddress) out.push(seg('NM1', '87', '2'), ...address(claim.payToAddress));
  out.push(
    seg('HL', '2', '1', '22', claim.patient ? '1' : '0'),
    seg('SBR', sub.payerResponsibility, claim.patient ? '' : '18', sub.groupNumber ?? '', '', '', '', '', '', sub.claimFilingIndicator),
    name('IL', '1', sub.lastName, sub.firstName ?? '', sub.middleName ?? '', 'MI', sub.memberId),
    ...address(sub.address),
  );
  if (!claim.patient) out.push(seg('DMG', 'D8', toX12Date(sub.birthDate ?? '', 'subscriber birthDate'), sub.sex ?? 'U'));
  out.push(name('PR', '2', claim.payer.name, '', '', 'PI', claim.payer.id));
  if (claim.payer.address) out.push(...address(claim.payer.address));
  if (claim.patient) {
    const p = claim.patient;
    out.push(
      seg('HL', '3', '2', '23', '0'), seg('PAT', p.relationship),
      name('QC', '1', p.lastName, p.firstName ?? '', p.middleName ?? ''), ...address(p.address), seg('DMG', 'D8', toX12Date(p.birthDate, 'patient birthDate'), p.sex),
    );
  }
  out.push(seg('CLM', claim.claimId, centsToX12(claim.totalChargeCents), '', '', composite(claim.placeOfService, 'B', claim.frequency), 'Y', 'A', 'Y', 'Y'));
  if (claim.payerClaimControlNumber && claim.frequency !== '1') out.push(seg('REF', 'F8', claim.payerClaimControlNumber));
  if (claim.priorAuthorization) out.push(seg('REF', 'G1', claim.priorAuthorization));
  const [principal, ...others] = claim.diagnoses.map(icd10ForX12);
  out.push({ tag: 'HI', elements: [composite('ABK', principal), ...others.map((code) => composite('ABF', code))] });
  if (claim.renderingProvider) {
    const r = claim.renderingProvider;
    out.push(name('82', '1', r.lastName, r.firstName ?? '', '', 'XX', r.npi));
    if (r.taxonomy) out.push(seg('PRV', 'PE', 'PXC', r.taxonomy));
  }
  for (const o of claim.otherPayers ?? []) out.push(...otherPayerSegments(o));
  claim.lines.forEach((line, i) => out.push(...lineSegments(line, i + 1)));
  return out;
}

/**
 * Builds the 837P transaction for one claim. Throws X12Error X12.INVALID_CLAIM with the problems
 * when it must not be sent (see claimProblems).
 */
export function build837P(claim: ProfessionalClaim, submission: ClaimSubmission, controlNumber: number): TransactionSpec {
  const problems = claimProblems(claim);
  if (problems.length) throw new X12Error('X12.INVALID_CLAIM', `claim ${claim.claimId} cannot be sent: ${problems.join('; ')}`, problems);
  const at = submission.at ?? new Date();
  const date = `${at.getUTCFullYear()}${pad2(at.getUTCMonth() + 1)}${pad2(at.getUTCDate())}`;
  const time = `${pad2(at.getUTCHours())}${pad2(at.getUTCMinutes())}`;
  const s = submission.submitter;
  const segments: SegmentSpec[] = [
    seg('BHT', '0019', '00', (submission.referenceId ?? claim.claimId).slice(0, 50), date, time, 'CH'),
    name('41', '2', s.name, '', '', '46', s.id),
    seg('PER', 'IC', s.contactName, 'TE', s.phone),
    name('40', '2', submission.receiver.name, '', '', '46', submission.receiver.id),
    ...claimSegments(claim),
  ];
  return { setId: '837', controlNumber, implementationRef: X222, segments };
}

/** An interchange of 837Ps ready to send: one transaction per claim, ST02 = position + 1. */
export interface ClaimInterchange {
  interchangeControlNumber: string;
  text: string;
  /** claim id per transaction set control number (as sent, 4+ digits). */
  transactions: Array<{ controlNumber: string; claimId: string }>;
}

/**
 * Writes claims into one interchange (GS HC, 005010X222A1), the control number from the source
 * (never reused). Throws X12.INVALID_CLAIM naming the claims that must not be sent: refuse them
 * with claimProblems before calling.
 */
export async function build837PInterchange(
  claims: ProfessionalClaim[],
  options: { sender: InterchangeParty; receiver: InterchangeParty; controlNumbers: ControlNumberSource; submission: ClaimSubmission; usage?: 'T' | 'P' },
): Promise<ClaimInterchange> {
  if (!claims.length) throw new X12Error('X12.INVALID_CLAIM', 'no claim to send');
  const bad = claims.map((c) => ({ id: c.claimId, problems: claimProblems(c) })).filter((c) => c.problems.length);
  if (bad.length) throw new X12Error('X12.INVALID_CLAIM', `claims that cannot be sent: ${bad.map((b) => `${b.id} (${b.problems.join('; ')})`).join(' | ')}`, bad.flatMap((b) => b.problems.map((p) => `${b.id}: ${p}`)));
  const transactions = claims.map((claim, i) => build837P(claim, options.submission, i + 1));
  const controlNumber = await options.controlNumbers.next();
  const text = writeInterchange({
    sender: options.sender, receiver: options.receiver, controlNumber, usage: options.usage ?? 'T', at: options.submission.at,
    groups: [{ functionalId: 'HC', controlNumber, version: X222, transactions }],
  });
  return {
    interchangeControlNumber: formatInterchangeControlNumber(controlNumber), text,
    transactions: claims.map((c, i) => ({ controlNumber: String(i + 1).padStart(4, '0'), claimId: c.claimId })),
  };
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/** An 837P as read back: the claim, its submission parties and its control number. */
export interface ParsedClaim extends ProfessionalClaim {
  controlNumber: string;
  submitter: { name: string; id: string };
}

const readAddress = (n3?: Segment, n4?: Segment): Address | undefined =>
  n3 && n4 ? { line1: el(n3, 1), line2: el(n3, 2) || undefined, city: el(n4, 1), state: el(n4, 2), postalCode: el(n4, 3) } : undefined;

function cents(value: string, where: string): number {
  const c = x12ToCents(value);
  if (c === undefined) throw new X12Error('X12.STRUCTURE', `${where} '${value}' is not an amount`);
  return c;
}

/**
 * Reads an 837P transaction; throws X12Error X12.STRUCTURE when it is not an 837 or lacks the
 * billing provider, subscriber, payer, claim or lines.
 */
export function parse837P(tx: ParsedTransaction, separators: Separators): ParsedClaim {
  if (tx.setId !== '837') throw new X12Error('X12.STRUCTURE', `transaction ${tx.controlNumber} is a ${tx.setId}, not an 837`);
  const segs = tx.segments;
  let level = '';
  let loop = '';
  const claim: Partial<ParsedClaim> & { lines: ServiceLine[]; otherPayers: OtherPayer[]; diagnoses: string[] } = { lines: [], otherPayers: [], diagnoses: [], controlNumber: tx.controlNumber };
  let submitter = { name: '', id: '' };
  let billing: Partial<ProfessionalClaim['billingProvider']> = {};
  let subscriber: Partial<ProfessionalClaim['subscriber']> | undefined;
  let patient: Partial<NonNullable<ProfessionalClaim['patient']>> | undefined;
  let payer: ProfessionalClaim['payer'] | undefined;
  let other: OtherPayer | undefined;
  let line: ServiceLine | undefined;
  let adjudication: LineAdjudication | undefined;
  for (let i = 0; i < segs.length; i += 1) {
    const s = segs[i];
    const next = segs[i + 1];
    const addressHere = () => (s.tag === 'NM1' && next?.tag === 'N3' ? readAddress(next, segs[i + 2]?.tag === 'N4' ? segs[i + 2] : undefined) : undefined);
    switch (s.tag) {
      case 'HL':
        level = el(s, 3);
        loop = level;
        break;
      case 'NM1': {
        const entity = el(s, 1);
        if (entity === '41') submitter = { name: el(s, 3), id: el(s, 9) };
        else if (entity === '85') billing = { ...billing, organizationName: el(s, 3), npi: el(s, 9), address: addressHere() };
        else if (entity === '87') claim.payToAddress = addressHere();
        else if (entity === 'IL' && loop === '22') subscriber = { ...subscriber, lastName: el(s, 3), firstName: el(s, 4) || undefined, middleName: el(s, 5) || undefined, memberId: el(s, 9), address: addressHere() };
        else if (entity === 'PR' && loop === '22') payer = { name: el(s, 3), id: el(s, 9), address: addressHere() };
        else if (entity === 'QC') patient = { ...patient, lastName: el(s, 3), firstName: el(s, 4) || undefined, middleName: el(s, 5) || undefined, address: addressHere() };
        else if (entity === '82') claim.renderingProvider = { lastName: el(s, 3), firstName: el(s, 4) || undefined, npi: el(s, 9) };
        else if (entity === 'IL' && other) other.subscriber = { lastName: el(s, 3), firstName: el(s, 4) || undefined, memberId: el(s, 9) };
        else if (entity === 'PR' && other) other.payer = { name: el(s, 3), id: el(s, 9) };
        break;
      }
      case 'PRV':
        if (el(s, 1) === 'BI') billing.taxonomy = el(s, 3);
        else if (el(s, 1) === 'PE' && claim.renderingProvider) claim.renderingProvider.taxonomy = el(s, 3);
        break;
      case 'REF':
        if (el(s, 1) === 'EI') billing.taxId = el(s, 2);
        else if (el(s, 1) === 'F8') claim.payerClaimControlNumber = el(s, 2);
        else if (el(s, 1) === 'G1') claim.priorAuthorization = el(s, 2);
        else if (el(s, 1) === '6R' && line) line.lineId = el(s, 2);
        break;
      case 'SBR':
        if (loop === '22' && !claim.claimId) {
          subscriber = { ...subscriber, payerResponsibility: el(s, 1) as 'P', relationship: (el(s, 2) || 'G8') as Relationship, groupNumber: el(s, 3) || undefined, claimFilingIndicator: el(s, 9) };
        } else {
          other = { payerResponsibility: el(s, 1) as 'P', relationship: el(s, 2) as Relationship, groupNumber: el(s, 3) || undefined, claimFilingIndicator: el(s, 9), subscriber: { memberId: '', lastName: '' }, payer: { name: '', id: '' }, adjustments: [] };
          claim.otherPayers.push(other);
        }
        break;
      case 'DMG': {
        const who = { birthDate: fromX12Date(el(s, 2)) ?? '', sex: (el(s, 3) || 'U') as 'M' };
        if (loop === '23') patient = { ...patient, ...who };
        else subscriber = { ...subscriber, ...who };
        break;
      }
      case 'PAT':
        patient = { ...patient, relationship: el(s, 1) as 'G8' };
        break;
      case 'CLM': {
        const [pos, , frequency] = components(el(s, 5), separators);
        Object.assign(claim, { claimId: el(s, 1), totalChargeCents: cents(el(s, 2), 'CLM02'), placeOfService: pos ?? '', frequency: (frequency ?? '1') as '1' });
        loop = '2300';
        break;
      }
      case 'HI':
        for (const value of s.elements) {
          const [qualifier, code] = components(value, separators);
          if (qualifier === 'ABK' || qualifier === 'ABF') claim.diagnoses.push(code);
        }
        break;
      case 'CAS':
        if (adjudication) adjudication.adjustments.push(...readCas(s));
        else if (other) other.adjustments.push(...readCas(s));
        break;
      case 'AMT':
        if (el(s, 1) === 'D' && other) other.paidCents = cents(el(s, 2), 'AMT02');
        break;
      case 'LX':
        other = undefined;
        adjudication = undefined;
        line = { lineId: '', procedureCode: '', chargeCents: 0, units: 0, diagnosisPointers: [], serviceDate: '' };
        claim.lines.push(line);
        break;
      case 'SV1':
        if (line) {
          const [, code, ...modifiers] = components(el(s, 1), separators);
          Object.assign(line, {
            procedureCode: code ?? '', ...(modifiers.length ? { modifiers } : {}), chargeCents: cents(el(s, 2), 'SV102'), units: Number(el(s, 4)),
            ...(el(s, 5) ? { placeOfService: el(s, 5) } : {}), diagnosisPointers: components(el(s, 7), separators).map(Number),
          });
        }
        break;
      case 'SVD':
        if (line) {
          const [, code, ...modifiers] = components(el(s, 3), separators);
          adjudication = { payerId: el(s, 1), paidCents: cents(el(s, 2), 'SVD02'), procedureCode: code ?? '', ...(modifiers.length ? { modifiers } : {}), units: Number(el(s, 5)), adjustments: [], adjudicatedDate: '' };
          (line.adjudications ??= []).push(adjudication);
        }
        break;
      case 'DTP':
        if (el(s, 1) === '472' && line) line.serviceDate = fromX12Date(el(s, 3).slice(0, 8)) ?? '';
        else if (el(s, 1) === '573' && adjudication) adjudication.adjudicatedDate = fromX12Date(el(s, 3)) ?? '';
        else if (el(s, 1) === '573' && other) other.adjudicatedDate = fromX12Date(el(s, 3));
        break;
      default:
        break;
    }
  }
  const missing = [
    !billing.npi && 'NM1*85 (billing provider)', !subscriber?.memberId && 'NM1*IL (subscriber)', !payer && 'NM1*PR (payer)',
    !claim.claimId && 'CLM (claim)', !claim.lines.length && 'LX/SV1 (service lines)',
  ].filter(Boolean);
  if (missing.length) throw new X12Error('X12.STRUCTURE', `837 ${tx.controlNumber} has no ${missing.join(', ')}`);
  return {
    ...(claim as ParsedClaim),
    submitter,
    billingProvider: billing as ProfessionalClaim['billingProvider'],
    subscriber: { ...(subscriber as ProfessionalClaim['subscriber']), relationship: (patient?.relationship ?? '18') as Relationship },
    ...(patient ? { patient: patient as NonNullable<ProfessionalClaim['patient']> } : {}),
    payer: payer as ProfessionalClaim['payer'],
    otherPayers: claim.otherPayers.length ? claim.otherPayers : undefined,
  };
}
