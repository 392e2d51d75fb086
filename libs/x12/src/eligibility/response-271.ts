/*
 * The 271 eligibility response (005010X279A1): parsed into a typed response (what the payer said,
 * segment by segment: rejections, traces, dates, benefits with their messages and related
 * entities), and built from one (the simulator answers with it). build271(parse271(x)) keeps
 * everything the type holds.
 */
import type { ParsedTransaction, TransactionSpec } from '../envelope';
import { Segment, SegmentSpec, Separators, X12Error, centsToX12, el, fromX12Date, repeat, repetitions, seg, toX12Date, x12ToCents } from '../segments';
import { rejectionReason } from './codes';
import { Benefit, DateRef, EligibilityResponse, Member, Rejection, Trace, X279 } from './eligibility.types';

const emptyMember = (): Member => ({ traces: [], rejections: [], dates: [], benefits: [] });

function rejection(s: Segment): Rejection {
  return { validRequest: el(s, 1) === 'Y', reasonCode: el(s, 3), followUpCode: el(s, 4) || undefined, reason: rejectionReason(el(s, 3)) };
}

function dateRef(s: Segment): DateRef | undefined {
  const [format, value] = [el(s, 2), el(s, 3)];
  if (format === 'D8') {
    const from = fromX12Date(value);
    return from ? { qualifier: el(s, 1), from } : undefined;
  }
  if (format === 'RD8') {
    const [a, b] = value.split('-');
    const from = fromX12Date(a ?? '');
    const to = fromX12Date(b ?? '');
    return from && to ? { qualifier: el(s, 1), from, to } : undefined;
  }
  return undefined;
}

function benefit(s: Segment, separators: Separators): Benefit {
  const amount = el(s, 7);
  const percent = el(s, 8);
  const quantity = el(s, 10);
  const auth = el(s, 11);
  const network = el(s, 12);
  const cents = amount === '' ? undefined : x12ToCents(amount);
  if (amount !== '' && cents === undefined) throw new X12Error('X12.STRUCTURE', `EB07 '${amount}' is not an amount`);
  return {
    info: el(s, 1),
    coverageLevel: el(s, 2) || undefined,
    serviceTypes: repetitions(el(s, 3), separators),
    insuranceType: el(s, 4) || undefined,
    planName: el(s, 5) || undefined,
    timePeriod: el(s, 6) || undefined,
    amountCents: cents,
    percent: percent === '' ? undefined : Number(percent),
    quantityQualifier: el(s, 9) || undefined,
    quantity: quantity === '' ? undefined : Number(quantity),
    authorizationRequired: auth === 'Y' ? true : auth === 'N' ? false : undefined,
    inNetwork: network ? (network as Benefit['inNetwork']) : undefined,
    dates: [],
    messages: [],
    relatedEntities: [],
    rejections: [],
  };
}

/**
 * Reads a 271 transaction. Throws X12Error X12.STRUCTURE when it is not a 271 or lacks the
 * payer (2000A) or subscriber (2000C) level.
 */
export function parse271(tx: ParsedTransaction, separators: Separators): EligibilityResponse {
  if (tx.setId !== '271') throw new X12Error('X12.STRUCTURE', `transaction ${tx.controlNumber} is a ${tx.setId}, not a 271`);
  const response: EligibilityResponse = {
    controlNumber: tx.controlNumber,
    referenceId: '',
    payer: { rejections: [] },
    provider: { rejections: [] },
    subscriber: emptyMember(),
  };
  const levels = new Set<string>();
  let level = '';
  let member: Member | undefined;
  let current: Benefit | undefined;
  let in2120 = false;
  for (const s of tx.segments) {
    switch (s.tag) {
      case 'BHT':
        response.referenceId = el(s, 3);
        break;
      case 'HL':
        level = el(s, 3);
        levels.add(level);
        current = undefined;
        in2120 = false;
        member = level === '22' ? response.subscriber : level === '23' ? (response.dependent = emptyMember()) : undefined;
        break;
      case 'LS':
        in2120 = true;
        break;
      case 'LE':
        in2120 = false;
        break;
      case 'NM1':
        if (in2120 && current) {
          current.relatedEntities.push({ role: el(s, 1), name: el(s, 3), firstName: el(s, 4) || undefined, idQualifier: el(s, 8) || undefined, id: el(s, 9) || undefined });
        } else if (level === '20') {
          response.payer.name = el(s, 3);
          response.payer.id = el(s, 9) || undefined;
        } else if (level === '21') {
          Object.assign(response.provider, { role: el(s, 1), name: el(s, 3), firstName: el(s, 4) || undefined, npi: el(s, 8) === 'XX' ? el(s, 9) : undefined });
        } else if (member) {
          Object.assign(member, { lastName: el(s, 3) || undefined, firstName: el(s, 4) || undefined, middleName: el(s, 5) || undefined });
          if (el(s, 8) === 'MI') member.memberId = el(s, 9);
        }
        break;
      case 'AAA': {
        const r = rejection(s);
        if (current) current.rejections.push(r);
        else if (level === '20') response.payer.rejections.push(r);
        else if (level === '21') response.provider.rejections.push(r);
        else member?.rejections.push(r);
        break;
      }
      case 'TRN':
        member?.traces.push({ type: el(s, 1), number: el(s, 2), originatorId: el(s, 3), originatorSupplementalId: el(s, 4) || undefined });
        break;
      case 'REF':
        if (member && !current && el(s, 1) === '6P') member.groupNumber = el(s, 2);
        break;
      case 'DMG':
        if (member) {
          member.birthDate = fromX12Date(el(s, 2));
          member.gender = el(s, 3) || undefined;
        }
        break;
      case 'DTP': {
        const d = dateRef(s);
        if (!d) throw new X12Error('X12.STRUCTURE', `DTP*${el(s, 1)} holds no valid date ('${el(s, 3)}')`);
        if (current) current.dates.push(d);
        else member?.dates.push(d);
        break;
      }
      case 'EB':
        if (!member) throw new X12Error('X12.STRUCTURE', 'EB outside a subscriber or dependent level');
        current = benefit(s, separators);
        in2120 = false;
        member.benefits.push(current);
        break;
      case 'MSG':
        current?.messages.push(el(s, 1));
        break;
      default:
        break;
    }
  }
  if (!levels.has('20') || !levels.has('22')) throw new X12Error('X12.STRUCTURE', `271 ${tx.controlNumber} has no payer (HL 20) or subscriber (HL 22) level`);
  return response;
}

