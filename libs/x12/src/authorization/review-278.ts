/*
 * The 278 health care services review (005010X217): the request we send (prior authorization of
 * visits or procedures) and the payer's response, each built from and parsed into its typed shape.
 * Levels: 2000A UMO (payer, HL 20), 2000B requester (HL 21), 2000C subscriber (HL 22), 2000D
 * dependent (HL 23) when the patient is not the subscriber, 2000E patient event (HL EV: trace, UM,
 * HCR decision, DTP*AAH dates, HI diagnoses, HSD quantity), 2000F services (HL SS: SV1 procedure,
 * DTP*472, HSD). build278Response(parse278Response(x)) keeps what the types hold.
 */
import type { ParsedTransaction, TransactionSpec } from '../envelope';
import { isValidNpi } from '../npi';
import { composite, el, fromX12Date, seg, Segment, SegmentSpec, Separators, toX12Date, X12Error, components } from '../segments';
import { rejectionReason } from '../eligibility/codes';
import type { Rejection, Trace } from '../eligibility/eligibility.types';
import { ReviewDecision, ReviewRequest, ReviewResponse, ReviewService, X217 } from './review.types';

const pad2 = (n: number) => String(n).padStart(2, '0');
const ICD10 = /^[A-TV-Z][0-9][0-9A-Z](\.?[0-9A-Z]{1,4})?$/;
const PROCEDURE = /^[A-Z0-9]{5}$/;

function stamp(at: Date) {
  return {
    date: `${at.getUTCFullYear()}${pad2(at.getUTCMonth() + 1)}${pad2(at.getUTCDate())}`,
    time: `${pad2(at.getUTCHours())}${pad2(at.getUTCMinutes())}${pad2(at.getUTCSeconds())}`,
  };
}

const isIsoDate = (value: string | undefined) => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !!fromX12Date(value.replace(/-/g, ''));

/** Everything wrong with a review request, in words a person can act on (empty when it can be sent). */
export function reviewRequestProblems(r: ReviewRequest): string[] {
  const problems: string[] = [];
  if (!r.traceNumber || r.traceNumber.length > 50) problems.push('traceNumber must have 1 to 50 characters');
  if (!/^[19][A-Za-z0-9]{9}$/.test(r.traceOriginatorId ?? '')) problems.push("traceOriginatorId must be 10 characters: '1' and an EIN, or '9' and an id of ours");
  if (!r.payer?.name || !r.payer?.id) problems.push('payer name and id are required');
  if (!isValidNpi(r.requester?.npi ?? '')) problems.push('requester NPI is not a valid NPI (10 digits with a correct check digit)');
  if (!r.requester?.organizationName && !r.requester?.lastName) problems.push('requester needs an organization name or a last name');
  if (!r.subscriber?.memberId || r.subscriber.memberId.length > 80) problems.push('subscriber memberId must have 1 to 80 characters');
  if (!r.subscriber?.lastName) problems.push('subscriber lastName is required');
  if (r.subscriber?.birthDate && !isIsoDate(r.subscriber.birthDate)) problems.push('subscriber birthDate must be a date (YYYY-MM-DD)');
  if (r.dependent && (!r.dependent.lastName || !r.dependent.firstName)) problems.push('dependent lastName and firstName are required');
  if (!isIsoDate(r.from) || !isIsoDate(r.to)) problems.push('from and to must be dates (YYYY-MM-DD)');
  else if (r.to < r.from) problems.push('to is before from');
  if (!r.diagnosisCodes?.length) problems.push('at least one diagnosis code (ICD-10-CM) is required');
  if ((r.diagnosisCodes?.length ?? 0) > 12) problems.push('at most 12 diagnosis codes');
  for (const code of r.diagnosisCodes ?? []) if (!ICD10.test(code)) problems.push(`diagnosis code '${code}' is not an ICD-10-CM code`);
  if (!Number.isInteger(r.quantity) || r.quantity < 1 || r.quantity > 99999) problems.push('quantity must be a whole number from 1 to 99999');
  if (r.servicingProvider && !isValidNpi(r.servicingProvider.npi)) problems.push('servicing provider NPI is not a valid NPI');
  for (const s of r.services ?? []) {
    if (s.procedureCode && !PROCEDURE.test(s.procedureCode)) problems.push(`procedure code '${s.procedureCode}' is not a 5-character HCPCS/CPT code`);
    if ((s.from && !isIsoDate(s.from)) || (s.to && !isIsoDate(s.to))) problems.push('service dates must be dates (YYYY-MM-DD)');
  }
  if (r.serviceType && !/^[A-Z0-9]{1,2}$/.test(r.serviceType)) problems.push(`service type '${r.serviceType}' is not a service type code`);
  return problems;
}

