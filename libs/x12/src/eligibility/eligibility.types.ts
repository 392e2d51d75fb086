/*
 * The typed shapes of an eligibility inquiry (270) and response (271), 005010X279A1. Dates are ISO
 * (YYYY-MM-DD), money is integer cents, percentages are fractions (0.2 = 20%).
 */

export const X279 = '005010X279A1';

export interface Payer {
  name: string;
  /** NM109 with NM108 PI (payer id). */
  id: string;
}

export interface Provider {
  /** NM101: 1P provider, FA facility. */
  role?: '1P' | 'FA';
  /** Organization (NM102 2) when set, otherwise a person (NM102 1). */
  organizationName?: string;
  lastName?: string;
  firstName?: string;
  npi: string;
}

export interface Subscriber {
  memberId: string;
  lastName: string;
  firstName: string;
  middleName?: string;
  birthDate: string;
  gender?: 'M' | 'F' | 'U';
  groupNumber?: string;
}

export interface Dependent {
  lastName: string;
  firstName: string;
  middleName?: string;
  birthDate: string;
  gender?: 'M' | 'F' | 'U';
}

export interface EligibilityInquiry {
  /** TRN02: our trace, unique per inquiry; the 271 must echo it. */
  traceNumber: string;
  /** TRN03: 10 characters, '1' + EIN or '9' + an id we assign. */
  traceOriginatorId: string;
  /** BHT03 (defaults to the trace number). */
  referenceId?: string;
  payer: Payer;
  provider: Provider;
  subscriber: Subscriber;
  /** The patient when not the subscriber (HL 23 loop). */
  dependent?: Dependent;
  dateOfService: string;
  /** EQ01 service type codes (30 health benefit plan coverage when empty). */
  serviceTypes?: string[];
  /** BHT04/05 (now when unset). */
  createdAt?: Date;
}

/** AAA: the request could not be answered (or only partly), with the reason and what to do next. */
export interface Rejection {
  /** AAA01 Y (request valid, cannot answer) or N (request invalid). */
  validRequest: boolean;
  /** AAA03: 42 unable to respond now, 71 birth date mismatch, 72 invalid member id, 73 invalid name, 75 not found... */
  reasonCode: string;
  /** AAA04: C correct and resubmit, N no resubmission, R resubmission allowed, P resubmit original... */
  followUpCode?: string;
  /** The reason in words (from our table; the code is what counts). */
  reason: string;
}

export interface Trace {
  /** TRN01: 1 current transaction trace (ours), 2 referenced (echoed by the payer). */
  type: string;
  number: string;
  originatorId: string;
  originatorSupplementalId?: string;
}

export interface DateRef {
  /** DTP01: 291 plan, 307 eligibility, 346 plan begin, 347 plan end, 356 eligibility begin, 357 eligibility end... */
  qualifier: string;
  from: string;
  /** Set for RD8 ranges. */
  to?: string;
}

export interface RelatedEntity {
  /** NM101: P3 primary care provider, PR payer, 1P provider... */
  role: string;
  name: string;
  firstName?: string;
  idQualifier?: string;
  id?: string;
}

export interface Benefit {
  /** EB01: 1 active, 6 inactive, A coinsurance, B copay, C deductible, G out of pocket, L primary care provider... */
  info: string;
  /** EB02: IND, FAM, EMP, CHD... */
  coverageLevel?: string;
  /** EB03 (repeatable). */
  serviceTypes: string[];
  /** EB04: PR PPO, HM HMO, MA/MB Medicare part A/B, C1 commercial... */
  insuranceType?: string;
  /** EB05. */
  planName?: string;
  /** EB06: 23 calendar year, 29 remaining, 27 visit, 22 service year... */
  timePeriod?: string;
  /** EB07 in cents. */
  amountCents?: number;
  /** EB08 as a fraction. */
  percent?: number;
  /** EB09/EB10. */
  quantityQualifier?: string;
  quantity?: number;
  /** EB11: Y authorization or certification required, N not required, U unknown. */
  authorizationRequired?: boolean;
  /** EB12: Y in network, N out of network, W not applicable, U unknown. */
  inNetwork?: 'Y' | 'N' | 'W' | 'U';
  dates: DateRef[];
  messages: string[];
  relatedEntities: RelatedEntity[];
  rejections: Rejection[];
}

/** The subscriber or dependent as the payer returned them. */
export interface Member {
  memberId?: string;
  lastName?: string;
  firstName?: string;
  middleName?: string;
  birthDate?: string;
  gender?: string;
  groupNumber?: string;
  traces: Trace[];
  rejections: Rejection[];
  dates: DateRef[];
  benefits: Benefit[];
}

export interface EligibilityResponse {
  /** ST02 as received (set by the parser). */
  controlNumber?: string;
  /** BHT03 (the inquiry's reference echoed). */
  referenceId: string;
  payer: { name?: string; id?: string; rejections: Rejection[] };
  provider: { role?: string; name?: string; firstName?: string; npi?: string; rejections: Rejection[] };
  subscriber: Member;
  /** Present when the payer answered for a dependent (HL 23). */
  dependent?: Member;
}
