/*
 * The claim flow's rules, pure: an encounter, its coverage and payer made into what the scrubber
 * checks and the 837P says; an 835 claim payment made into one ledger posting and the denials.
 */
import { randomBytes } from 'node:crypto';
import type { CoverageDto, DenialOutcome, PayerDto } from '@clinic-flow/contracts';
import {
  Address, Adjustment, ClaimPayment, ClaimSubscriber, describeCarc, describeRarc, ProfessionalClaim, Relationship,
} from '@clinic-flow/x12';
import type { BillingProviderRecord, RenderingProviderRecord } from '../billing-providers/billing-providers.schema';
import type { EncounterRecord, PatientSnapshot } from '../encounters/encounters.schema';
import type { ProposedEntry } from '../ledger/ledger.rules';
import type { EarlierClaimKey, ScrubClaim } from '../scrubber/scrub-claim';
import type { ClaimLineRecord, ClaimRecord, DenialRecord } from './claims.schema';

/** A short claim id (CLM01 keeps 20 characters; a UUID is refused): CL + base36 time + 4 random base36. */
export function newClaimId(now = Date.now(), random = randomBytes(4).readUInt32BE(0)): string {
  return `CL${now.toString(36).toUpperCase()}${(random % 36 ** 4).toString(36).toUpperCase().padStart(4, '0')}`;
}

const SEX: Record<string, 'F' | 'M' | 'U'> = { female: 'F', male: 'M', unknown: 'U' };
const RELATIONSHIP: Record<string, Exclude<Relationship, '18'>> = { spouse: '01', child: '19', other: 'G8' };
const SCRUB_RELATIONSHIP = { self: 'self', spouse: 'spouse', child: 'child', other: 'other' } as const;

const addressOf = (p?: PatientSnapshot): Address => {
  const a = p?.address;
  return { line1: a?.line1 ?? '', ...(a?.line2 ? { line2: a.line2 } : {}), city: a?.city ?? '', state: a?.state ?? '', postalCode: (a?.postalCode ?? '').replace(/-/g, '') };
};

/** The procedure codes a payer (and the coverage's plan) needs a prior authorization for. */
export function priorAuthorizationCodes(payer: PayerDto, planId: string): string[] {
  const rules = [...payer.rules, ...(payer.plans.find((p) => p.id === planId)?.rules ?? [])];
  return [...new Set(rules.filter((r) => r.requirement === 'prior-authorization').flatMap((r) => r.procedureCodes ?? []))];
}

/** The subscriber (2010BA) of a coverage for an encounter's patient. */
export function subscriberOf(coverage: CoverageDto, payer: PayerDto, encounter: EncounterRecord, responsibility: 'P' | 'S'): ClaimSubscriber {
  const p = encounter.patient;
  const self = coverage.relationship === 'self';
  return {
    payerResponsibility: responsibility,
    relationship: self ? '18' : RELATIONSHIP[coverage.relationship],
    memberId: coverage.memberId,
    ...(coverage.groupNumber ? { groupNumber: coverage.groupNumber } : {}),
    claimFilingIndicator: payer.claimFilingIndicator,
    lastName: self ? (p?.lastName ?? '') : (coverage.subscriber?.lastName ?? ''),
    firstName: self ? p?.firstName : coverage.subscriber?.firstName,
    ...(self && p?.middleName ? { middleName: p.middleName } : {}),
    ...(self ? { birthDate: p?.dateOfBirth, sex: SEX[p?.sexAtBirth ?? 'unknown'] ?? 'U' } : {}),
    address: addressOf(p),
  };
}

export interface ClaimInputs {
  claimId: string;
  encounter: EncounterRecord;
  coverage: CoverageDto;
  payer: PayerDto;
  authorizationNumber?: string;
  billingProvider: BillingProviderRecord | null;
  renderingProvider: RenderingProviderRecord | null;
  earlierClaims: EarlierClaimKey[];
  submissionDate: string;
}

/** Line ids (REF*6R): the claim id and the line's position, so a remittance line matches exactly. */
export const lineIdOf = (claimId: string, index: number) => `${claimId}-${index + 1}`;

