import { icd10cmEffectiveFrom, Icd10CmCodeSet, inEffectOn, modifierProblems, normalizeIcd10Code, normalizeProcedureCode } from '@clinic-flow/code-sets';
import type { EncounterStatus } from '@clinic-flow/contracts';
import type { FieldError } from '@clinic-flow/platform';
import { feeOn } from '../fee-schedule/fee-schedule.rules';
import type { ChargeLineTemplate, FeeRecord } from '../fee-schedule/fee-schedule.schema';
import type { EncounterDiagnosis, EncounterLine } from './encounters.schema';

/** What rules need to know of a procedure code (the shipped HCPCS subset or the store). */
export interface CodeFacts {
  code: string;
  system: 'HCPCS' | 'CPT';
  description: string;
  placeholder: boolean;
  effectiveFrom?: string;
  effectiveTo?: string;
}

/** Diagnoses a claim may carry (HI segment: up to 12). */
export const MAX_DIAGNOSES = 12;
/** Pointers a line may carry (SV107: up to 4). */
export const MAX_POINTERS = 4;
export const MAX_UNITS = 999;
/** The most one line may charge: $100,000.00. */
export const MAX_LINE_CENTS = 10_000_000;

/**
 * Checks an encounter's diagnoses against the ICD-10-CM code set patient-records validates the
 * problem list with (libs/code-sets): each code exists, is billable (nothing coded below it), is
 * given once, and the loaded release is in effect on the date of service. Codes come back
 * normalized (E119 -> E11.9) with their descriptions.
 */