function dtp(d: DateRef): SegmentSpec {
  return d.to ? seg('DTP', d.qualifier, 'RD8', `${toX12Date(d.from)}-${toX12Date(d.to)}`) : seg('DTP', d.qualifier, 'D8', toX12Date(d.from));
}

const aaa = (r: Rejection): SegmentSpec => seg('AAA', r.validRequest ? 'Y' : 'N', '', r.reasonCode, r.followUpCode ?? '');
const trn = (t: Trace): SegmentSpec => seg('TRN', t.type, t.number, t.originatorId, t.originatorSupplementalId ?? '');

function benefitSegments(b: Benefit): SegmentSpec[] {
  const out: SegmentSpec[] = [
    seg(
      'EB', b.info, b.coverageLevel ?? '', b.serviceTypes.length ? repeat(...b.serviceTypes) : '', b.insuranceType ?? '', b.planName ?? '',
      b.timePeriod ?? '', b.amountCents === undefined ? '' : centsToX12(b.amountCents), b.percent === undefined ? '' : String(b.percent),
      b.quantityQualifier ?? '', b.quantity === undefined ? '' : String(b.quantity),
      b.authorizationRequired === undefined ? '' : b.authorizationRequired ? 'Y' : 'N', b.inNetwork ?? '',
    ),
    ...b.dates.map(dtp),
    ...b.rejections.map(aaa),
    ...b.messages.map((m) => seg('MSG', m)),
  ];
  if (b.relatedEntities.length) {
    out.push(seg('LS', '2120'));
    for (const e of b.relatedEntities) out.push(seg('NM1', e.role, e.firstName ? '1' : '2', e.name, e.firstName ?? '', '', '', '', e.idQualifier ?? '', e.id ?? ''));
    out.push(seg('LE', '2120'));
  }
  return out;
}

function memberSegments(m: Member, entity: 'IL' | '03'): SegmentSpec[] {
  const out: SegmentSpec[] = [
    ...m.traces.map(trn),
    seg('NM1', entity, '1', m.lastName ?? '', m.firstName ?? '', m.middleName ?? '', '', '', m.memberId ? 'MI' : '', m.memberId ?? ''),
  ];
  if (m.groupNumber) out.push(seg('REF', '6P', m.groupNumber));
  out.push(...m.rejections.map(aaa));
  if (m.birthDate) out.push(seg('DMG', 'D8', toX12Date(m.birthDate), m.gender ?? ''));
  out.push(...m.dates.map(dtp));
  for (const b of m.benefits) out.push(...benefitSegments(b));
  return out;
}

/** Builds a 271 transaction from a typed response (the simulator's answers). */
export function build271(response: EligibilityResponse, controlNumber: number, at = new Date()): TransactionSpec {
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const date = `${at.getUTCFullYear()}${pad2(at.getUTCMonth() + 1)}${pad2(at.getUTCDate())}`;
  const time = `${pad2(at.getUTCHours())}${pad2(at.getUTCMinutes())}${pad2(at.getUTCSeconds())}`;
  const p = response.provider;
  const segments: SegmentSpec[] = [
    seg('BHT', '0022', '11', response.referenceId, date, time),
    seg('HL', '1', '', '20', '1'),
    seg('NM1', 'PR', '2', response.payer.name ?? '', '', '', '', '', response.payer.id ? 'PI' : '', response.payer.id ?? ''),
    ...response.payer.rejections.map(aaa),
    seg('HL', '2', '1', '21', '1'),
    seg('NM1', p.role ?? '1P', p.firstName ? '1' : '2', p.name ?? '', p.firstName ?? '', '', '', '', p.npi ? 'XX' : '', p.npi ?? ''),
    ...p.rejections.map(aaa),
    seg('HL', '3', '2', '22', response.dependent ? '1' : '0'),
    ...memberSegments(response.subscriber, 'IL'),
  ];
  if (response.dependent) segments.push(seg('HL', '4', '3', '23', '0'), ...memberSegments(response.dependent, '03'));
  return { setId: '271', controlNumber, implementationRef: X279, segments };
}