/** The encounter as the 837P says it (primary claim). */
export function professionalClaimOf(i: ClaimInputs): { claim: ProfessionalClaim; lines: ClaimLineRecord[] } {
  const e = i.encounter;
  const p = e.patient;
  const subscriber = subscriberOf(i.coverage, i.payer, e, 'P');
  const lines: ClaimLineRecord[] = e.lines.map((l, index) => ({
    lineId: lineIdOf(i.claimId, index), procedureCode: l.code, modifiers: l.modifiers, units: l.units, chargeCents: l.chargeCents, serviceDate: e.dateOfService,
  }));
  const bp = i.billingProvider;
  const claim: ProfessionalClaim = {
    claimId: i.claimId,
    billingProvider: {
      organizationName: bp?.organizationName ?? '', npi: bp?.npi ?? '', taxId: bp?.tin ?? '',
      address: bp ? { line1: bp.address.line1, ...(bp.address.line2 ? { line2: bp.address.line2 } : {}), city: bp.address.city, state: bp.address.state, postalCode: bp.address.postalCode.replace(/-/g, '') } : addressOf(undefined),
      ...(bp?.taxonomyCode ? { taxonomy: bp.taxonomyCode } : {}),
    },
    subscriber,
    ...(i.coverage.relationship !== 'self'
      ? { patient: { relationship: RELATIONSHIP[i.coverage.relationship], lastName: p?.lastName ?? '', firstName: p?.firstName, birthDate: p?.dateOfBirth ?? '', sex: SEX[p?.sexAtBirth ?? 'unknown'] ?? 'U', address: addressOf(p) } }
      : {}),
    payer: { name: i.payer.name, id: i.payer.ediPayerId },
    totalChargeCents: e.lines.reduce((n, l) => n + l.chargeCents, 0),
    placeOfService: '11',
    frequency: '1',
    ...(i.authorizationNumber ? { priorAuthorization: i.authorizationNumber } : {}),
    diagnoses: e.diagnoses.map((d) => d.code),
    ...(i.renderingProvider ? { renderingProvider: { npi: i.renderingProvider.npi, lastName: i.renderingProvider.lastName, firstName: i.renderingProvider.firstName, ...(i.renderingProvider.taxonomyCode ? { taxonomy: i.renderingProvider.taxonomyCode } : {}) } } : {}),
    lines: e.lines.map((l, index) => ({
      lineId: lines[index].lineId, procedureCode: l.code, ...(l.modifiers.length ? { modifiers: l.modifiers } : {}), chargeCents: l.chargeCents, units: l.units,
      diagnosisPointers: l.diagnosisPointers, serviceDate: e.dateOfService,
    })),
  };
  return { claim, lines };
}

/** What the scrubber checks, from the same inputs. */
export function scrubClaimOf(i: ClaimInputs, claim: ProfessionalClaim): ScrubClaim {
  const e = i.encounter;
  return {
    claimId: i.claimId, frequency: '1', siteId: e.siteId, patientId: e.patientId,
    patient: { dateOfBirth: e.patient?.dateOfBirth, sex: SEX[e.patient?.sexAtBirth ?? 'unknown'] ?? 'U' },
    subscriber: { memberId: i.coverage.memberId, relationship: SCRUB_RELATIONSHIP[i.coverage.relationship] },
    payer: {
      payerId: i.payer.id, timelyFilingDays: i.payer.timelyFilingDays, priorAuthorizationCodes: priorAuthorizationCodes(i.payer, i.coverage.planId),
      ...(i.payer.memberIdPattern ? { memberIdPattern: i.payer.memberIdPattern } : {}),
    },
    billingProvider: { npi: i.billingProvider?.npi, taxId: i.billingProvider?.tin },
    renderingProviderNpi: i.renderingProvider?.npi,
    serviceDateFrom: e.dateOfService, serviceDateTo: e.dateOfService, placeOfService: claim.placeOfService,
    ...(i.authorizationNumber ? { priorAuthorizationNumber: i.authorizationNumber } : {}),
    diagnoses: claim.diagnoses,
    lines: claim.lines.map((l) => ({ lineId: l.lineId, procedureCode: l.procedureCode, modifiers: l.modifiers ?? [], units: l.units, chargeCents: l.chargeCents, diagnosisPointers: l.diagnosisPointers, serviceDate: l.serviceDate })),
    totalChargeCents: claim.totalChargeCents,
    submissionDate: i.submissionDate,
    earlierClaims: i.earlierClaims,
  };
}

/** The duplicate rule's keys of a patient's earlier claims (not rejected ones: those were never taken). */
export function earlierClaimKeys(claims: ClaimRecord[]): EarlierClaimKey[] {
  return claims.filter((c) => c.status !== 'rejected').flatMap((c) => c.lines.map((l) => ({
    claimId: c._id, patientId: c.patientId, serviceDate: l.serviceDate, procedureCode: l.procedureCode, modifiers: l.modifiers, payerId: c.payerId, frequency: c.frequency,
  })));
}

export interface ClaimPosting {
  entries: ProposedEntry[];
  paidCents: number;
  contractualCents: number;
  patientResponsibilityCents: number;
  deniedCents: number;
  denials: Omit<DenialRecord, 'id' | 'remittanceId' | 'deniedAt' | 'open'>[];
  /** Line id -> paid. */
  paidByLine: Record<string, number>;
  /** Lines of the 835 that name no line of the claim. */
  unmatchedLines: string[];
}

