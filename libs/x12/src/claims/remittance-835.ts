/*
 * The 835 health care claim payment/advice (005010X221A1): built from a typed Remittance by the
 * simulator and parsed back by billing, with the balancing check a posting must pass first
 * (remittanceProblems). Header: BPR (amount, method, date), TRN (the check or EFT trace), DTM*405,
 * 1000A payer (N1*PR, N3, N4, PER*BL), 1000B payee (N1*PE with NPI, REF*TJ); per claim (2100):
 * CLP, CAS, NM1*QC, REF, DTM*050; per line (2110): SVC, DTM*472, CAS, REF*6R (our line id), AMT*B6,
 * LQ*HE; then PLB provider-level adjustments.
 */
import type { ParsedTransaction, TransactionSpec } from '../envelope';
import { SegmentSpec, Separators, X12Error, centsToX12, components, composite, el, fromX12Date, seg, toX12Date, x12ToCents } from '../segments';
import { casSegments, readCas } from './claim-837p';
import { Adjustment, X221 } from './claim.types';

/** CLP02: 1 processed as primary, 2 as secondary, 3 as tertiary, 4 denied, 19/20/21 processed as primary/secondary/tertiary and forwarded, 22 reversal of previous payment, 23 not our claim forwarded, 25 predetermination. */
export type ClaimPaymentStatus = '1' | '2' | '3' | '4' | '19' | '20' | '21' | '22' | '23' | '25';

export interface ServicePayment {
  procedureCode: string;
  modifiers?: string[];
  chargeCents: number;
  paidCents: number;
  units?: number;
  /** REF*6R: the line item control number we sent (our line id). */
  lineId?: string;
  serviceDate?: string;
  adjustments: Adjustment[];
  /** AMT*B6. */
  allowedCents?: number;
  /** LQ*HE remittance advice remark codes (RARC). */
  remarkCodes: string[];
}

export interface ClaimPayment {
  /** CLP01: our patient control number (CLM01). */
  claimId: string;
  status: ClaimPaymentStatus;
  chargeCents: number;
  paidCents: number;
  patientResponsibilityCents?: number;
  /** CLP06. */
  claimFilingIndicator: string;
  /** CLP07: the payer's claim control number. */
  payerClaimControlNumber: string;
  /** CLP09 frequency of the claim adjudicated. */
  frequency?: string;
  /** Claim-level CAS. */
  adjustments: Adjustment[];
  patient: { lastName: string; firstName?: string; memberId?: string };
  /** DTM*050: when the payer received the claim. */
  receivedDate?: string;
  lines: ServicePayment[];
}

/** PLB03-1 reasons: L6 interest, FB forwarding balance, WO overpayment recovery, 72 authorized return, CS adjustment, J1 nonreimbursable... Positive amounts reduce the payment; negative ones increase it. */
export interface ProviderAdjustment {
  reason: string;
  reference?: string;
  amountCents: number;
}

export interface Remittance {
  controlNumber?: string;
  /** BPR01: I remittance with payment, H notification only. */
  handling: 'I' | 'H' | 'C' | 'D' | 'P' | 'U' | 'X';
  /** BPR02. */
  paymentCents: number;
  /** BPR04. */
  method: 'ACH' | 'CHK' | 'NON' | 'BOP' | 'FWT';
  /** BPR16: the check date or EFT effective date. */
  paymentDate: string;
  /** TRN02: the check or EFT number (unique per payer). */
  traceNumber: string;
  /** TRN03: '1' and the payer's EIN. */
  payerTraceId: string;
  /** ACH only: BPR06-BPR15 (sender's then receiver's bank). */
  bank?: { payerRouting: string; payerAccount: string; payeeRouting: string; payeeAccount: string };
  productionDate?: string;
  payer: { name: string; id?: string; address: { line1: string; city: string; state: string; postalCode: string }; technicalContact: { name?: string; phone: string } };
  payee: { name: string; npi: string; taxId?: string };
  claims: ClaimPayment[];
  providerAdjustments: ProviderAdjustment[];
  /** PLB02 fiscal period date (the last day of the provider's fiscal year) when there are PLBs. */
  fiscalPeriodDate?: string;
}

const units = (n: number) => String(Number(n.toFixed(3)));

