/*
 * Code lists of 005010X279A1 that people read on screen. The codes are what the software acts on;
 * the words are for the desk. Lists are partial: an unknown code is shown as the code.
 */

/** AAA03 reject reasons used by 270/271. */
export const REJECT_REASONS: Record<string, string> = {
  '04': 'Authorized quantity exceeded',
  '15': 'Required application data missing',
  '41': 'Authorization/access restrictions',
  '42': 'Unable to respond at current time',
  '43': 'Invalid/missing provider identification',
  '45': 'Invalid/missing provider specialty',
  '47': 'Invalid/missing provider state',
  '48': 'Invalid/missing referring provider identification number',
  '49': 'Provider is not primary care physician',
  '51': 'Provider not on file',
  '52': 'Service dates not within provider plan enrollment',
  '56': 'Inappropriate date',
  '57': 'Invalid/missing date(s) of service',
  '58': 'Invalid/missing date-of-birth',
  '60': 'Date of birth follows date(s) of service',
  '61': 'Date of death precedes date(s) of service',
  '62': 'Date of service not within allowable inquiry period',
  '63': 'Date of service in future',
  '64': 'Invalid/missing patient ID',
  '65': 'Invalid/missing patient name',
  '66': 'Invalid/missing patient gender code',
  '67': 'Patient not found',
  '68': 'Duplicate patient ID number',
  '71': 'Patient birth date does not match that for the patient on the database',
  '72': 'Invalid/missing subscriber/insured ID',
  '73': 'Invalid/missing subscriber/insured name',
  '74': 'Invalid/missing subscriber/insured gender code',
  '75': 'Subscriber/insured not found',
  '76': 'Duplicate subscriber/insured ID number',
  '78': 'Subscriber/insured not in group/plan identified',
  '79': 'Invalid participant identification',
  '80': 'No response received - transaction terminated',
  T4: 'Payer name or identifier missing',
};

/** EB01 eligibility or benefit information. */
export const BENEFIT_INFO: Record<string, string> = {
  '1': 'Active coverage',
  '2': 'Active - full risk capitation',
  '3': 'Active - services capitated',
  '4': 'Active - services capitated to primary care physician',
  '5': 'Active - pending investigation',
  '6': 'Inactive',
  '7': 'Inactive - pending eligibility update',
  '8': 'Inactive - pending investigation',
  A: 'Co-insurance',
  B: 'Co-payment',
  C: 'Deductible',
  CB: 'Coverage basis',
  D: 'Benefit description',
  E: 'Exclusions',
  F: 'Limitations',
  G: 'Out of pocket (stop loss)',
  I: 'Non-covered',
  L: 'Primary care provider',
  MC: 'Managed care coordinator',
  N: 'Services restricted to following provider',
  R: 'Other or additional payor',
  U: 'Contact following entity for eligibility or benefit information',
};

/** EB01 codes that say the coverage is active (1-5) or inactive (6-8). */
export const ACTIVE_INFO = new Set(['1', '2', '3', '4', '5']);
export const INACTIVE_INFO = new Set(['6', '7', '8']);

/** Service type codes (EQ01/EB03) seen most at the front desk. */
export const SERVICE_TYPES: Record<string, string> = {
  '1': 'Medical care',
  '30': 'Health benefit plan coverage',
  '33': 'Chiropractic',
  '35': 'Dental care',
  '47': 'Hospital',
  '48': 'Hospital - inpatient',
  '50': 'Hospital - outpatient',
  '62': 'MRI/CAT scan',
  '73': 'Diagnostic medical',
  '86': 'Emergency services',
  '88': 'Pharmacy',
  '98': 'Professional (physician) visit - office',
  A4: 'Psychiatric',
  AL: 'Vision (optometry)',
  MH: 'Mental health',
  UC: 'Urgent care',
};

/** EB06 time period qualifiers. */
export const TIME_PERIODS: Record<string, string> = {
  '6': 'Hour', '7': 'Day', '21': 'Years', '22': 'Service year', '23': 'Calendar year', '24': 'Year to date',
  '25': 'Contract', '26': 'Episode', '27': 'Visit', '28': 'Outlier', '29': 'Remaining', '30': 'Exceeded',
  '31': 'Not exceeded', '32': 'Lifetime', '33': 'Lifetime remaining', '34': 'Month', '35': 'Week', '36': 'Admission',
};

export const rejectionReason = (code: string): string => REJECT_REASONS[code] ?? `Reject reason ${code}`;

/** A service type code as X12 allows it (1 or 2 characters, letters and digits). */
export const isServiceTypeCode = (code: string): boolean => /^[A-Z0-9]{1,2}$/.test(code);
