/*
 * What the front desk needs from a 271, derived from the typed response: covered or not, the plan,
 * and the in-network cost sharing for the visit (copay, coinsurance, deductible and what remains
 * of it). Pure; the full response stays available for anything else.
 */
import { ACTIVE_INFO, INACTIVE_INFO } from './codes';
import { Benefit, EligibilityResponse, Member, Rejection } from './eligibility.types';

export interface EligibilitySummary {
  /** rejected: an AAA answered instead of benefits; unknown: neither active nor inactive said. */
  coverage: 'active' | 'inactive' | 'rejected' | 'unknown';
  rejections: Rejection[];
  planName?: string;
  insuranceType?: string;
  copayCents?: number;
  coinsurancePercent?: number;
  deductibleCents?: number;
  deductibleRemainingCents?: number;
  /** Service types for which the payer says an authorization is required (EB11 Y). */
  authorizationRequiredFor: string[];
  /** HMO plan with a primary care provider, or a payer message that says a referral is needed. */
  referralRequired: boolean;
  /** Plan or eligibility end date (DTP 347/357) when the payer gave one. */
  coverageEnds?: string;
}

const inNetwork = (b: Benefit) => b.inNetwork === undefined || b.inNetwork === 'Y' || b.inNetwork === 'W';
/** Cost sharing for the office visit when the payer itemized it, else for the plan as a whole. */
function pick(benefits: Benefit[], info: string, period?: string): Benefit | undefined {
  const candidates = benefits.filter((b) => b.info === info && inNetwork(b) && (period === undefined || b.timePeriod === period) && (b.coverageLevel ?? 'IND') === 'IND');
  return candidates.find((b) => b.serviceTypes.includes('98')) ?? candidates.find((b) => b.serviceTypes.includes('30') || !b.serviceTypes.length) ?? candidates[0];
}

/** Summarizes the patient's part of a 271 (the dependent when the payer answered for one). */
export function summarize271(response: EligibilityResponse): EligibilitySummary {
  const patient: Member = response.dependent ?? response.subscriber;
  const rejections = [...response.payer.rejections, ...response.provider.rejections, ...response.subscriber.rejections, ...(response.dependent?.rejections ?? [])];
  const benefits = patient.benefits;
  const status = benefits.find((b) => ACTIVE_INFO.has(b.info) || INACTIVE_INFO.has(b.info));
  const coverage = rejections.length && !status ? 'rejected' : !status ? 'unknown' : ACTIVE_INFO.has(status.info) ? 'active' : 'inactive';
  const ends = [...patient.dates, ...(status?.dates ?? [])].find((d) => d.qualifier === '347' || d.qualifier === '357');
  const plan = benefits.find((b) => ACTIVE_INFO.has(b.info) && b.planName) ?? status;
  const messages = benefits.flatMap((b) => b.messages);
  return {
    coverage,
    rejections,
    planName: plan?.planName,
    insuranceType: status?.insuranceType,
    copayCents: pick(benefits, 'B')?.amountCents,
    coinsurancePercent: pick(benefits, 'A')?.percent,
    deductibleCents: pick(benefits, 'C', '23')?.amountCents,
    deductibleRemainingCents: pick(benefits, 'C', '29')?.amountCents,
    authorizationRequiredFor: [...new Set(benefits.filter((b) => b.authorizationRequired).flatMap((b) => b.serviceTypes))],
    referralRequired:
      messages.some((m) => /REFERRAL/i.test(m)) ||
      (status?.insuranceType === 'HM' && benefits.some((b) => b.info === 'L' || b.relatedEntities.some((e) => e.role === 'P3'))),
    coverageEnds: ends?.to ?? ends?.from,
  };
}