function lineSegments(line: ServicePayment): SegmentSpec[] {
  const out: SegmentSpec[] = [seg('SVC', composite('HC', line.procedureCode, ...(line.modifiers ?? [])), centsToX12(line.chargeCents), centsToX12(line.paidCents), '', line.units === undefined ? '' : units(line.units))];
  if (line.serviceDate) out.push(seg('DTM', '472', toX12Date(line.serviceDate)));
  out.push(...casSegments(line.adjustments));
  if (line.lineId) out.push(seg('REF', '6R', line.lineId));
  if (line.allowedCents !== undefined) out.push(seg('AMT', 'B6', centsToX12(line.allowedCents)));
  for (const code of line.remarkCodes) out.push(seg('LQ', 'HE', code));
  return out;
}

/** Builds the 835 transaction. Does not check the balance: run remittanceProblems first. */
export function build835(r: Remittance, controlNumber: number): TransactionSpec {
  const bpr = r.method === 'ACH' && r.bank
    ? seg('BPR', r.handling, centsToX12(r.paymentCents), 'C', 'ACH', 'CCP', '01', r.bank.payerRouting, 'DA', r.bank.payerAccount, r.payerTraceId, '', '01', r.bank.payeeRouting, 'DA', r.bank.payeeAccount, toX12Date(r.paymentDate))
    : seg('BPR', r.handling, centsToX12(r.paymentCents), 'C', r.method, '', '', '', '', '', '', '', '', '', '', '', toX12Date(r.paymentDate));
  const segments: SegmentSpec[] = [bpr, seg('TRN', '1', r.traceNumber, r.payerTraceId)];
  if (r.productionDate) segments.push(seg('DTM', '405', toX12Date(r.productionDate)));
  segments.push(
    seg('N1', 'PR', r.payer.name, r.payer.id ? 'XV' : '', r.payer.id ?? ''),
    seg('N3', r.payer.address.line1), seg('N4', r.payer.address.city, r.payer.address.state, r.payer.address.postalCode),
    seg('PER', 'BL', r.payer.technicalContact.name ?? '', 'TE', r.payer.technicalContact.phone),
    seg('N1', 'PE', r.payee.name, 'XX', r.payee.npi),
  );
  if (r.payee.taxId) segments.push(seg('REF', 'TJ', r.payee.taxId));
  if (r.claims.length) segments.push(seg('LX', '1'));
  for (const c of r.claims) {
    segments.push(seg('CLP', c.claimId, c.status, centsToX12(c.chargeCents), centsToX12(c.paidCents), c.patientResponsibilityCents === undefined ? '' : centsToX12(c.patientResponsibilityCents), c.claimFilingIndicator, c.payerClaimControlNumber, '', c.frequency ?? ''));
    segments.push(...casSegments(c.adjustments));
    segments.push(seg('NM1', 'QC', '1', c.patient.lastName, c.patient.firstName ?? '', '', '', '', c.patient.memberId ? 'MI' : '', c.patient.memberId ?? ''));
    if (c.receivedDate) segments.push(seg('DTM', '050', toX12Date(c.receivedDate)));
    for (const line of c.lines) segments.push(...lineSegments(line));
  }
  for (let i = 0; i < r.providerAdjustments.length; i += 6) {
    const chunk = r.providerAdjustments.slice(i, i + 6);
    segments.push(seg('PLB', r.payee.npi, toX12Date(r.fiscalPeriodDate ?? `${r.paymentDate.slice(0, 4)}-12-31`), ...chunk.flatMap((p) => [composite(p.reason, p.reference ?? ''), centsToX12(p.amountCents)])));
  }
  return { setId: '835', controlNumber, implementationRef: X221, omitImplementationRef: true, segments };
}

function amount(value: string, where: string): number {
  const cents = x12ToCents(value);
  if (cents === undefined) throw new X12Error('X12.STRUCTURE', `${where} '${value}' is not an amount`);
  return cents;
}

