/*
 * The 277CA claim acknowledgment (005010X214): per claim, accepted into the payer's adjudication
 * system (STC category A1/A2, action WQ, with the payer's claim control number REF*1K) or rejected
 * (A3/A6/A7, action U, with a claim status code and the entity it concerns). Built by the simulator,
 * read by billing. Levels: 2000A information source (payer, HL 20, TRN*1 + received/processed
 * dates), 2000B information receiver (submitter, HL 21, TRN*2 + batch STC and counts), 2000C
 * billing provider (HL 19), 2000D patient (HL PT) with 2200D per claim (TRN*2 = our patient control
 * number, STC, REF*1K, DTP*472).
 */
import type { ParsedTransaction, TransactionSpec } from '../envelope';
import { Segment, SegmentSpec, Separators, X12Error, centsToX12, components, composite, el, fromX12Date, seg, toX12Date, x12ToCents } from '../segments';
import { X214 } from './claim.types';

export interface ClaimStatus {
  /** STC01-1 claim status category: A1 received, A2 accepted into adjudication, A3 returned as unprocessable, A6 rejected for missing information, A7 rejected for invalid information. */
  category: string;
  /** STC01-2 claim status code: 20 accepted for processing, 21 missing or invalid information, 33 subscriber and subscriber id not found, 562 entity's NPI... */
  code: string;
  /** STC01-3 entity the status concerns: IL subscriber, QC patient, 85 billing provider, 82 rendering provider, PR payer... */
  entity?: string;
}

export interface ClaimAcknowledgment {
  /** TRN02 of 2200D: our patient control number (CLM01). */
  claimId: string;
  accepted: boolean;
  statuses: ClaimStatus[];
  /** STC02: the date of the status. */
  statusDate: string;
  totalChargeCents: number;
  /** REF*1K: the payer's claim control number (accepted claims). */
  payerClaimControlNumber?: string;
  /** STC12: a free-form message saying what to correct (rejections). */
  message?: string;
  /** REF*D9: the clearinghouse's trace number. */
  clearinghouseTrace?: string;
  patient: { lastName: string; firstName?: string; memberId: string };
  billingProviderNpi: string;
  billingProviderName?: string;
  serviceFrom: string;
  serviceTo: string;
}

export interface ClaimAcknowledgmentReport {
  controlNumber?: string;
  payer: { name: string; id: string };
  receiver: { name: string; id: string };
  /** TRN02 of 2200A: the payer's id of this acknowledgment; of 2200B: the submitter's batch (interchange) reference. */
  traceNumber: string;
  batchReference: string;
  receivedDate: string;
  processedDate: string;
  claims: ClaimAcknowledgment[];
}

/** Category A1/A2 (and A0/A5) accept the claim; A3, A4, A6, A7, A8 reject it. */
export const isAcceptedCategory = (category: string) => ['A0', 'A1', 'A2', 'A5'].includes(category);

const range = (from: string, to: string) => (to !== from ? ['RD8', `${toX12Date(from)}-${toX12Date(to)}`] : ['D8', toX12Date(from)]);
const stc = (s: ClaimStatus) => composite(s.category, s.code, s.entity ?? '');

/** Builds the 277CA transaction (claims grouped by billing provider NPI, in order). */
export function build277CA(report: ClaimAcknowledgmentReport, controlNumber: number): TransactionSpec {
  if (!report.claims.length) throw new X12Error('X12.INVALID_ACK', 'a 277CA acknowledges at least one claim');
  const accepted = report.claims.filter((c) => c.accepted);
  const rejected = report.claims.filter((c) => !c.accepted);
  const sum = (list: ClaimAcknowledgment[]) => list.reduce((n, c) => n + c.totalChargeCents, 0);
  const date = toX12Date(report.processedDate);
  const segments: SegmentSpec[] = [
    seg('BHT', '0085', '08', report.traceNumber, date, '1200', 'TH'),
    seg('HL', '1', '', '20', '1'),
    seg('NM1', 'PR', '2', report.payer.name, '', '', '', '', 'PI', report.payer.id),
    seg('TRN', '1', report.traceNumber),
    seg('DTP', '050', 'D8', toX12Date(report.receivedDate)),
    seg('DTP', '009', 'D8', date),
    seg('HL', '2', '1', '21', '1'),
    seg('NM1', '41', '2', report.receiver.name, '', '', '', '', '46', report.receiver.id),
    seg('TRN', '2', report.batchReference),
    seg('STC', composite(rejected.length && !accepted.length ? 'A3' : 'A1', rejected.length && !accepted.length ? '21' : '19', 'PR'), date, rejected.length && !accepted.length ? 'U' : 'WQ', centsToX12(sum(report.claims))),
  ];
  if (accepted.length) segments.push(seg('QTY', '90', String(accepted.length)));
  if (rejected.length) segments.push(seg('QTY', 'AA', String(rejected.length)));
  if (accepted.length) segments.push(seg('AMT', 'YU', centsToX12(sum(accepted))));
  if (rejected.length) segments.push(seg('AMT', 'YY', centsToX12(sum(rejected))));
  let hl = 2;
  const providers = [...new Set(report.claims.map((c) => c.billingProviderNpi))];
  for (const npi of providers) {
    const mine = report.claims.filter((c) => c.billingProviderNpi === npi);
    const providerHl = (hl += 1);
    segments.push(seg('HL', String(providerHl), '2', '19', '1'), seg('NM1', '85', '2', mine.find((c) => c.billingProviderName)?.billingProviderName ?? 'BILLING PROVIDER', '', '', '', '', 'XX', npi), seg('TRN', '1', '0'));
    const ok = mine.filter((c) => c.accepted);
    const bad = mine.filter((c) => !c.accepted);
    segments.push(seg('STC', composite(ok.length ? 'A1' : 'A3', ok.length ? '19' : '21', '85'), '', ok.length ? 'WQ' : 'U', centsToX12(sum(mine))));
    if (ok.length) segments.push(seg('QTY', 'QA', String(ok.length)));
    if (bad.length) segments.push(seg('QTY', 'QC', String(bad.length)));
    if (ok.length) segments.push(seg('AMT', 'YU', centsToX12(sum(ok))));
    if (bad.length) segments.push(seg('AMT', 'YY', centsToX12(sum(bad))));
    for (const c of mine) {
      hl += 1;
      segments.push(
        seg('HL', String(hl), String(providerHl), 'PT'),
        seg('NM1', 'QC', '1', c.patient.lastName, c.patient.firstName ?? '', '', '', '', 'MI', c.patient.memberId),
        seg('TRN', '2', c.claimId),
      );
      const [first, ...more] = c.statuses;
      const [second, third] = more.map(stc);
      segments.push({ tag: 'STC', elements: [stc(first), toX12Date(c.statusDate), c.accepted ? 'WQ' : 'U', centsToX12(c.totalChargeCents), '', '', '', '', '', second ?? '', third ?? '', (c.message ?? '').replace(/[*~:^]/g, ' ').slice(0, 264)] });
      if (c.payerClaimControlNumber) segments.push(seg('REF', '1K', c.payerClaimControlNumber));
      if (c.clearinghouseTrace) segments.push(seg('REF', 'D9', c.clearinghouseTrace));
      segments.push(seg('DTP', '472', ...range(c.serviceFrom, c.serviceTo)));
    }
  }
  return { setId: '277', controlNumber, implementationRef: X214, segments };
}