const range = (from: string, to?: string) => (to && to !== from ? ['RD8', `${toX12Date(from)}-${toX12Date(to)}`] : ['D8', toX12Date(from)]);

function nameSegment(entity: string, p: { lastName: string; firstName?: string }, qualifier = '', id = ''): SegmentSpec {
  return seg('NM1', entity, '1', p.lastName, p.firstName ?? '', '', '', '', qualifier, id);
}

function requesterSegment(p: ReviewRequest['requester']): SegmentSpec {
  return p.organizationName
    ? seg('NM1', p.role ?? '1P', '2', p.organizationName, '', '', '', '', 'XX', p.npi)
    : seg('NM1', p.role ?? '1P', '1', p.lastName ?? '', p.firstName ?? '', '', '', '', 'XX', p.npi);
}

/** HI: the principal diagnosis (ABK) then the others (ABF), ICD-10-CM without the dot. */
function diagnoses(codes: string[]): SegmentSpec {
  return seg('HI', ...codes.map((code, i) => composite(i === 0 ? 'ABK' : 'ABF', code.replace('.', ''))));
}

/**
 * Builds the 278 request for one review. Throws X12Error X12.INVALID_REVIEW with the problems when
 * it cannot be sent (bad NPI, a diagnosis that is not ICD-10-CM, dates in the wrong order...).
 */
export function build278Request(r: ReviewRequest, controlNumber: number): TransactionSpec {
  const problems = reviewRequestProblems(r);
  if (problems.length) throw new X12Error('X12.INVALID_REVIEW', `the review request cannot be sent: ${problems.join('; ')}`, problems);
  const { date, time } = stamp(r.createdAt ?? new Date());
  const qualifier = r.quantityQualifier ?? 'VS';
  const segments: SegmentSpec[] = [
    seg('BHT', '0007', '13', r.referenceId ?? r.traceNumber, date, time),
    seg('HL', '1', '', '20', '1'),
    seg('NM1', 'X3', '2', r.payer.name, '', '', '', '', 'PI', r.payer.id),
    seg('HL', '2', '1', '21', '1'),
    requesterSegment(r.requester),
    seg('HL', '3', '2', '22', '1'),
    nameSegment('IL', r.subscriber, 'MI', r.subscriber.memberId),
  ];
  if (r.subscriber.birthDate) segments.push(seg('DMG', 'D8', toX12Date(r.subscriber.birthDate), r.subscriber.gender ?? ''));
  let parent = '3';
  let n = 3;
  if (r.dependent) {
    n += 1;
    segments.push(seg('HL', String(n), parent, '23', '1'), nameSegment('QC', r.dependent));
    if (r.dependent.birthDate) segments.push(seg('DMG', 'D8', toX12Date(r.dependent.birthDate), r.dependent.gender ?? ''));
    parent = String(n);
  }
  n += 1;
  const event = String(n);
  segments.push(
    seg('HL', event, parent, 'EV', r.services.length ? '1' : '0'),
    seg('TRN', '1', r.traceNumber, r.traceOriginatorId),
    seg('UM', 'HS', 'I', r.serviceType ?? '1', composite(r.placeOfService ?? '11', 'B')),
    seg('DTP', 'AAH', ...range(r.from, r.to)),
    diagnoses(r.diagnosisCodes),
    seg('HSD', qualifier, String(r.quantity)),
  );
  if (r.servicingProvider) segments.push(nameSegment('SJ', r.servicingProvider, 'XX', r.servicingProvider.npi));
  r.services.forEach((s, i) => {
    segments.push(seg('HL', String(n + 1 + i), event, 'SS', '0'), seg('UM', 'HS', 'I'));
    if (s.procedureCode) segments.push(seg('SV1', composite('HC', s.procedureCode), '', 'UN', String(s.quantity ?? r.quantity)));
    if (s.from ?? r.from) segments.push(seg('DTP', '472', ...range(s.from ?? r.from, s.to ?? r.to)));
    if (s.quantity) segments.push(seg('HSD', s.quantityQualifier ?? qualifier, String(s.quantity)));
  });
  return { setId: '278', controlNumber, implementationRef: X217, segments };
}

