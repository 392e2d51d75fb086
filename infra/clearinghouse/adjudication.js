'use strict';
/*
 * The simulated payers' claim rules, pure (no HTTP, no clock): what a 277CA rejects up front, and
 * how an accepted professional claim (libs/x12 ParsedClaim) is priced into an 835 claim payment
 * (libs/x12 ClaimPayment). The plan is chosen by the subscriber's member id prefix, the same
 * prefixes as the 270 scenarios (scenarios.js), so a claim pays what the eligibility check said:
 *
 *   PPO / other  deductible $350.50 remaining per member and year (PR-1), $25 copay per office visit
 *                (PR-3), 20% coinsurance after the deductible (PR-2), CO-45 above the PPO fee schedule,
 *                paid by EFT (ACH); timely filing 180 days
 *   MCR          Medicare Part B: deductible met, 20% coinsurance (PR-2), Medicare fee schedule; 365 days
 *   HMO          $15 copay per office visit (PR-3), nothing else; paid by check; 90 days
 *   SEC          a supplemental plan: as secondary, pays what the primary left to the patient, up to its
 *                allowed amount less the primary's payment; as primary, like PPO
 *   INT          like PPO, paid late: interest of 1% of what is paid, as a PLB L6 adjustment
 *   INA / TRM    coverage inactive / ended: every line denied CO-27
 *   NFD          member not found: rejected in the 277CA (A3:33:IL), never adjudicated
 *   PAU          like PPO, prior authorization required for every procedure
 *   LAT          like PPO, but the payer dates the claim received 181 days after it was sent (a claim
 *                that sat lost between clearinghouse and payer): past the 180-day limit, CO-29. The one
 *                way a test reaches timely filing, as appointments are never booked in the past.
 *
 * Denials: a column 2 code billed with its column 1 code on the same date (BUNDLED_PAIRS, a small
 * synthetic table) is CO-97 with remark M15 unless the pair allows a modifier (indicator 1) and the
 * column 2 line has 59/XE/XP/XS/XU; a code in AUTHORIZATION_REQUIRED without REF*G1 is CO-197, with a
 * G1 that is not one of ours (PA...) CO-15; a duplicate of a claim already adjudicated is CO-18 on every
 * line; a claim received (BHT04) later than the plan's filing limit after its first date of service is
 * CO-29 on every line; a secondary claim without the primary's line adjudication is CO-16 with MA04.
 *
 * Fee schedule: allowed amounts per code and plan (FEE_SCHEDULE, per unit); a code not in it is
 * allowed at 60% of its charge. Procedure codes 'X' + 4 digits are placeholders (libs/x12
 * PLACEHOLDER_PROCEDURE_CODE), CPT being licensed; G/J codes are real HCPCS Level II.
 */

const PLANS = {
  PPO: { prefix: 'PPO', schedule: 'PPO', deductibleCents: 35050, copayCents: 2500, coinsurance: 0.2, filingDays: 180, filingIndicator: '12', method: 'ACH' },
  MCR: { prefix: 'MCR', schedule: 'MCR', deductibleCents: 0, copayCents: 0, coinsurance: 0.2, filingDays: 365, filingIndicator: 'MB', method: 'ACH' },
  HMO: { prefix: 'HMO', schedule: 'HMO', deductibleCents: 0, copayCents: 1500, coinsurance: 0, filingDays: 90, filingIndicator: 'HM', method: 'CHK' },
  SEC: { prefix: 'SEC', schedule: 'PPO', deductibleCents: 0, copayCents: 0, coinsurance: 0, filingDays: 365, filingIndicator: '12', method: 'CHK', supplemental: true },
  INT: { prefix: 'INT', schedule: 'PPO', deductibleCents: 35050, copayCents: 2500, coinsurance: 0.2, filingDays: 180, filingIndicator: '12', method: 'ACH', interest: 0.01 },
  INA: { prefix: 'INA', schedule: 'PPO', inactive: true, filingDays: 180, filingIndicator: '12', method: 'ACH' },
  TRM: { prefix: 'TRM', schedule: 'PPO', inactive: true, filingDays: 180, filingIndicator: '12', method: 'ACH' },
  NFD: { prefix: 'NFD', schedule: 'PPO', notFound: true, filingDays: 180, filingIndicator: '12', method: 'ACH' },
  PAU: { prefix: 'PAU', schedule: 'PPO', deductibleCents: 35050, copayCents: 2500, coinsurance: 0.2, filingDays: 180, filingIndicator: '12', method: 'ACH', authorizeAll: true },
  LAT: { prefix: 'LAT', schedule: 'PPO', deductibleCents: 35050, copayCents: 2500, coinsurance: 0.2, filingDays: 180, filingIndicator: '12', method: 'ACH', receivedLateDays: 181 },
};
const DEFAULT_PLAN = { ...PLANS.PPO, prefix: '' };
const planFor = (memberId) => Object.values(PLANS).find((p) => String(memberId).toUpperCase().startsWith(p.prefix)) ?? DEFAULT_PLAN;