function dates(s: Segment): [string, string] {
  const [a, b] = el(s, 3).split('-');
  const from = fromX12Date(a ?? '') ?? '';
  return [from, b ? fromX12Date(b) ?? '' : from];
}

/** Reads a 277CA transaction; throws X12Error X12.STRUCTURE when it is not one or lacks the payer or receiver level. */
export function parse277CA(tx: ParsedTransaction, separators: Separators): ClaimAcknowledgmentReport {
  if (tx.setId !== '277' || (tx.implementationRef && tx.implementationRef !== X214)) throw new X12Error('X12.STRUCTURE', `transaction ${tx.controlNumber} is not a 277CA (${tx.setId} ${tx.implementationRef})`);
  const report: ClaimAcknowledgmentReport = {
    controlNumber: tx.controlNumber, payer: { name: '', id: '' }, receiver: { name: '', id: '' }, traceNumber: '', batchReference: '', receivedDate: '', processedDate: '', claims: [],
  };
  let level = '';
  let npi = '';
  let providerName = '';
  let patient: ClaimAcknowledgment['patient'] | undefined;
  let claim: ClaimAcknowledgment | undefined;
  for (const s of tx.segments) {
    switch (s.tag) {
      case 'HL':
        level = el(s, 3);
        claim = undefined;
        break;
      case 'NM1':
        if (level === '20') report.payer = { name: el(s, 3), id: el(s, 9) };
        else if (level === '21') report.receiver = { name: el(s, 3), id: el(s, 9) };
        else if (level === '19') [npi, providerName] = [el(s, 9), el(s, 3)];
        else if (level === 'PT') patient = { lastName: el(s, 3), firstName: el(s, 4) || undefined, memberId: el(s, 9) };
        break;
      case 'TRN':
        if (level === '20') report.traceNumber = el(s, 2);
        else if (level === '21') report.batchReference = el(s, 2);
        else if (level === 'PT') {
          claim = {
            claimId: el(s, 2), accepted: false, statuses: [], statusDate: '', totalChargeCents: 0,
            patient: patient ?? { lastName: '', memberId: '' }, billingProviderNpi: npi, billingProviderName: providerName || undefined, serviceFrom: '', serviceTo: '',
          };
          report.claims.push(claim);
        }
        break;
      case 'DTP':
        if (level === '20' && el(s, 1) === '050') report.receivedDate = fromX12Date(el(s, 3)) ?? '';
        else if (level === '20' && el(s, 1) === '009') report.processedDate = fromX12Date(el(s, 3)) ?? '';
        else if (claim && el(s, 1) === '472') [claim.serviceFrom, claim.serviceTo] = dates(s);
        break;
      case 'STC':
        if (claim) {
          for (const value of [el(s, 1), el(s, 10), el(s, 11)].filter(Boolean)) {
            const [category, code, entity] = components(value, separators);
            claim.statuses.push({ category, code: code ?? '', ...(entity ? { entity } : {}) });
          }
          claim.statusDate = fromX12Date(el(s, 2)) ?? '';
          claim.accepted = el(s, 3) === 'WQ' && isAcceptedCategory(claim.statuses[0]?.category ?? '');
          claim.totalChargeCents = x12ToCents(el(s, 4)) ?? 0;
          if (el(s, 12)) claim.message = el(s, 12);
        }
        break;
      case 'REF':
        if (claim && el(s, 1) === '1K') claim.payerClaimControlNumber = el(s, 2);
        else if (claim && el(s, 1) === 'D9') claim.clearinghouseTrace = el(s, 2);
        break;
      default:
        break;
    }
  }
  if (!report.payer.id || !report.receiver.id) throw new X12Error('X12.STRUCTURE', `277CA ${tx.controlNumber} has no payer (HL 20) or receiver (HL 21)`);
  const unread = report.claims.find((c) => !c.statuses.length);
  if (unread) throw new X12Error('X12.STRUCTURE', `277CA ${tx.controlNumber}: claim ${unread.claimId} has no STC`);
  return report;
}