/** A 278 request as read back (by the simulator): the request plus its control number. */
export interface ParsedReviewRequest extends ReviewRequest {
  controlNumber: string;
}

function dateRange(s: Segment): { from?: string; to?: string } {
  const [format, value] = [el(s, 2), el(s, 3)];
  if (format === 'D8') return { from: fromX12Date(value), to: fromX12Date(value) };
  if (format === 'RD8') {
    const [a, b] = value.split('-');
    return { from: fromX12Date(a ?? ''), to: fromX12Date(b ?? '') };
  }
  return {};
}

const withDot = (code: string) => (code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code);

/** Reads a 278 request; throws X12Error X12.STRUCTURE when a required part is missing. */
export function parse278Request(tx: ParsedTransaction, separators: Separators): ParsedReviewRequest {
  if (tx.setId !== '278') throw new X12Error('X12.STRUCTURE', `transaction ${tx.controlNumber} is a ${tx.setId}, not a 278`);
  let level = '';
  let referenceId = '';
  let payer: Segment | undefined;
  let requester: Segment | undefined;
  let subscriber: Segment | undefined;
  let dependent: Segment | undefined;
  let trace: Segment | undefined;
  let um: Segment | undefined;
  let servicing: Segment | undefined;
  const dmg: Record<string, Segment> = {};
  const event: { from?: string; to?: string; quantity?: number; qualifier?: string; diagnoses: string[] } = { diagnoses: [] };
  const services: ReviewService[] = [];
  for (const s of tx.segments) {
    const service = services[services.length - 1];
    if (s.tag === 'BHT') referenceId = el(s, 3);
    else if (s.tag === 'HL') {
      level = el(s, 3);
      if (level === 'SS') services.push({});
    } else if (s.tag === 'NM1' && level === '20') payer = s;
    else if (s.tag === 'NM1' && level === '21') requester = s;
    else if (s.tag === 'NM1' && level === '22') subscriber = s;
    else if (s.tag === 'NM1' && level === '23') dependent = s;
    else if (s.tag === 'NM1' && level === 'EV' && el(s, 1) === 'SJ') servicing = s;
    else if (s.tag === 'DMG') dmg[level] = s;
    else if (s.tag === 'TRN' && level === 'EV') trace = s;
    else if (s.tag === 'UM' && level === 'EV') um = s;
    else if (s.tag === 'DTP' && level === 'EV' && el(s, 1) === 'AAH') Object.assign(event, dateRange(s));
    else if (s.tag === 'DTP' && level === 'SS' && service && el(s, 1) === '472') Object.assign(service, dateRange(s));
    else if (s.tag === 'HI' && level === 'EV') event.diagnoses.push(...s.elements.map((e) => components(e, separators)[1]).filter(Boolean).map(withDot));
    else if (s.tag === 'HSD' && level === 'EV') Object.assign(event, { qualifier: el(s, 1), quantity: Number(el(s, 2)) });
    else if (s.tag === 'HSD' && level === 'SS' && service) Object.assign(service, { quantityQualifier: el(s, 1) as 'VS', quantity: Number(el(s, 2)) });
    else if (s.tag === 'SV1' && service) {
      service.procedureCode = components(el(s, 1), separators)[1];
      if (el(s, 4) && service.quantity === undefined) service.quantity = Number(el(s, 4));
    }
  }
  const missing = [!payer && 'NM1*X3 (payer)', !requester && 'NM1*1P (requester)', !subscriber && 'NM1*IL (subscriber)', !trace && 'TRN (trace)', !um && 'UM'].filter(Boolean);
  if (!payer || !requester || !subscriber || !trace || !um) throw new X12Error('X12.STRUCTURE', `278 ${tx.controlNumber} has no ${missing.join(', ')}`);
  const birth = (s?: Segment) => (s ? fromX12Date(el(s, 2)) : undefined);
  const gender = (s?: Segment) => (s && el(s, 3) ? (el(s, 3) as 'M' | 'F' | 'U') : undefined);
  return {
    controlNumber: tx.controlNumber,
    referenceId,
    traceNumber: el(trace, 2),
    traceOriginatorId: el(trace, 3),
    payer: { name: el(payer, 3), id: el(payer, 9) },
    requester: el(requester, 2) === '2'
      ? { role: el(requester, 1) as '1P', organizationName: el(requester, 3), npi: el(requester, 9) }
      : { role: el(requester, 1) as '1P', lastName: el(requester, 3), firstName: el(requester, 4), npi: el(requester, 9) },
    subscriber: { memberId: el(subscriber, 9), lastName: el(subscriber, 3), firstName: el(subscriber, 4), birthDate: birth(dmg['22']), gender: gender(dmg['22']) },
    ...(dependent ? { dependent: { lastName: el(dependent, 3), firstName: el(dependent, 4), birthDate: birth(dmg['23']), gender: gender(dmg['23']) } } : {}),
    serviceType: el(um, 3) || undefined,
    placeOfService: components(el(um, 4), separators)[0] || undefined,
    diagnosisCodes: event.diagnoses,
    from: event.from ?? '',
    to: event.to ?? event.from ?? '',
    quantity: event.quantity ?? 0,
    quantityQualifier: (event.qualifier as 'VS' | 'UN' | undefined) ?? 'VS',
    ...(servicing ? { servicingProvider: { lastName: el(servicing, 3), firstName: el(servicing, 4) || undefined, npi: el(servicing, 9) } } : {}),
    services,
  };
}