const sum = (list: Adjustment[]) => list.reduce((n, a) => n + a.amountCents, 0);

/**
 * One claim's 835 payment as ledger entries (primary or secondary; not a reversal):
 * - `payment` of what the payer paid (insurance bucket);
 * - CO/OA/PI adjustments: a contractual write-off (insurance bucket), EXCEPT on a denied line
 *   (paid 0, no PR: CO-97, CO-197, CO-18, CO-29, CO-27...): that amount stays billed to insurance
 *   and goes to the denials work queue with its reason and remarks explained (a person appeals,
 *   corrects or writes it off: a denial is never written off silently);
 * - PR amounts (deductible, coinsurance, copay): moved to the patient, unless `keepForSecondary`
 *   (a secondary claim is made for them; they stay billed to insurance until it answers).
 * A secondary's payment: what it paid, and the rest of what it was billed for moves to the patient.
 */
export function postingOf(claim: Pick<ClaimRecord, '_id' | 'siteId' | 'encounterId' | 'dateOfService' | 'lines' | 'order'>, payment: ClaimPayment, options: { method?: 'check' | 'eft'; keepForSecondary: boolean; billedCents?: number }): ClaimPosting {
  const common = { claimId: claim._id, siteId: claim.siteId, encounterId: claim.encounterId, dateOfService: claim.dateOfService } as const;
  const byId = new Map(claim.lines.map((l) => [l.lineId, l]));
  let contractual = 0;
  let pr = 0;
  let denied = 0;
  const denials: ClaimPosting['denials'] = [];
  const paidByLine: Record<string, number> = {};
  const unmatchedLines: string[] = [];
  for (const line of payment.lines) {
    const ours = line.lineId ? byId.get(line.lineId) : undefined;
    if (!ours) unmatchedLines.push(line.lineId ?? line.procedureCode);
    if (line.lineId) paidByLine[line.lineId] = line.paidCents;
    const linePr = sum(line.adjustments.filter((a) => a.group === 'PR'));
    const others = line.adjustments.filter((a) => a.group !== 'PR');
    pr += linePr;
    if (line.paidCents === 0 && linePr === 0 && others.length) {
      for (const a of others) {
        denied += a.amountCents;
        denials.push({
          lineId: line.lineId ?? '', procedureCode: line.procedureCode, chargeCents: line.chargeCents, group: a.group, reason: a.reason, reasonText: describeCarc(a.reason),
          amountCents: a.amountCents, remarks: line.remarkCodes.map((code) => ({ code, text: describeRarc(code) })),
        });
      }
    } else {
      contractual += sum(others);
    }
  }
  pr += sum(payment.adjustments.filter((a) => a.group === 'PR'));
  contractual += sum(payment.adjustments.filter((a) => a.group !== 'PR'));
  const entries: ProposedEntry[] = [];
  if (payment.paidCents > 0) entries.push({ type: 'payment', bucket: 'insurance', amountCents: payment.paidCents, ...(options.method ? { method: options.method } : {}), ...common });
  if (claim.order === 'secondary') {
    // Billed to the secondary: what the primary left. Paid, else the patient's.
    const billed = options.billedCents ?? 0;
    const toPatient = Math.max(0, billed - payment.paidCents);
    if (toPatient > 0) entries.push({ type: 'transfer-from-insurance', amountCents: toPatient, ...common }, { type: 'transfer-to-patient', amountCents: toPatient, ...common });
    return { entries, paidCents: payment.paidCents, contractualCents: 0, patientResponsibilityCents: toPatient, deniedCents: denied, denials, paidByLine, unmatchedLines };
  }
  if (contractual > 0) entries.push({ type: 'adjustment', bucket: 'insurance', reason: 'contractual', amountCents: contractual, ...common });
  if (pr > 0 && !options.keepForSecondary) entries.push({ type: 'transfer-from-insurance', amountCents: pr, ...common }, { type: 'transfer-to-patient', amountCents: pr, ...common });
  return { entries, paidCents: payment.paidCents, contractualCents: contractual, patientResponsibilityCents: pr, deniedCents: denied, denials, paidByLine, unmatchedLines };
}

/** The claim's status after a posting. */
export function statusAfter(p: Pick<ClaimPosting, 'paidCents' | 'deniedCents'>, clpStatus: string): ClaimRecord['status'] {
  if (clpStatus === '22') return 'reversed';
  if (clpStatus === '4' || (p.paidCents === 0 && p.deniedCents > 0)) return 'denied';
  if (p.deniedCents > 0) return 'partially-paid';
  return 'paid';
}

