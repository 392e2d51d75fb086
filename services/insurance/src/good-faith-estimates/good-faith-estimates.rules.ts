import type { ServiceCodeSystem } from '@clinic-flow/contracts';
import { formatCents } from '../estimates/estimates.rules';

/*
 * A Good Faith Estimate for an uninsured or self-pay patient (No Surprises Act, 45 CFR 149.610):
 * what it must hold, as pure functions — the items priced, the total, and the notices the rule
 * requires. The words are ours; amounts are integer cents.
 */

/** How far above the estimate a bill may go before the patient may dispute it (45 CFR 149.620: "substantially in excess" is $400 or more). */
export const DISPUTE_THRESHOLD_CENTS = 40_000;

/** An item as priced: from the site's price list, or as given by the caller. */
export interface GfeItem {
  serviceCode: string;
  codeSystem: ServiceCodeSystem;
  placeholder: boolean;
  description: string;
  appointmentTypeId?: string;
  quantity: number;
  unitChargeCents: number;
  expectedChargeCents: number;
}

/** One item priced: quantity times the unit's self-pay charge. */
export function priceItem(item: Omit<GfeItem, 'expectedChargeCents'>): GfeItem {
  return { ...item, expectedChargeCents: item.quantity * item.unitChargeCents };
}

export const totalOf = (items: Array<Pick<GfeItem, 'expectedChargeCents'>>): number => items.reduce((sum, i) => sum + i.expectedChargeCents, 0);

/** HCPCS Level II for a letter-and-four-digits code, else CPT (a code of another system is given with its system). */
export const codeSystemOf = (code: string): ServiceCodeSystem => (/^[A-V][0-9]{4}$/.test(code) ? 'HCPCS' : 'CPT');

/**
 * The notices every Good Faith Estimate carries (45 CFR 149.610(c)): that it is an estimate, that
 * other items may be recommended and estimated apart, the right to dispute a bill $400 or more
 * above it and how, to keep a copy, and that it is not a contract.
 */
export function gfeDisclaimers(totalCents: number, selfPayRequested: boolean): string[] {
  return [
    'This Good Faith Estimate shows what we expect to charge for the items and services listed, for a patient who is uninsured or who is not using insurance for them. It is an estimate, based on what is known when it is made: the items, services and charges may differ from it, and complications or special circumstances may cost more.',
    'Other items or services may be recommended as part of your care; they are not included here and would be estimated separately. Items or services from other providers or facilities (such as a laboratory) are not included unless listed.',
    `You have the right to dispute the bill if you are billed $400 or more above this estimate (a total of ${formatCents(totalCents + DISPUTE_THRESHOLD_CENTS)} or more for the listed provider or facility). You may contact us first to ask for an updated bill or a payment plan, or start the federal patient-provider dispute resolution process with the U.S. Department of Health and Human Services within 120 calendar days of the date on the original bill (there is a $25 fee to start it). If you dispute, the provider or facility may not move the bill to collection or charge late fees while it is decided.`,
    'For questions about your right to a Good Faith Estimate or the dispute process, visit www.cms.gov/nosurprises or call 1-800-985-3059.',
    'Keep a copy or a picture of this Good Faith Estimate, and of your bill: you will need them to dispute a bill.',
    'This Good Faith Estimate is not a contract and does not require you to obtain the items or services from any of the providers or facilities listed.',
    ...(selfPayRequested ? ['You have insurance for this date and asked to be treated as self-pay: this visit will not be billed to your insurance.'] : []),
  ];
}
