/*
 * Procedure codes of a professional claim (837P SV101): HCPCS Level II, CPT and the placeholders
 * that stand in for CPT in demo data and tests, plus the modifiers that go with them.
 *
 * - HCPCS Level II is public (CMS). No package registry this project reaches ships the CMS
 *   Level II file, so a small subset is shipped here as a table (HCPCS_LEVEL_II_SUBSET) with its
 *   source named; a full file is loaded the same way CPT is (billing's importer).
 * - CPT is licensed by the AMA: never shipped. A clinic with a licence loads its file through
 *   billing's `POST /fee-schedule/cpt-import`; until then demo data and tests use placeholders.
 */

/**
 * A placeholder procedure code: `X` and four digits (X9213). `X` is neither a HCPCS Level II
 * letter (A-V) nor a CPT shape (four digits and a digit, F, T or U), so a placeholder can never be
 * mistaken for, or collide with, a real code. Everything that carries one says `placeholder: true`;
 * a placeholder is never a code to bill a payer with. (The insurance price list used the same
 * convention first.)
 */
export const PLACEHOLDER_PROCEDURE_CODE = /^X[0-9]{4}$/;
/** HCPCS Level II: a letter A-V and four digits. */
export const HCPCS_LEVEL_II_CODE = /^[A-V][0-9]{4}$/;
/** CPT: four digits and a digit (category I), F (category II), T (category III) or U (PLA). */
export const CPT_CODE = /^[0-9]{4}[0-9FTU]$/;

export type ProcedureCodeSystem = 'HCPCS' | 'CPT';

/** Whether a code is a placeholder (the demo's stand-in for a CPT code). */
export const isPlaceholderProcedureCode = (code: string): boolean => PLACEHOLDER_PROCEDURE_CODE.test(code);

/** The system a code's shape belongs to; placeholders count as CPT (what they stand in for); null: neither. */
export function procedureCodeSystem(code: string): ProcedureCodeSystem | null {
  if (HCPCS_LEVEL_II_CODE.test(code)) return 'HCPCS';
  if (CPT_CODE.test(code) || PLACEHOLDER_PROCEDURE_CODE.test(code)) return 'CPT';
  return null;
}

/** Upper case, no spaces: how codes are stored and compared. */
export const normalizeProcedureCode = (raw: string): string => raw.trim().toUpperCase();

/** One code of the HCPCS Level II subset shipped here. */
export interface HcpcsLevelIIEntry {
  code: string;
  /** A short description (our wording of the CMS short descriptor). */
  description: string;
  /** First day the code may be billed, where recorded here (the CMS file's add date); absent: not recorded. */
  effectiveFrom?: string;
  /** Last day the code may be billed (deleted codes), YYYY-MM-DD. */
  effectiveTo?: string;
}

/** Where the shipped subset comes from. */
export const HCPCS_LEVEL_II_SOURCE = 'CMS HCPCS Level II quarterly file (public domain), a hand-picked subset for primary care; not the whole code set';

/**
 * A subset of HCPCS Level II (see HCPCS_LEVEL_II_SOURCE): preventive visits (G0438/G0439/G0402),
 * vaccine administration, common office injections (J-codes), urgent care's global fee, a few
 * supplies and durable equipment, and one deleted code (G0202, replaced by a CPT code in 2018) so
 * "not valid on the date of service" has a real example.
 */
export const HCPCS_LEVEL_II_SUBSET: readonly HcpcsLevelIIEntry[] = [
  { code: 'G0402', description: 'Initial preventive physical examination (Welcome to Medicare visit)' },
  { code: 'G0438', description: 'Annual wellness visit, initial, with a personalized prevention plan', effectiveFrom: '2011-01-01' },
  { code: 'G0439', description: 'Annual wellness visit, subsequent, with a personalized prevention plan', effectiveFrom: '2011-01-01' },
  { code: 'G2211', description: 'Visit complexity add-on for an office or outpatient evaluation and management visit', effectiveFrom: '2021-01-01' },
  { code: 'G0008', description: 'Administration of influenza virus vaccine' },
  { code: 'G0009', description: 'Administration of pneumococcal vaccine' },
  { code: 'G0442', description: 'Annual alcohol misuse screening, 15 minutes' },
  { code: 'G0444', description: 'Annual depression screening, up to 15 minutes' },
  { code: 'G0202', description: 'Screening mammography, digital, bilateral (deleted)', effectiveTo: '2017-12-31' },
  { code: 'J0696', description: 'Injection, ceftriaxone sodium, per 250 mg' },
  { code: 'J1100', description: 'Injection, dexamethasone sodium phosphate, 1 mg' },
  { code: 'J1885', description: 'Injection, ketorolac tromethamine, per 15 mg' },
  { code: 'J3420', description: 'Injection, vitamin B-12 cyanocobalamin, up to 1,000 mcg' },
  { code: 'J7030', description: 'Infusion, normal saline solution, 1,000 cc' },
  { code: 'Q0091', description: 'Screening Papanicolaou smear: obtaining, preparing and conveying it to the laboratory' },
  { code: 'S9083', description: 'Global fee, urgent care centers' },
  { code: 'T1015', description: 'Clinic visit or encounter, all-inclusive' },
  { code: 'A4550', description: 'Surgical trays' },
  { code: 'E0114', description: 'Crutches, underarm, other than wood, adjustable or fixed, pair' },
  { code: 'E0260', description: 'Hospital bed, semi-electric, with side rails and mattress' },
  { code: 'L3908', description: 'Wrist hand orthosis, wrist extension control (cock-up), non-molded, prefabricated' },
];

