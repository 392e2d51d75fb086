/*
 * Modifiers the scrubber knows (two characters each). CPT modifiers are numeric and their meanings
 * are licensed text, so only the codes are listed; HCPCS Level II modifiers are public. A modifier
 * outside this set is a typo or one the payer will not know: CF-MOD-001 says so.
 */

/** Modifiers NCCI accepts to bypass a procedure-to-procedure edit with modifier indicator 1. */
export const NCCI_ASSOCIATED_MODIFIERS: ReadonlySet<string> = new Set([
  // Anatomic
  'E1', 'E2', 'E3', 'E4', 'FA', 'F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9',
  'TA', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'LT', 'RT', 'LC', 'LD', 'RC', 'LM', 'RI',
  // Global surgery
  '24', '25', '57', '58', '78', '79',
  // Other
  '27', '59', '91', 'XE', 'XS', 'XP', 'XU',
]);

export const KNOWN_MODIFIERS: ReadonlySet<string> = new Set([
  ...NCCI_ASSOCIATED_MODIFIERS,
  '22', '23', '26', '32', '33', '47', '50', '51', '52', '53', '54', '55', '56', '62', '63', '66', '73', '74', '76', '77', '80', '81', '82', '90', '92', '93', '95', '96', '97', '99',
  'TC', 'AI', 'AS', 'CR', 'CS', 'FQ', 'FR', 'FS', 'FT', 'GA', 'GC', 'GE', 'GT', 'GV', 'GW', 'GX', 'GY', 'GZ', 'JW', 'JZ', 'KX', 'PO', 'PN', 'Q5', 'Q6', 'QW', 'SA', 'SB', 'SL', 'UB', 'UD', 'HA', 'HB', 'HC', 'AH', 'AJ',
]);
