/*
 * Claim adjustment reason codes (CARC) and remittance advice remark codes (RARC) that billing's
 * denial queue explains: a useful subset of the official lists (maintained by X12 and CMS), each
 * described briefly in our own words. An unknown code is shown as such, never guessed.
 */

/** CARC: why an amount was adjusted (CAS02/05/...). */
export const CARC: Readonly<Record<string, string>> = Object.freeze({
  '1': 'Deductible amount',
  '2': 'Coinsurance amount',
  '3': 'Copayment amount',
  '4': 'The modifier is inconsistent with the procedure code, or a required modifier is missing',
  '5': 'The procedure code or bill type is inconsistent with the place of service',
  '6': "The procedure is inconsistent with the patient's age",
  '15': 'The authorization number is missing, invalid, or does not apply to the service billed',
  '16': 'The claim or service lacks information or has submission or billing errors (see the remark codes)',
  '18': 'Exact duplicate of a claim or service already processed',
  '22': 'This care may be covered by another payer (coordination of benefits)',
  '23': 'The impact of prior payer adjudication, including payments and adjustments',
  '24': 'Charges are covered under a capitation agreement or managed care plan',
  '26': 'Expenses incurred before coverage began',
  '27': 'Expenses incurred after coverage ended',
  '29': 'The time limit for filing has expired',
  '31': 'The patient cannot be identified as our insured',
  '45': 'Charge exceeds the fee schedule or the contracted maximum allowable amount',
  '50': 'Not a medical necessity as determined by the payer',
  '96': 'Non-covered charge(s)',
  '97': 'The benefit for this service is included in the payment for another service already adjudicated (bundled)',
  '109': 'Claim or service not covered by this payer or contractor; send it to the right one',
  '119': 'Benefit maximum for this time period or occurrence has been reached',
  '167': 'This diagnosis is not covered',
  '197': 'Precertification, authorization, notification or pre-treatment is absent',
  '204': "This service, equipment or drug is not covered under the patient's current benefit plan",
  '242': 'Services not provided by network or primary care providers',
  '253': 'Sequestration: reduction of federal payment',
});

/** RARC: remarks that explain an adjustment further (LQ*HE, MOA/MIA). */
export const RARC: Readonly<Record<string, string>> = Object.freeze({
  M15: 'Separately billed services or tests have been bundled: they are considered components of the same procedure',
  M80: 'Not covered when performed during the same session or date as another procedure already paid',
  M86: 'Service denied because payment was already made for the same or a similar procedure within the set time frame',
  N4: 'Missing or incomplete or invalid prior insurance carrier explanation of benefits',
  N20: 'Service not payable with other service rendered on the same date',
  N30: 'Patient ineligible for this service',
  N54: 'Claim information is inconsistent with pre-certified or authorized services',
  N56: 'The procedure code is inconsistent with the provider type or specialty, or the diagnosis does not support it',
  N130: 'Consult the plan benefit documents or guidelines for information about restrictions for this service',
  N211: 'You may not appeal this decision',
  N381: 'Consult our contractual agreement for restrictions and billing or payment information about these charges',
  MA04: 'Secondary payment cannot be considered without the identity of, or payment information from, the primary payer',
  MA18: 'The claim information is also being forwarded to the patient\'s supplemental insurer',
  MA67: 'Correction to a prior claim',
  MA130: 'Your claim contains incomplete or invalid information and no appeal rights are afforded: submit a new claim with the complete, correct information',
});

/** CAS01 group codes. */
export const ADJUSTMENT_GROUPS: Readonly<Record<string, string>> = Object.freeze({
  CO: 'Contractual obligation: the provider writes it off, the patient may not be billed',
  PR: 'Patient responsibility: bill the patient (or the next payer)',
  OA: 'Other adjustment',
  PI: 'Payer-initiated reduction',
});

/** PLB03-1 provider-level adjustment reasons used here. */
export const PROVIDER_ADJUSTMENT_REASONS: Readonly<Record<string, string>> = Object.freeze({
  L6: 'Interest owed to the provider',
  FB: 'Forwarding balance (an amount carried from or to another remittance)',
  WO: 'Overpayment recovery',
  '72': 'Authorized return',
  CS: 'Adjustment',
  J1: 'Nonreimbursable',
});

/** The description of a CARC, or a plain 'unknown code' text. */
export const describeCarc = (code: string) => CARC[code] ?? `Claim adjustment reason code ${code} (not in our table)`;
/** The description of a RARC, or a plain 'unknown code' text. */
export const describeRarc = (code: string) => RARC[code] ?? `Remark code ${code} (not in our table)`;

/** 277CA STC01-1 claim status categories (the ones a 277CA uses). */
export const CLAIM_STATUS_CATEGORIES: Readonly<Record<string, string>> = Object.freeze({
  A0: 'Acknowledgement: forwarded to another entity',
  A1: 'Acknowledgement: received (not yet in adjudication)',
  A2: 'Acknowledgement: accepted into the adjudication system',
  A3: 'Acknowledgement: returned as unprocessable; correct and submit a new claim',
  A4: 'Acknowledgement: not found',
  A5: 'Acknowledgement: split claim',
  A6: 'Acknowledgement: rejected for missing information; correct and submit a new claim',
  A7: 'Acknowledgement: rejected for invalid information; correct and submit a new claim',
  A8: 'Acknowledgement: rejected for relational field in error',
});

/** 277CA STC01-2 claim status codes (a useful subset). */
export const CLAIM_STATUS_CODES: Readonly<Record<string, string>> = Object.freeze({
  '19': 'Entity acknowledges receipt of the claim or encounter',
  '20': 'Accepted for processing',
  '21': 'Missing or invalid information',
  '33': 'Subscriber and subscriber id not found',
  '35': 'Claim or encounter not found',
  '96': 'No agreement with the entity',
  '145': "Entity's primary identifier",
  '164': "Entity's contract or member number",
  '187': 'Date(s) of service',
  '254': 'Principal diagnosis code',
  '255': 'Diagnosis code',
  '454': 'Procedure code for services rendered',
  '562': "Entity's National Provider Identifier (NPI)",
});

/** A 277CA status in words: category, code and the entity it concerns. */
export const describeClaimStatus = (status: { category: string; code: string; entity?: string }) =>
  `${CLAIM_STATUS_CATEGORIES[status.category] ?? `Claim status category ${status.category}`}: ${CLAIM_STATUS_CODES[status.code] ?? `claim status code ${status.code}`}${status.entity ? ` (entity ${status.entity})` : ''}`;