/** Reads an 835 transaction; throws X12Error X12.STRUCTURE when it is not one, lacks BPR/TRN/N1s, or holds a malformed amount. */
export function parse835(tx: ParsedTransaction, separators: Separators): Remittance {
  if (tx.setId !== '835') throw new X12Error('X12.STRUCTURE', `transaction ${tx.controlNumber} is a ${tx.setId}, not an 835`);
  const bpr = tx.segments.find((s) => s.tag === 'BPR');
  const trn = tx.segments.find((s) => s.tag === 'TRN');
  if (!bpr || !trn) throw new X12Error('X12.STRUCTURE', `835 ${tx.controlNumber} has no BPR or TRN`);
  const method = el(bpr, 4) as Remittance['method'];
  const paymentDate = fromX12Date(el(bpr, 16));
  if (!paymentDate) throw new X12Error('X12.STRUCTURE', `835 ${tx.controlNumber}: BPR16 '${el(bpr, 16)}' is not a date`);
  const r: Remittance = {
    controlNumber: tx.controlNumber, handling: el(bpr, 1) as 'I', paymentCents: amount(el(bpr, 2), 'BPR02'), method, paymentDate,
    traceNumber: el(trn, 2), payerTraceId: el(trn, 3),
    ...(method === 'ACH' ? { bank: { payerRouting: el(bpr, 7), payerAccount: el(bpr, 9), payeeRouting: el(bpr, 13), payeeAccount: el(bpr, 15) } } : {}),
    payer: { name: '', address: { line1: '', city: '', state: '', postalCode: '' }, technicalContact: { phone: '' } },
    payee: { name: '', npi: '' }, claims: [], providerAdjustments: [],
  };
  let party = '';
  let claim: ClaimPayment | undefined;
  let line: ServicePayment | undefined;
  for (const s of tx.segments) {
    switch (s.tag) {
      case 'DTM':
        if (el(s, 1) === '405') r.productionDate = fromX12Date(el(s, 2));
        else if (el(s, 1) === '050' && claim) claim.receivedDate = fromX12Date(el(s, 2));
        else if ((el(s, 1) === '472' || el(s, 1) === '150') && line) line.serviceDate = fromX12Date(el(s, 2));
        break;
      case 'N1':
        party = el(s, 1);
        if (party === 'PR') r.payer = { ...r.payer, name: el(s, 2), id: el(s, 4) || undefined };
        else if (party === 'PE') r.payee = { name: el(s, 2), npi: el(s, 4) };
        break;
      case 'N3':
        if (party === 'PR' && !claim) r.payer.address.line1 = el(s, 1);
        break;
      case 'N4':
        if (party === 'PR' && !claim) r.payer.address = { ...r.payer.address, city: el(s, 1), state: el(s, 2), postalCode: el(s, 3) };
        break;
      case 'PER':
        if (el(s, 1) === 'BL') r.payer.technicalContact = { name: el(s, 2) || undefined, phone: el(s, 4) };
        break;
      case 'REF':
        if (el(s, 1) === 'TJ' && !claim) r.payee.taxId = el(s, 2);
        else if (el(s, 1) === '6R' && line) line.lineId = el(s, 2);
        break;
      case 'CLP':
        line = undefined;
        claim = {
          claimId: el(s, 1), status: el(s, 2) as ClaimPaymentStatus, chargeCents: amount(el(s, 3), 'CLP03'), paidCents: amount(el(s, 4), 'CLP04'),
          ...(el(s, 5) ? { patientResponsibilityCents: amount(el(s, 5), 'CLP05') } : {}),
          claimFilingIndicator: el(s, 6), payerClaimControlNumber: el(s, 7), ...(el(s, 9) ? { frequency: el(s, 9) } : {}),
          adjustments: [], patient: { lastName: '' }, lines: [],
        };
        r.claims.push(claim);
        break;
      case 'CAS':
        if (line) line.adjustments.push(...readCas(s));
        else if (claim) claim.adjustments.push(...readCas(s));
        break;
      case 'NM1':
        if (claim && el(s, 1) === 'QC') claim.patient = { lastName: el(s, 3), firstName: el(s, 4) || undefined, memberId: el(s, 9) || undefined };
        break;
      case 'SVC': {
        if (!claim) throw new X12Error('X12.STRUCTURE', `835 ${tx.controlNumber}: SVC before any CLP`);
        const [, code, ...modifiers] = components(el(s, 1), separators);
        line = {
          procedureCode: code ?? '', ...(modifiers.length ? { modifiers } : {}), chargeCents: amount(el(s, 2), 'SVC02'), paidCents: amount(el(s, 3), 'SVC03'),
          ...(el(s, 5) ? { units: Number(el(s, 5)) } : {}), adjustments: [], remarkCodes: [],
        };
        claim.lines.push(line);
        break;
      }
      case 'AMT':
        if (line && el(s, 1) === 'B6') line.allowedCents = amount(el(s, 2), 'AMT02');
        break;
      case 'LQ':
        if (line && el(s, 1) === 'HE') line.remarkCodes.push(el(s, 2));
        break;
      case 'PLB':
        r.fiscalPeriodDate = fromX12Date(el(s, 2));
        for (let i = 3; i <= 13; i += 2) {
          if (!el(s, i)) continue;
          const [reason, reference] = components(el(s, i), separators);
          r.providerAdjustments.push({ reason, ...(reference ? { reference } : {}), amountCents: amount(el(s, i + 1), `PLB${String(i + 1).padStart(2, '0')}`) });
        }
        break;
      default:
        break;
    }
  }
  if (!r.payer.name || !r.payee.name) throw new X12Error('X12.STRUCTURE', `835 ${tx.controlNumber} has no payer (N1*PR) or payee (N1*PE)`);
  return r;
}