// ---------------------------------------------------------------------------
// The response
// ---------------------------------------------------------------------------

const aaa = (r: Rejection): SegmentSpec => seg('AAA', r.validRequest ? 'Y' : 'N', '', r.reasonCode, r.followUpCode ?? '');
const trn = (t: Trace): SegmentSpec => seg('TRN', t.type, t.number, t.originatorId, t.originatorSupplementalId ?? '');
const rejection = (s: Segment): Rejection => ({ validRequest: el(s, 1) === 'Y', reasonCode: el(s, 3), followUpCode: el(s, 4) || undefined, reason: rejectionReason(el(s, 3)) });

function decisionSegments(d: ReviewDecision | undefined): SegmentSpec[] {
  if (!d) return [];
  const out: SegmentSpec[] = [seg('HCR', d.action, d.authorizationNumber ?? '', d.reasonCode ?? '')];
  if (d.authorizationNumber) out.push(seg('REF', 'BB', d.authorizationNumber));
  if (d.from) out.push(seg('DTP', 'AAH', ...range(d.from, d.to)));
  if (d.quantity !== undefined) out.push(seg('HSD', d.quantityQualifier ?? 'VS', String(d.quantity)));
  out.push(...d.messages.map((m) => seg('MSG', m)));
  return out;
}

/** Builds a 278 response from a typed one (the simulator's answers). */
export function build278Response(r: ReviewResponse, controlNumber: number, at = new Date()): TransactionSpec {
  const { date, time } = stamp(at);
  const segments: SegmentSpec[] = [
    seg('BHT', '0007', '11', r.referenceId, date, time),
    seg('HL', '1', '', '20', '1'),
    seg('NM1', 'X3', '2', r.payer.name ?? '', '', '', '', '', r.payer.id ? 'PI' : '', r.payer.id ?? ''),
    ...r.payer.rejections.map(aaa),
    seg('HL', '2', '1', '21', '1'),
    seg('NM1', '1P', '2', r.requester.name ?? '', '', '', '', '', r.requester.npi ? 'XX' : '', r.requester.npi ?? ''),
    ...r.requester.rejections.map(aaa),
    seg('HL', '3', '2', '22', '1'),
    seg('NM1', 'IL', '1', r.subscriber.lastName ?? '', r.subscriber.firstName ?? '', '', '', '', r.subscriber.memberId ? 'MI' : '', r.subscriber.memberId ?? ''),
    ...r.subscriber.rejections.map(aaa),
    seg('HL', '4', '3', 'EV', r.services.length ? '1' : '0'),
    ...r.event.traces.map(trn),
    ...r.event.rejections.map(aaa),
    seg('UM', 'HS', 'I', r.event.serviceType ?? ''),
    ...decisionSegments(r.event.decision),
  ];
  r.services.forEach((s, i) => {
    segments.push(seg('HL', String(5 + i), '4', 'SS', '0'), seg('UM', 'HS', 'I'), ...decisionSegments(s.decision));
    if (s.procedureCode) segments.push(seg('SV1', composite('HC', s.procedureCode)));
  });
  return { setId: '278', controlNumber, implementationRef: X217, segments };
}

