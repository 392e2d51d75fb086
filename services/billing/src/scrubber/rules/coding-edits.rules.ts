import { lineServiceDate, ScrubClaim, ScrubLine } from '../scrub-claim';
import { NCCI_ASSOCIATED_MODIFIERS } from '../tables/modifiers';
import { claimWith, claimWithLines, line } from './fixture-claim';
import { CodePairEdit, defineRule, MueEntry, Problem, ScrubTables } from './rule';

/** Whether an edit applies on a date of service: effective on or before it, not deleted by then, indicator 0 or 1. */
export const editInForce = (edit: CodePairEdit, date: string) => edit.modifierIndicator !== '9' && edit.effectiveDate <= date && (!edit.deletionDate || date < edit.deletionDate);

interface PairHit {
  column1: { line: ScrubLine; index: number };
  column2: { line: ScrubLine; index: number };
  edit: CodePairEdit;
  date: string;
}

/** Every pair of lines on one date of service that an edit in force names (column 1 first). */
function pairHits(claim: ScrubClaim, tables: ScrubTables): PairHit[] {
  const hits: PairHit[] = [];
  const lines = claim.lines ?? [];
  lines.forEach((a, i) => {
    lines.forEach((b, j) => {
      if (i === j || !a.procedureCode || !b.procedureCode) return;
      const date = lineServiceDate(claim, a);
      if (!date || date !== lineServiceDate(claim, b)) return;
      const edit = tables.codePairs(a.procedureCode, b.procedureCode).find((e) => editInForce(e, date));
      if (edit) hits.push({ column1: { line: a, index: i }, column2: { line: b, index: j }, edit, date });
    });
  });
  return hits;
}

export const codePairsNever = defineRule({
  id: 'CF-PTP-001',
  version: 1,
  title: 'No code pair that may never be billed together (modifier indicator 0)',
  severity: 'error',
  overridable: false,
  category: 'coding-edits',
  description:
    'A procedure-to-procedure edit (NCCI PTP: column 1 / column 2) with modifier indicator 0: the column 2 code is part of the column 1 service on the same day and is never paid with it, whatever the modifier. Edits apply from their effective date until their deletion date.',
  where: 'encounter lines → procedure code (remove the column 2 line)',
  check(claim, tables) {
    return pairHits(claim, tables)
      .filter((h) => h.edit.modifierIndicator === '0')
      .map((h): Problem => ({
        path: `lines[${h.column2.index}].procedureCode`,
        message: `${h.column2.line.procedureCode} (line ${h.column2.index + 1}) may not be billed with ${h.column1.line.procedureCode} (line ${h.column1.index + 1}) on ${h.date}: code-pair edit with modifier indicator 0 (${h.edit.source}).`,
        fix: `Remove line ${h.column2.index + 1}: its service is included in ${h.column1.line.procedureCode}. A modifier does not help.`,
      }));
  },
  fixtures: {
    passes: claimWithLines([line('L1', 'G0438'), line('L2', 'G0439', { serviceDate: '2026-11-03' })], (c) => (c.serviceDateTo = '2026-11-03')),
    fails: claimWithLines([line('L1', 'G0438'), line('L2', 'G0439')]),
    expected: [{ path: 'lines[1].procedureCode' }],
  },
});

export const codePairsNeedModifier = defineRule({
  id: 'CF-PTP-002',
  version: 1,
  title: 'A code pair allowed with a modifier carries one (modifier indicator 1)',
  severity: 'error',
  overridable: true,
  category: 'coding-edits',
  description: `A procedure-to-procedure edit with modifier indicator 1: the two codes are paid together on one day only when a distinct service is shown by an NCCI-associated modifier on either line (${[...NCCI_ASSOCIATED_MODIFIERS].join(', ')}). Overridable with a note when the payer does not follow NCCI.`,
  where: 'encounter lines → modifiers',
  check(claim, tables) {
    return pairHits(claim, tables)
      .filter((h) => h.edit.modifierIndicator === '1')
      .filter((h) => ![...(h.column1.line.modifiers ?? []), ...(h.column2.line.modifiers ?? [])].some((m) => NCCI_ASSOCIATED_MODIFIERS.has(m)))
      .map((h): Problem => ({
        path: `lines[${h.column2.index}].modifiers`,
        message: `${h.column2.line.procedureCode} (line ${h.column2.index + 1}) is bundled into ${h.column1.line.procedureCode} (line ${h.column1.index + 1}) on ${h.date} unless a modifier shows a distinct service (code-pair edit, modifier indicator 1, ${h.edit.source}).`,
        fix: `If the service was distinct (another site, session or encounter), add the modifier that says so (e.g. 59, XS, XE, or 25 on the visit); otherwise remove line ${h.column2.index + 1}.`,
      }));
  },
  fixtures: {
    passes: claimWithLines([line('L1', 'SYN10'), line('L2', 'SYN11', { modifiers: ['XS'] })]),
    fails: claimWithLines([line('L1', 'SYN10'), line('L2', 'SYN11')]),
    expected: [{ path: 'lines[1].modifiers' }],
  },
});

export const unitsPerDay = defineRule({
  id: 'CF-MUE-001',
  version: 1,
  title: 'Units stay within the medically unlikely edit (MUE) per day',
  severity: 'error',
  overridable: true,
  category: 'coding-edits',
  description:
    'The MUE of a code is the most units one patient gets from one provider on one date of service. Adjudication indicator 1 is checked per line; 2 (policy) and 3 (clinical) per day, across lines. Overridable with a note (indicator 3 can be appealed with records; indicator 2 cannot be paid above the limit).',
  where: 'encounter lines → units',
  check(claim, tables) {
    const problems: Problem[] = [];
    const lines = claim.lines ?? [];
    const perDay = new Map<string, { entry: MueEntry; code: string; date: string; units: number; first: number }>();
    lines.forEach((l, i) => {
      if (!l.procedureCode || typeof l.units !== 'number') return;
      const entry = tables.mue(l.procedureCode);
      if (!entry) return;
      if (entry.adjudicationIndicator === '1') {
        if (l.units > entry.value) problems.push({ path: `lines[${i}].units`, message: `Line ${i + 1} bills ${l.units} units of ${l.procedureCode}; its MUE is ${entry.value} per line (indicator 1, ${entry.source}).`, fix: `Bill at most ${entry.value} units on the line; more units on another line need a modifier such as 76 or 91 when the service was repeated.` });
        return;
      }
      const date = lineServiceDate(claim, l) ?? '';
      const key = `${l.procedureCode}|${date}`;
      const day = perDay.get(key) ?? { entry, code: l.procedureCode, date, units: 0, first: i };
      day.units += l.units;
      perDay.set(key, day);
    });
    for (const day of perDay.values()) {
      const { entry } = day;
      if (day.units > entry.value) {
        problems.push({ path: `lines[${day.first}].units`, message: `${day.units} units of ${day.code} on ${day.date}; its MUE is ${entry.value} per day (indicator ${entry.adjudicationIndicator}, ${entry.source}).`, fix: `Bill at most ${entry.value} units of ${day.code} for the day; check the units for a typo${entry.adjudicationIndicator === '3' ? ', or keep the records for an appeal and override with a note' : ''}.` });
      }
    }
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWithLines([line('L1', 'SYN10'), line('L2', 'J1100', { units: 12 }), line('L3', 'J1100', { units: 10 })]),
    expected: [{ path: 'lines[1].units' }],
  },
});