/** Whether a code is billable on a date by its effective dates (both ends inclusive; YYYY-MM-DD compares as text). */
export function inEffectOn(entry: { effectiveFrom?: string; effectiveTo?: string }, date: string): boolean {
  return (!entry.effectiveFrom || entry.effectiveFrom <= date) && (!entry.effectiveTo || date <= entry.effectiveTo);
}

/** A procedure modifier (837P SV101-3..6): two characters. */
export const MODIFIER = /^[A-Z0-9]{2}$/;
/** A service line carries at most four modifiers (SV101-3 to SV101-6). */
export const MAX_MODIFIERS = 4;

/**
 * The modifiers a primary care practice commonly bills (CMS and AMA modifiers; descriptions in our
 * words). A modifier not in this table is refused, so a typo never reaches a payer.
 */
export const PROCEDURE_MODIFIERS: Readonly<Record<string, string>> = {
  '24': 'Unrelated evaluation and management service during a postoperative period',
  '25': 'Significant, separately identifiable evaluation and management service on the day of a procedure',
  '26': 'Professional component',
  '33': 'Preventive service',
  '50': 'Bilateral procedure',
  '51': 'Multiple procedures',
  '52': 'Reduced services',
  '57': 'Decision for surgery',
  '59': 'Distinct procedural service',
  '76': 'Repeat procedure by the same physician',
  '77': 'Repeat procedure by another physician',
  '91': 'Repeat clinical diagnostic laboratory test',
  '93': 'Synchronous telemedicine service by audio only',
  '95': 'Synchronous telemedicine service by real-time audio and video',
  FS: 'Split or shared evaluation and management visit',
  GA: 'Waiver of liability statement issued, as the payer requires',
  GC: 'Service performed in part by a resident under a teaching physician',
  GT: 'Via interactive audio and video telecommunication systems',
  GY: 'Item or service statutorily excluded, or not a benefit',
  GZ: 'Item or service expected to be denied as not reasonable and necessary',
  KX: 'Requirements in the medical policy have been met',
  LT: 'Left side',
  RT: 'Right side',
  QW: 'CLIA-waived test',
  TC: 'Technical component',
  XE: 'Separate encounter',
  XP: 'Separate practitioner',
  XS: 'Separate structure or organ',
  XU: 'Unusual non-overlapping service',
};

/** Pairs that contradict each other on one line. */
const CONTRADICTIONS: Array<[string, string, string]> = [
  ['LT', 'RT', 'LT and RT on one line: bill modifier 50, or one line per side'],
  ['26', 'TC', '26 and TC on one line: that is the global service, bill it without either'],
];

/**
 * Problems with a line's modifiers: at most four, each two characters, known (PROCEDURE_MODIFIERS),
 * not repeated, and no contradicting pair. Empty: valid.
 */
export function modifierProblems(modifiers: readonly string[]): string[] {
  const problems: string[] = [];
  if (modifiers.length > MAX_MODIFIERS) problems.push(`at most ${MAX_MODIFIERS} modifiers on a line (${modifiers.length} given)`);
  const seen = new Set<string>();
  for (const m of modifiers) {
    if (!MODIFIER.test(m)) problems.push(`${JSON.stringify(m)} is not a modifier (two letters or digits)`);
    else if (!PROCEDURE_MODIFIERS[m]) problems.push(`${m} is not a modifier we bill (see GET /fee-schedule/modifiers)`);
    if (seen.has(m)) problems.push(`${m} is given twice`);
    seen.add(m);
  }
  for (const [a, b, message] of CONTRADICTIONS) if (seen.has(a) && seen.has(b)) problems.push(message);
  return problems;
}

/**
 * The first day an ICD-10-CM release is in effect: the CDC's version is the federal fiscal year,
 * which starts on October 1 of the year before ("2026" starts 2025-10-01; the April update of a
 * year is part of it). A date of service before that needs an older release.
 */
export function icd10cmEffectiveFrom(version: string): string | undefined {
  const year = /^(\d{4})$/.exec(version.trim())?.[1];
  return year ? `${Number(year) - 1}-10-01` : undefined;
}