/** Allowed amount per unit, in cents, per plan's schedule. */
const FEE_SCHEDULE = {
  X9203: { PPO: 16000, MCR: 11000, HMO: 14000, description: 'office visit, new patient (placeholder)' },
  X9213: { PPO: 11000, MCR: 7500, HMO: 9000, description: 'office visit, established patient (placeholder)' },
  X9214: { PPO: 15000, MCR: 11000, HMO: 12500, description: 'office visit, established patient, moderate (placeholder)' },
  X9211: { PPO: 4000, MCR: 2500, HMO: 3500, description: 'office visit, established patient, minimal (placeholder)' },
  X3641: { PPO: 1500, MCR: 1000, HMO: 1200, description: 'blood draw (placeholder)' },
  X8102: { PPO: 1200, MCR: 800, HMO: 1000, description: 'urinalysis (placeholder)' },
  X4510: { PPO: 45000, MCR: 30000, HMO: 40000, description: 'procedure, column 1 of a bundled pair (placeholder)' },
  X4500: { PPO: 20000, MCR: 14000, HMO: 18000, description: 'procedure, column 2 of X4510 (placeholder)' },
  X7055: { PPO: 90000, MCR: 60000, HMO: 80000, description: 'MRI of the brain (placeholder; prior authorization required)' },
  G0438: { PPO: 19000, MCR: 17000, HMO: 17000, description: 'annual wellness visit, initial' },
  G0439: { PPO: 13000, MCR: 11500, HMO: 12000, description: 'annual wellness visit, subsequent' },
  J1100: { PPO: 20, MCR: 12, HMO: 15, description: 'injection, dexamethasone sodium phosphate, 1 mg' },
};
/** Office visits: a copay applies once per claim. */
const isVisit = (code) => /^X92\d\d$/.test(code);
/** Preventive services: no cost sharing. */
const PREVENTIVE = new Set(['G0438', 'G0439']);
/** Column 1 / column 2 pairs (synthetic): modifier 1 = allowed with 59/XE/XP/XS/XU on the column 2 line, 0 = never. */
const BUNDLED_PAIRS = [
  { column1: 'X4510', column2: 'X4500', modifier: '1' },
  { column1: 'X9213', column2: 'X9211', modifier: '0' },
  { column1: 'X9214', column2: 'X9211', modifier: '0' },
];
const DISTINCT_MODIFIERS = new Set(['59', 'XE', 'XP', 'XS', 'XU']);
const AUTHORIZATION_REQUIRED = new Set(['X7055']);

const DAY_MS = 24 * 60 * 60 * 1000;
const daysBetween = (from, to) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
const plusDays = (iso, days) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const sum = (list, f) => list.reduce((n, x) => n + f(x), 0);
const allowedPerUnit = (plan, code) => FEE_SCHEDULE[code]?.[plan.schedule];

/** What identifies a claim's services for duplicate detection: member, codes, modifiers, dates, charges, units. */
const signature = (claim) => [
  claim.subscriber.memberId.toUpperCase(),
  ...claim.lines.map((l) => `${l.procedureCode}|${(l.modifiers ?? []).join(',')}|${l.serviceDate}|${l.chargeCents}|${l.units}`).sort(),
].join('#');

/**
 * The 277CA front-end edits: undefined when the claim is accepted into adjudication, otherwise the
 * statuses and message of the rejection. `problems` are libs/x12 claimProblems of the parsed claim;
 * `known(pcc)` says whether a payer claim control number is ours and not voided.
 */
function frontEndRejection(claim, problems, known) {
  const plan = planFor(claim.subscriber.memberId);
  if (plan.notFound) return { statuses: [{ category: 'A3', code: '33', entity: 'IL' }], message: 'SUBSCRIBER AND SUBSCRIBER ID NOT FOUND' };
  if (problems.some((p) => /billing provider NPI/.test(p))) return { statuses: [{ category: 'A7', code: '562', entity: '85' }], message: 'BILLING PROVIDER NPI IS NOT VALID' };
  if (problems.some((p) => /rendering provider NPI/.test(p))) return { statuses: [{ category: 'A7', code: '562', entity: '82' }], message: 'RENDERING PROVIDER NPI IS NOT VALID' };
  if (problems.length) return { statuses: [{ category: 'A7', code: '21' }], message: problems[0].toUpperCase() };
  if ((claim.frequency === '7' || claim.frequency === '8') && !known(claim.payerClaimControlNumber)) {
    return { statuses: [{ category: 'A7', code: '21' }], message: `PAYER CLAIM CONTROL NUMBER ${claim.payerClaimControlNumber} NOT FOUND OR ALREADY VOIDED` };
  }
  return undefined;
}

