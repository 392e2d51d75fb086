import type { PutPriceListItemRequest } from '@clinic-flow/contracts';

/** HCPCS Level II: a letter A-V and four digits. */
const HCPCS_LEVEL_II = /^[A-V][0-9]{4}$/;
/** CPT: four digits and a digit, or F (category II) or T (category III) or U (PLA). */
const CPT = /^[0-9]{4}[0-9FTU]$/;

/**
 * Problems with a price: a real code must have its system's shape (a placeholder may be any five
 * characters, and says so), and the self-pay price is not above the standard charge (the fields
 * swapped is the usual slip). Empty: valid.
 */
export function priceProblems(p: Pick<PutPriceListItemRequest, 'serviceCode' | 'codeSystem' | 'placeholder' | 'standardChargeCents' | 'selfPayCents'>): string[] {
  const problems: string[] = [];
  if (!p.placeholder && p.codeSystem === 'HCPCS' && !HCPCS_LEVEL_II.test(p.serviceCode)) problems.push(`${p.serviceCode} is not a HCPCS Level II code (a letter A-V and four digits); mark a stand-in code placeholder: true`);
  if (!p.placeholder && p.codeSystem === 'CPT' && !CPT.test(p.serviceCode)) problems.push(`${p.serviceCode} is not shaped like a CPT code; mark a stand-in code placeholder: true`);
  if (p.selfPayCents > p.standardChargeCents) problems.push('the self-pay price is above the standard charge');
  return problems;
}