/** BPR04 as a ledger payment method: a check (CHK), an electronic transfer (ACH, or FWT a wire) is `eft`; none (NON) or the bank's option (BOP) says nothing. */
export const methodOf = (bpr: string): 'check' | 'eft' | undefined => (bpr === 'CHK' ? 'check' : bpr === 'ACH' || bpr === 'FWT' ? 'eft' : undefined);

/**
 * Why a void (8) or replacement (7) of this claim is refused, or undefined when it may be made.
 * Only a claim the payer accepted (it has the payer's claim control number, REF*F8 of the correction)
 * is corrected; a claim corrected already, or itself a void, is not; a secondary follows its primary.
 */
export function correctionRefusal(claim: Pick<ClaimRecord, '_id' | 'order' | 'frequency' | 'status' | 'payerClaimControlNumber' | 'correctedByClaimId'>, frequency: '7' | '8'): { code: string; message: string } | undefined {
  const what = frequency === '8' ? 'void' : 'replace';
  if (claim.frequency === '8') return { code: 'CLAIM.VOIDED', message: `Claim ${claim._id} is a void: there is nothing to ${what}.` };
  if (claim.correctedByClaimId) return { code: 'CLAIM.ALREADY_CORRECTED', message: `Claim ${claim._id} was voided or replaced already by claim ${claim.correctedByClaimId}: correct that one instead.` };
  if (claim.status === 'reversed') return { code: 'CLAIM.ALREADY_CORRECTED', message: `Claim ${claim._id} was reversed by the payer: there is nothing to ${what}.` };
  if (!claim.payerClaimControlNumber) return { code: 'CLAIM.NOT_ACCEPTED', message: `Claim ${claim._id} (${claim.status}) was never accepted by the payer (no payer claim control number): a rejected claim is claimed again (POST /claims), one still in flight waits for its 277CA.` };
  if (claim.order !== 'primary') return { code: 'CLAIM.SECONDARY_CORRECTION', message: `Claim ${claim._id} is a secondary claim: correct its primary; billing does not void or replace secondary claims.` };
  return undefined;
}

export interface DenialClosing {
  refusal?: { kind: 'not-found' | 'conflict'; code: string; message: string };
  denial?: DenialRecord;
  /** What the ledger gets (a write-off), posted under `denial:<denialId>`. */
  entries: ProposedEntry[];
}

/**
 * Working a denied line off the queue, decided on the claim as it is:
 * - `appealed`: nothing posted; the amount stays billed to the payer until it answers the appeal;
 * - `written-off`: a `denial` write-off of the denied amount from insurance's part. A secondary's
 *   denied part went to the patient when it was posted, so nothing is left to write off there. A
 *   claim that was voided or replaced is not written off: the payer's reversal takes its charges;
 * - `corrected`: only once the claim was replaced or voided (POST /claims/{id}/replace or /void).
 */
export function denialClosing(claim: Pick<ClaimRecord, '_id' | 'order' | 'status' | 'siteId' | 'encounterId' | 'dateOfService' | 'denials' | 'correctedByClaimId'>, denialId: string, outcome: DenialOutcome): DenialClosing {
  const denial = claim.denials.find((d) => d.id === denialId);
  if (!denial) return { entries: [], refusal: { kind: 'not-found', code: 'DENIAL.NOT_FOUND', message: `Claim ${claim._id} has no denial ${denialId}; GET /denials?siteId=${claim.siteId} lists the open ones.` } };
  if (!denial.open) return { entries: [], denial, refusal: { kind: 'conflict', code: 'DENIAL.ALREADY_CLOSED', message: `Denial ${denialId} of claim ${claim._id} was worked already (${denial.outcome ?? 'closed'}${denial.workedBy ? ` by ${denial.workedBy}` : ''}).` } };
  const corrected = !!claim.correctedByClaimId || claim.status === 'reversed';
  if (outcome === 'corrected' && !corrected) {
    return { entries: [], denial, refusal: { kind: 'conflict', code: 'DENIAL.NOT_CORRECTED', message: `Claim ${claim._id} was not corrected: replace it (POST /claims/${claim._id}/replace) or void it first, then close the denial as corrected.` } };
  }
  if (outcome === 'written-off' && corrected) {
    return { entries: [], denial, refusal: { kind: 'conflict', code: 'DENIAL.CLAIM_CORRECTED', message: `Claim ${claim._id} was voided or replaced${claim.correctedByClaimId ? ` by claim ${claim.correctedByClaimId}` : ''}: the payer's reversal takes its charges back, so nothing is written off; close the denial as corrected.` } };
  }
  if (outcome !== 'written-off' || claim.order !== 'primary') return { entries: [], denial };
  return {
    denial,
    entries: [{ type: 'adjustment', bucket: 'insurance', reason: 'denial', amountCents: denial.amountCents, claimId: claim._id, siteId: claim.siteId, encounterId: claim.encounterId, dateOfService: claim.dateOfService }],
  };
}