function deniedLine(line, group, reason, remarkCodes = []) {
  return {
    procedureCode: line.procedureCode, ...(line.modifiers?.length ? { modifiers: line.modifiers } : {}), chargeCents: line.chargeCents, paidCents: 0, units: line.units,
    lineId: line.lineId, serviceDate: line.serviceDate, adjustments: [{ group, reason, amountCents: line.chargeCents }], allowedCents: 0, remarkCodes,
  };
}

function bundledAway(line, claim) {
  return BUNDLED_PAIRS.some((pair) => pair.column2 === line.procedureCode
    && claim.lines.some((other) => other !== line && other.procedureCode === pair.column1 && other.serviceDate === line.serviceDate)
    && !(pair.modifier === '1' && (line.modifiers ?? []).some((m) => DISTINCT_MODIFIERS.has(m))));
}

/** A line as primary: allowed, CO-45, then patient responsibility (copay, deductible, coinsurance). */
function primaryLine(line, plan, state) {
  const perUnit = allowedPerUnit(plan, line.procedureCode);
  const scheduled = perUnit === undefined ? Math.round(line.chargeCents * 0.6) : Math.round(perUnit * line.units);
  const allowed = Math.min(line.chargeCents, scheduled);
  const adjustments = [];
  if (line.chargeCents > allowed) adjustments.push({ group: 'CO', reason: '45', amountCents: line.chargeCents - allowed });
  let patient = 0;
  if (!PREVENTIVE.has(line.procedureCode)) {
    if (isVisit(line.procedureCode) && plan.copayCents && !state.copayTaken) {
      const copay = Math.min(plan.copayCents, allowed);
      state.copayTaken = true;
      if (copay) adjustments.push({ group: 'PR', reason: '3', amountCents: copay });
      patient += copay;
    } else if (!isVisit(line.procedureCode)) {
      const deductible = Math.min(state.deductibleRemaining, allowed);
      state.deductibleRemaining -= deductible;
      if (deductible) adjustments.push({ group: 'PR', reason: '1', amountCents: deductible });
      const coinsurance = Math.round((allowed - deductible) * (plan.coinsurance ?? 0));
      if (coinsurance) adjustments.push({ group: 'PR', reason: '2', amountCents: coinsurance });
      patient += deductible + coinsurance;
    } else if (plan.coinsurance) {
      const coinsurance = Math.round(allowed * plan.coinsurance);
      if (coinsurance) adjustments.push({ group: 'PR', reason: '2', amountCents: coinsurance });
      patient += coinsurance;
    }
  }
  return {
    procedureCode: line.procedureCode, ...(line.modifiers?.length ? { modifiers: line.modifiers } : {}), chargeCents: line.chargeCents, paidCents: allowed - patient, units: line.units,
    lineId: line.lineId, serviceDate: line.serviceDate, adjustments, allowedCents: allowed, remarkCodes: [],
  };
}

/**
 * A line as secondary: the prior payer paid P1 and left R1 to the patient (its PR adjustments in
 * 2430); this plan pays min(R1, its allowed - P1), never less than 0. OA-23 carries the prior
 * payer's payment, CO-45 what the prior payer wrote off, PR what is still the patient's.
 */
function secondaryLine(line, plan, priorPayerId) {
  const prior = (line.adjudications ?? []).find((a) => a.payerId === priorPayerId) ?? (line.adjudications ?? [])[0];
  if (!prior) return deniedLine(line, 'CO', '16', ['MA04']);
  const perUnit = allowedPerUnit(plan, line.procedureCode);
  const allowed = Math.min(line.chargeCents, perUnit === undefined ? Math.round(line.chargeCents * 0.6) : Math.round(perUnit * line.units));
  const p1 = prior.paidCents;
  const r1 = sum(prior.adjustments.filter((a) => a.group === 'PR'), (a) => a.amountCents);
  const pay = Math.max(0, Math.min(r1, allowed - p1));
  const adjustments = [];
  const oa23 = Math.min(p1, line.chargeCents - r1);
  if (oa23) adjustments.push({ group: 'OA', reason: '23', amountCents: oa23 });
  const co45 = line.chargeCents - r1 - oa23;
  if (co45) adjustments.push({ group: 'CO', reason: '45', amountCents: co45 });
  if (r1 - pay) adjustments.push({ group: 'PR', reason: '2', amountCents: r1 - pay });
  return {
    procedureCode: line.procedureCode, ...(line.modifiers?.length ? { modifiers: line.modifiers } : {}), chargeCents: line.chargeCents, paidCents: pay, units: line.units,
    lineId: line.lineId, serviceDate: line.serviceDate, adjustments, allowedCents: allowed, remarkCodes: [],
  };
}