/**
 * Reads a 278 response. Throws X12Error X12.STRUCTURE when it is not a 278 or lacks the UMO (HL 20)
 * level; a response without a patient event (rejected at a higher level with AAA) is valid.
 */
export function parse278Response(tx: ParsedTransaction, separators: Separators): ReviewResponse {
  if (tx.setId !== '278') throw new X12Error('X12.STRUCTURE', `transaction ${tx.controlNumber} is a ${tx.setId}, not a 278`);
  const response: ReviewResponse = {
    controlNumber: tx.controlNumber, referenceId: '',
    payer: { rejections: [] }, requester: { rejections: [] }, subscriber: { rejections: [] },
    event: { traces: [], rejections: [] }, services: [],
  };
  const levels = new Set<string>();
  let level = '';
  let decision: ReviewDecision | undefined;
  const target = () => (level === 'SS' ? response.services[response.services.length - 1] : level === 'EV' ? response.event : undefined);
  for (const s of tx.segments) {
    switch (s.tag) {
      case 'BHT':
        response.referenceId = el(s, 3);
        break;
      case 'HL':
        level = el(s, 3);
        levels.add(level);
        decision = undefined;
        if (level === 'SS') response.services.push({});
        break;
      case 'NM1':
        if (level === '20') Object.assign(response.payer, { name: el(s, 3), id: el(s, 9) || undefined });
        else if (level === '21') Object.assign(response.requester, { name: el(s, 3), npi: el(s, 8) === 'XX' ? el(s, 9) : undefined });
        else if (level === '22') Object.assign(response.subscriber, { lastName: el(s, 3) || undefined, firstName: el(s, 4) || undefined, memberId: el(s, 8) === 'MI' ? el(s, 9) : undefined });
        break;
      case 'AAA': {
        const r = rejection(s);
        if (level === '20') response.payer.rejections.push(r);
        else if (level === '21') response.requester.rejections.push(r);
        else if (level === '22' || level === '23') response.subscriber.rejections.push(r);
        else if (level === 'EV') response.event.rejections.push(r);
        break;
      }
      case 'TRN':
        if (level === 'EV') response.event.traces.push({ type: el(s, 1), number: el(s, 2), originatorId: el(s, 3), originatorSupplementalId: el(s, 4) || undefined });
        break;
      case 'UM':
        if (level === 'EV') response.event.serviceType = el(s, 3) || undefined;
        break;
      case 'HCR': {
        const t = target();
        if (!t) throw new X12Error('X12.STRUCTURE', 'HCR outside a patient event or service level');
        decision = { action: el(s, 1), authorizationNumber: el(s, 2) || undefined, reasonCode: el(s, 3) || undefined, messages: [] };
        t.decision = decision;
        break;
      }
      case 'REF':
        if (decision && el(s, 1) === 'BB' && !decision.authorizationNumber) decision.authorizationNumber = el(s, 2);
        break;
      case 'DTP':
        if (decision && el(s, 1) === 'AAH') {
          const d = dateRange(s);
          if (!d.from) throw new X12Error('X12.STRUCTURE', `DTP*AAH holds no valid date ('${el(s, 3)}')`);
          Object.assign(decision, d);
        }
        break;
      case 'HSD':
        if (decision) {
          const quantity = Number(el(s, 2));
          if (!Number.isFinite(quantity)) throw new X12Error('X12.STRUCTURE', `HSD02 '${el(s, 2)}' is not a quantity`);
          Object.assign(decision, { quantityQualifier: el(s, 1), quantity });
        }
        break;
      case 'MSG':
        decision?.messages.push(el(s, 1));
        break;
      case 'SV1': {
        const t = target();
        if (t && level === 'SS') (t as ReviewResponse['services'][number]).procedureCode = components(el(s, 1), separators)[1];
        break;
      }
      default:
        break;
    }
  }
  if (!levels.has('20')) throw new X12Error('X12.STRUCTURE', `278 ${tx.controlNumber} has no UMO (HL 20) level`);
  return response;
}

/** The trace of ours a response echoes (TRN*2 on the patient event), if any. */
export function echoedTrace(response: ReviewResponse): Trace | undefined {
  return response.event.traces.find((t) => t.type === '2');
}