/** One place where an 835 does not balance, and by how much (expected - found, in cents). */
export interface BalanceProblem {
  level: 'line' | 'claim' | 'payment';
  claimId?: string;
  lineId?: string;
  /** 1-based line position within its claim (lines without REF*6R are named by it). */
  line?: number;
  message: string;
  differenceCents: number;
}

const sumAdjustments = (list: Adjustment[]) => list.reduce((n, a) => n + a.amountCents, 0);

/**
 * The balancing a posting must pass (005010X221A1 section 1.10.2): for each line, charge - line
 * adjustments = paid; for each claim, charge - all its adjustments (claim and lines) = paid, and its
 * patient responsibility equals its PR adjustments when given; for the payment, the claims' paid
 * amounts - provider-level adjustments = BPR02. Empty when the remittance balances.
 */
export function remittanceProblems(r: Remittance): BalanceProblem[] {
  const problems: BalanceProblem[] = [];
  for (const c of r.claims) {
    c.lines.forEach((l, i) => {
      const expected = l.chargeCents - sumAdjustments(l.adjustments);
      if (expected !== l.paidCents) {
        problems.push({
          level: 'line', claimId: c.claimId, lineId: l.lineId, line: i + 1, differenceCents: expected - l.paidCents,
          message: `claim ${c.claimId} line ${i + 1}${l.lineId ? ` (${l.lineId})` : ''}: charge ${centsToX12(l.chargeCents)} - adjustments ${centsToX12(sumAdjustments(l.adjustments))} = ${centsToX12(expected)}, but paid is ${centsToX12(l.paidCents)}`,
        });
      }
    });
    const all = [...c.adjustments, ...c.lines.flatMap((l) => l.adjustments)];
    const expected = c.chargeCents - sumAdjustments(all);
    if (expected !== c.paidCents) {
      problems.push({
        level: 'claim', claimId: c.claimId, differenceCents: expected - c.paidCents,
        message: `claim ${c.claimId}: charge ${centsToX12(c.chargeCents)} - adjustments ${centsToX12(sumAdjustments(all))} = ${centsToX12(expected)}, but paid is ${centsToX12(c.paidCents)}`,
      });
    }
    if (c.lines.length) {
      const lineCharges = c.lines.reduce((n, l) => n + l.chargeCents, 0);
      if (lineCharges !== c.chargeCents) {
        problems.push({ level: 'claim', claimId: c.claimId, differenceCents: c.chargeCents - lineCharges, message: `claim ${c.claimId}: charge ${centsToX12(c.chargeCents)} is not the sum of its line charges ${centsToX12(lineCharges)}` });
      }
    }
    const pr = sumAdjustments(all.filter((a) => a.group === 'PR'));
    if (c.patientResponsibilityCents !== undefined && c.patientResponsibilityCents !== pr) {
      problems.push({ level: 'claim', claimId: c.claimId, differenceCents: pr - c.patientResponsibilityCents, message: `claim ${c.claimId}: patient responsibility ${centsToX12(c.patientResponsibilityCents)} is not the sum of its PR adjustments ${centsToX12(pr)}` });
    }
  }
  const paid = r.claims.reduce((n, c) => n + c.paidCents, 0);
  const plb = r.providerAdjustments.reduce((n, p) => n + p.amountCents, 0);
  if (paid - plb !== r.paymentCents) {
    problems.push({
      level: 'payment', differenceCents: paid - plb - r.paymentCents,
      message: `payment ${r.traceNumber}: claims paid ${centsToX12(paid)} - provider adjustments ${centsToX12(plb)} = ${centsToX12(paid - plb)}, but BPR02 is ${centsToX12(r.paymentCents)}`,
    });
  }
  return problems;
}