/**
 * Prices one accepted claim into its 835 claim payment (libs/x12 ClaimPayment).
 * ctx: { receivedDate (ISO, BHT04), payerClaimControlNumber, duplicate (boolean), deductibleRemaining(memberId, year) -> cents,
 *        spendDeductible(memberId, year, cents) }
 */
function adjudicate(claim, ctx) {
  const plan = planFor(claim.subscriber.memberId);
  const secondary = claim.subscriber.payerResponsibility !== 'P';
  const firstDate = claim.lines.map((l) => l.serviceDate).sort()[0];
  const year = firstDate.slice(0, 4);
  let lines;
  if (plan.inactive) lines = claim.lines.map((l) => deniedLine(l, 'CO', '27', ['N30']));
  else if (ctx.duplicate) lines = claim.lines.map((l) => deniedLine(l, 'CO', '18'));
  else if (daysBetween(firstDate, plusDays(ctx.receivedDate, plan.receivedLateDays ?? 0)) > plan.filingDays) lines = claim.lines.map((l) => deniedLine(l, 'CO', '29'));
  else if (secondary && !(claim.otherPayers ?? []).length) lines = claim.lines.map((l) => deniedLine(l, 'CO', '16', ['MA04']));
  else {
    const state = { copayTaken: false, deductibleRemaining: secondary ? 0 : ctx.deductibleRemaining(claim.subscriber.memberId, year, plan.deductibleCents ?? 0) };
    const start = state.deductibleRemaining;
    const priorPayerId = (claim.otherPayers ?? [])[0]?.payer.id;
    lines = claim.lines.map((line) => {
      if (bundledAway(line, claim)) return deniedLine(line, 'CO', '97', ['M15']);
      if (AUTHORIZATION_REQUIRED.has(line.procedureCode) || plan.authorizeAll) {
        if (!claim.priorAuthorization) return deniedLine(line, 'CO', '197');
        if (!/^PA[A-Z0-9]+$/.test(claim.priorAuthorization)) return deniedLine(line, 'CO', '15', ['N54']);
      }
      return secondary ? secondaryLine(line, plan, priorPayerId) : primaryLine(line, plan, state);
    });
    if (!secondary && start !== state.deductibleRemaining) ctx.spendDeductible(claim.subscriber.memberId, year, start - state.deductibleRemaining);
  }
  const paid = sum(lines, (l) => l.paidCents);
  const patient = sum(lines.flatMap((l) => l.adjustments).filter((a) => a.group === 'PR'), (a) => a.amountCents);
  const allDenied = lines.every((l) => l.paidCents === 0 && l.allowedCents === 0);
  return {
    claimId: claim.claimId,
    status: allDenied ? '4' : secondary ? (claim.subscriber.payerResponsibility === 'T' ? '3' : '2') : '1',
    chargeCents: claim.totalChargeCents,
    paidCents: paid,
    patientResponsibilityCents: patient,
    claimFilingIndicator: plan.filingIndicator,
    payerClaimControlNumber: ctx.payerClaimControlNumber,
    frequency: claim.frequency,
    adjustments: [],
    patient: claim.patient
      ? { lastName: claim.patient.lastName, firstName: claim.patient.firstName }
      : { lastName: claim.subscriber.lastName, firstName: claim.subscriber.firstName, memberId: claim.subscriber.memberId },
    receivedDate: ctx.receivedDate,
    lines,
  };
}

/** The reversal (CLP02 22) of a claim payment: every amount negated, under the claim id that asked for it. */
function reversal(payment, claimId, frequency) {
  const negate = (a) => ({ ...a, amountCents: -a.amountCents });
  return {
    ...payment,
    claimId,
    status: '22',
    chargeCents: -payment.chargeCents,
    paidCents: -payment.paidCents,
    patientResponsibilityCents: -(payment.patientResponsibilityCents ?? 0),
    frequency,
    adjustments: payment.adjustments.map(negate),
    lines: payment.lines.map((l) => ({
      ...l, chargeCents: -l.chargeCents, paidCents: -l.paidCents, adjustments: l.adjustments.map(negate), allowedCents: l.allowedCents === undefined ? undefined : -l.allowedCents,
    })),
  };
}

/** Interest a plan owes on what it pays (PLB L6, negative: it increases the payment). */
const interestOn = (claim, payment) => {
  const plan = planFor(claim.subscriber.memberId);
  return plan.interest && payment.paidCents > 0 ? Math.max(1, Math.round(payment.paidCents * plan.interest)) : 0;
};

module.exports = {
  PLANS, DEFAULT_PLAN, FEE_SCHEDULE, BUNDLED_PAIRS, AUTHORIZATION_REQUIRED, PREVENTIVE,
  planFor, signature, frontEndRejection, adjudicate, reversal, interestOn,
};