export function checkDiagnoses(raw: string[], dateOfService: string, codeSet: Icd10CmCodeSet): { diagnoses: EncounterDiagnosis[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const diagnoses: EncounterDiagnosis[] = [];
  const from = icd10cmEffectiveFrom(codeSet.info.version);
  if (from && dateOfService < from) {
    errors.push({ field: 'codes', messages: [`the ICD-10-CM release loaded (${codeSet.info.version}) is in effect from ${from}; a visit on ${dateOfService} is coded with the release of its date, which is not loaded`] });
  }
  if (raw.length > MAX_DIAGNOSES) errors.push({ field: 'codes', messages: [`at most ${MAX_DIAGNOSES} diagnoses on a claim (${raw.length} given)`] });
  const seen = new Set<string>();
  raw.forEach((given, i) => {
    const code = normalizeIcd10Code(given);
    const check = codeSet.check(code);
    const field = `codes[${i}]`;
    if (check.status === 'unknown') return void errors.push({ field, messages: [`${given} is not an ICD-10-CM code (release ${codeSet.info.version})`] });
    if (check.status === 'not-billable') {
      const below = codeSet.search({ prefix: check.entry.code, billableOnly: true, limit: 3 }).map((e) => e.code);
      return void errors.push({ field, messages: [`${check.entry.code} (${check.entry.description}) is a category, not billable: code it more specifically${below.length ? `, e.g. ${below.join(', ')}` : ''}`] });
    }
    if (seen.has(check.entry.code)) return void errors.push({ field, messages: [`${check.entry.code} is given twice`] });
    seen.add(check.entry.code);
    diagnoses.push({ code: check.entry.code, description: check.entry.description });
  });
  return { diagnoses, errors };
}

/** Problems of lines whose pointers would point at no diagnosis once there are `count` diagnoses. */
export function danglingPointers(lines: Pick<EncounterLine, 'diagnosisPointers'>[], count: number): string[] {
  return lines.flatMap((l, i) => l.diagnosisPointers.filter((p) => p > count).map((p) => `line ${i + 1} points at diagnosis ${p}, and there ${count === 1 ? 'is 1 diagnosis' : `are ${count} diagnoses`}: change the lines first`));
}

export interface LineRequest {
  code: string;
  modifiers?: string[];
  units: number;
  chargeCents?: number;
  diagnosisPointers: number[];
}

/**
 * Validates and prices coded lines, each problem named by its field (`lines[1].diagnosisPointers`):
 * the code is known and in effect on the date of service, modifiers are valid, units 1-999, a
 * given charge is not negative (absent: units x the fee schedule's price on the date of service,
 * a modifier-specific price first), and 1-4 pointers each to an existing diagnosis, none twice.
 */
export function checkLines(
  requests: LineRequest[],
  ctx: { dateOfService: string; diagnosisCount: number; known: Map<string, CodeFacts>; fees: FeeRecord[] },
): { lines: EncounterLine[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const lines: EncounterLine[] = [];
  requests.forEach((r, i) => {
    const at = (f: string) => `lines[${i}].${f}`;
    const mine: FieldError[] = [];
    const code = normalizeProcedureCode(r.code);
    const facts = ctx.known.get(code);
    if (!facts) mine.push({ field: at('code'), messages: [`${code} is not a procedure code billing knows (HCPCS Level II ships; CPT is loaded with POST /fee-schedule/cpt-import)`] });
    else if (!inEffectOn(facts, ctx.dateOfService)) {
      mine.push({ field: at('code'), messages: [`${code} is not valid on the date of service ${ctx.dateOfService} (in effect ${facts.effectiveFrom ?? 'from the start'} to ${facts.effectiveTo ?? 'now'})`] });
    }
    const modifiers = (r.modifiers ?? []).map((m) => m.trim().toUpperCase());
    const modProblems = modifierProblems(modifiers);
    if (modProblems.length) mine.push({ field: at('modifiers'), messages: modProblems });
    if (!Number.isInteger(r.units) || r.units < 1 || r.units > MAX_UNITS) mine.push({ field: at('units'), messages: [`units must be a whole number from 1 to ${MAX_UNITS}`] });
    let unitChargeCents = 0;
    let chargeCents = 0;
    let chargeSource: EncounterLine['chargeSource'] = 'entered';
    if (r.chargeCents !== undefined) {
      if (r.chargeCents < 0) mine.push({ field: at('chargeCents'), messages: ['a charge cannot be negative (a credit is an adjustment on the account, not a line)'] });
      else if (r.chargeCents > MAX_LINE_CENTS) mine.push({ field: at('chargeCents'), messages: [`a line charges at most ${MAX_LINE_CENTS} cents`] });
      chargeCents = r.chargeCents;
      unitChargeCents = r.units > 0 ? Math.round(r.chargeCents / r.units) : r.chargeCents;
    } else if (facts) {
      const fee = feeOn(ctx.fees, code, modifiers, ctx.dateOfService);
      if (!fee) mine.push({ field: at('chargeCents'), messages: [`the site's fee schedule has no price for ${code} on ${ctx.dateOfService}: enter chargeCents, or add the price to the fee schedule`] });
      else {
        unitChargeCents = fee.chargeCents;
        chargeCents = fee.chargeCents * r.units;
        chargeSource = 'fee-schedule';
      }
    }
    const pointers = r.diagnosisPointers;
    if (pointers.length < 1 || pointers.length > MAX_POINTERS) mine.push({ field: at('diagnosisPointers'), messages: [`a line points at 1 to ${MAX_POINTERS} diagnoses (${pointers.length} given)`] });
    const dangling = pointers.filter((p) => !Number.isInteger(p) || p < 1 || p > ctx.diagnosisCount);
    if (dangling.length) {
      mine.push({ field: at('diagnosisPointers'), messages: dangling.map((p) => `pointer ${p} points at no diagnosis (the encounter has ${ctx.diagnosisCount}${ctx.diagnosisCount ? `: 1-${ctx.diagnosisCount}` : '; set the diagnoses first'})`) });
    }
    if (new Set(pointers).size !== pointers.length) mine.push({ field: at('diagnosisPointers'), messages: ['a diagnosis is pointed at twice'] });
    errors.push(...mine);
    if (!mine.length && facts) {
      lines.push({ code, system: facts.system, description: facts.description, modifiers, units: r.units, unitChargeCents, chargeCents, chargeSource, diagnosisPointers: [...pointers], placeholder: facts.placeholder });
    }
  });
  return { lines, errors };
}

/**
 * A draft's lines from an appointment type's default lines, priced on the date of service. A line
 * without a price stays in, unpriced (charge 0), for the coder to price; no pointers yet.
 */
export function draftLines(templates: ChargeLineTemplate[], ctx: { dateOfService: string; known: Map<string, CodeFacts>; fees: FeeRecord[] }): EncounterLine[] {
  return templates.flatMap((t) => {
    const facts = ctx.known.get(t.code);
    if (!facts) return [];
    const fee = feeOn(ctx.fees, t.code, t.modifiers, ctx.dateOfService);
    return [{
      code: t.code, system: facts.system, description: facts.description, modifiers: [...t.modifiers], units: t.units,
      unitChargeCents: fee?.chargeCents ?? 0, chargeCents: (fee?.chargeCents ?? 0) * t.units, chargeSource: fee ? 'fee-schedule' : 'unpriced',
      diagnosisPointers: [], placeholder: facts.placeholder,
    } satisfies EncounterLine];
  });
}

/** Coded: at least one diagnosis and one line, every line priced and pointing at a diagnosis. */
export function statusAfterCoding(diagnoses: EncounterDiagnosis[], lines: EncounterLine[]): EncounterStatus {
  return diagnoses.length > 0 && lines.length > 0 && lines.every((l) => l.diagnosisPointers.length > 0 && l.chargeSource !== 'unpriced') ? 'coded' : 'draft';
}

/** Why an encounter is not ready to claim (empty: it may be signed off). */
export function notReadyReasons(e: { diagnoses: EncounterDiagnosis[]; lines: EncounterLine[] }): string[] {
  const reasons: string[] = [];
  if (!e.diagnoses.length) reasons.push('it has no diagnosis (PUT /encounters/{id}/diagnoses)');
  if (!e.lines.length) reasons.push('it has no procedure line (PUT /encounters/{id}/lines)');
  e.lines.forEach((l, i) => {
    if (!l.diagnosisPointers.length) reasons.push(`line ${i + 1} (${l.code}) points at no diagnosis`);
    if (l.chargeSource === 'unpriced') reasons.push(`line ${i + 1} (${l.code}) has no charge`);
  });
  reasons.push(...danglingPointers(e.lines, e.diagnoses.length));
  return reasons;
}

export const totalCharge = (lines: Pick<EncounterLine, 'chargeCents'>[]): number => lines.reduce((sum, l) => sum + l.chargeCents, 0);
