/*
 * The typed shapes of a health care services review (prior authorization), X12 278 005010X217:
 * the request we send and the payer's response. Dates are ISO (YYYY-MM-DD).
 */
import type { Payer, Provider, Rejection, Trace } from '../eligibility/eligibility.types';

export const X217 = '005010X217';

/** HCR01 action codes the software acts on: certified in total, not certified, pended, modified (others kept as the code). */
export const REVIEW_ACTIONS: Record<string, string> = {
  A1: 'Certified in total',
  A2: 'Certified - partial',
  A3: 'Not certified',
  A4: 'Pended',
  A6: 'Modified',
  C: 'Cancelled',
  CT: 'Contact payer',
  NA: 'No action required',
};

/** One requested service (2000F): a procedure code (SV1 professional) or, with no code, the UM service type alone. */
export interface ReviewService {
  /** SV101-2: HCPCS/CPT procedure code (SV101-1 HC). */
  procedureCode?: string;
  /** HSD01/02 at the service level: VS visits or UN units, and how many. */
  quantity?: number;
  quantityQualifier?: 'VS' | 'UN';
  /** DTP*472 service date range. */
  from?: string;
  to?: string;
}

export interface ReviewRequest {
  /** TRN02 on the patient event level (2000E): our trace, echoed by the response (TRN*2). */
  traceNumber: string;
  /** TRN03: '9' + an id we assign (10 characters). */
  traceOriginatorId: string;
  /** BHT03 (defaults to the trace number). */
  referenceId?: string;
  /** The utilization management organization (payer), NM1*X3. */
  payer: Payer;
  /** The requester (NM1*1P / FA), NPI. */
  requester: Provider;
  /** The subscriber (2010C, NM1*IL); the patient when self. */
  subscriber: { memberId: string; lastName: string; firstName: string; birthDate?: string; gender?: 'M' | 'F' | 'U' };
  /** The patient when not the subscriber (2010D, NM1*QC). */
  dependent?: { lastName: string; firstName: string; birthDate?: string; gender?: 'M' | 'F' | 'U' };
  /** UM03 service type code (e.g. 3 consultation, 1 medical care); default 1. */
  serviceType?: string;
  /** UM04 place of service (facility code, B qualifier); default 11 office. */
  placeOfService?: string;
  /** HI: ICD-10-CM codes, first principal (ABK), the others ABF; written without the dot. */
  diagnosisCodes: string[];
  /** DTP*AAH event date range. */
  from: string;
  to: string;
  /** HSD on the patient event: quantity of visits (or units) asked for. */
  quantity: number;
  quantityQualifier?: 'VS' | 'UN';
  /** The servicing provider (2010EA, NM1*SJ) when known. */
  servicingProvider?: { lastName: string; firstName?: string; npi: string };
  /** 2000F services; none: the review is for the UM service type. */
  services: ReviewService[];
  /** BHT04/05 (now when unset). */
  createdAt?: Date;
}

/** The payer's decision on the patient event (2000E HCR), with what it certified. */
export interface ReviewDecision {
  /** HCR01: A1, A3, A4, A6... */
  action: string;
  /** HCR02 (review identification number) or REF*BB: the authorization number. */
  authorizationNumber?: string;
  /** HCR03: decision reason code (denial or modification reason). */
  reasonCode?: string;
  /** DTP*AAH certified range. */
  from?: string;
  to?: string;
  /** HSD: visits or units certified. */
  quantity?: number;
  quantityQualifier?: string;
  /** MSG text (for the desk; never logged). */
  messages: string[];
}

export interface ReviewResponse {
  /** ST02 as received. */
  controlNumber?: string;
  referenceId: string;
  payer: { name?: string; id?: string; rejections: Rejection[] };
  requester: { name?: string; npi?: string; rejections: Rejection[] };
  subscriber: { memberId?: string; lastName?: string; firstName?: string; rejections: Rejection[] };
  /** The patient event level (2000E): the traces (ours echoed as TRN*2), rejections and the decision. */
  event: { traces: Trace[]; rejections: Rejection[]; serviceType?: string; decision?: ReviewDecision };
  /** Decisions per service (2000F), in order. */
  services: Array<{ procedureCode?: string; decision?: ReviewDecision }>;
}
