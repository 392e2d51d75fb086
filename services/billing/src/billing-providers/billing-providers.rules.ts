import { isValidNpi } from '@clinic-flow/x12';

/** A nine-digit tax id with the dash taken out. */
export const normalizeTin = (tin: string): string => tin.replace(/-/g, '');

/**
 * Problems with a billing identity a claim will carry: the NPI's check digit (a typo is refused
 * here, not by the payer weeks later) and a tax id that cannot be an EIN (00 prefix, all zeros).
 */
export function identityProblems(p: { npi: string; tin?: string }): Array<{ field: string; messages: string[] }> {
  const problems: Array<{ field: string; messages: string[] }> = [];
  if (!isValidNpi(p.npi)) problems.push({ field: 'npi', messages: [`${p.npi} is not a valid NPI: its check digit does not match (Luhn over 80840 and the first nine digits); copy it from NPPES again`] });
  if (p.tin !== undefined) {
    const tin = normalizeTin(p.tin);
    if (!/^\d{9}$/.test(tin) || tin.startsWith('00') || /^0+$/.test(tin)) problems.push({ field: 'tin', messages: [`${p.tin} is not an EIN (nine digits, not starting 00)`] });
  }
  return problems;
}
