import { lineServiceDate } from '../scrub-claim';
import { claimWith, claimWithLines, line } from './fixture-claim';
import { defineRule, Problem } from './rule';

export const diagnosisPointers = defineRule({
  id: 'CF-DXPTR-001',
  version: 1,
  title: 'Diagnosis pointers point at diagnoses of the claim',
  severity: 'error',
  overridable: false,
  category: 'diagnoses',
  description:
    "Each line's pointers (SV107) name diagnoses of the claim by position, 1 to the number of diagnoses; at most four per line, none twice, the first being the line's primary diagnosis. A pointer to no diagnosis is rejected: the payer cannot tell why the service was done.",
  where: 'encounter lines → diagnosis pointers',
  check(claim) {
    const problems: Problem[] = [];
    const count = claim.diagnoses?.length ?? 0;
    (claim.lines ?? []).forEach((l, i) => {
      const pointers = l.diagnosisPointers ?? [];
      if (pointers.length > 4) problems.push({ path: `lines[${i}].diagnosisPointers`, message: `Line ${i + 1} points at ${pointers.length} diagnoses; a line carries at most four.`, fix: 'Keep the four diagnoses that best support the line, its primary first.' });
      const seen = new Set<number>();
      pointers.forEach((p, k) => {
        const path = `lines[${i}].diagnosisPointers[${k}]`;
        if (!Number.isInteger(p) || p < 1 || p > count) {
          problems.push({ path, message: `Line ${i + 1}'s pointer ${p} points at no diagnosis: the claim has ${count} (${count ? `1 to ${count}` : 'none'}).`, fix: count ? `Point at one of diagnoses 1 to ${count}, or add the missing diagnosis to the encounter.` : "Add the visit's diagnoses, then point the line at them." });
        } else if (seen.has(p)) {
          problems.push({ path, message: `Line ${i + 1} points at diagnosis ${p} twice.`, fix: 'Remove the repeated pointer.' });
        }
        seen.add(p);
      });
    });
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWithLines([line('L1', 'SYN10', { diagnosisPointers: [1, 2] }), line('L2', 'J1100', { units: 4, diagnosisPointers: [3] })]),
    expected: [{ path: 'lines[1].diagnosisPointers[0]' }],
  },
});

export const billableDiagnoses = defineRule({
  id: 'CF-ICD-001',
  version: 1,
  title: 'Diagnoses are billable ICD-10-CM codes',
  severity: 'error',
  overridable: false,
  category: 'diagnoses',
  description:
    "Every diagnosis must be an ICD-10-CM code of the loaded release (the CDC's tabular list) coded to its highest specificity: a category or subcategory with codes below it (E11, S00.00 without its 7th character) is not billable.",
  where: 'encounter → diagnoses (coding tab)',
  check(claim, tables) {
    const problems: Problem[] = [];
    const { label } = tables.icd10cm.release;
    (claim.diagnoses ?? []).forEach((code, i) => {
      const found = tables.icd10cm.check(code);
      if (found.status === 'unknown') problems.push({ path: `diagnoses[${i}]`, message: `${code} is not an ICD-10-CM code of release ${label}.`, fix: 'Look the diagnosis up in the code search and choose a listed code.' });
      else if (found.status === 'not-billable') problems.push({ path: `diagnoses[${i}]`, message: `${code} (${found.entry?.description}) has codes below it: it is not billable.`, fix: `Choose the specific code under ${code} the documentation supports.` });
    });
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWith((c) => {
      c.diagnoses = ['E11', 'Q99.99'];
    }),
    expected: [{ path: 'diagnoses[0]' }, { path: 'diagnoses[1]' }],
  },
});

export const codeSetCoversServiceDate = defineRule({
  id: 'CF-ICD-002',
  version: 1,
  title: 'The loaded ICD-10-CM release applies on the date of service',
  severity: 'warning',
  overridable: true,
  category: 'diagnoses',
  description:
    'Codes are checked against one release of ICD-10-CM (new codes start each October 1 and April 1). A date of service before that release took effect was coded under an earlier release: a code added since would not have been valid then. A warning: most codes do not change.',
  where: 'encounter → diagnoses (coding tab)',
  check(claim, tables) {
    const { label, effectiveFrom } = tables.icd10cm.release;
    const dates = [claim.serviceDateFrom, ...(claim.lines ?? []).map((l) => lineServiceDate(claim, l))].filter((d): d is string => !!d);
    const earliest = dates.sort()[0];
    if (!earliest || earliest >= effectiveFrom || !claim.diagnoses?.length) return [];
    return [{ path: 'diagnoses', message: `The date of service ${earliest} is before ICD-10-CM release ${label} took effect (${effectiveFrom}); the codes were checked against that later release.`, fix: 'Confirm each code was valid on the date of service (codes new in the release were not).' }];
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWith((c) => {
      c.serviceDateFrom = '2026-03-30';
      c.serviceDateTo = '2026-03-30';
      c.lines.forEach((l) => (l.serviceDate = '2026-03-30'));
      c.submissionDate = '2026-04-10';
    }),
    expected: [{ path: 'diagnoses', severity: 'warning' }],
  },
});

export const excludes1Pairs = defineRule({
  id: 'CF-EX1-001',
  version: 1,
  title: 'No two diagnoses form an ICD-10-CM Excludes1 pair',
  severity: 'error',
  overridable: true,
  category: 'diagnoses',
  description:
    "An Excludes1 note (tabular list) says two conditions cannot occur together, e.g. type 1 and type 2 diabetes. The pairs are read from the notes of the loaded release, inherited from categories. Overridable with a note: the official guidelines allow both codes when the two conditions are unrelated.",
  where: 'encounter → diagnoses (coding tab)',
  check(claim, tables) {
    const problems: Problem[] = [];
    const codes = claim.diagnoses ?? [];
    for (let j = 1; j < codes.length; j += 1) {
      for (let i = 0; i < j; i += 1) {
        const note = tables.icd10cm.excludes1Between(codes[i], codes[j]);
        if (note) {
          problems.push({ path: `diagnoses[${j}]`, message: `${codes[j]} and ${codes[i]} may not be coded together: Excludes1 note on ${note.on}, "${note.note}".`, fix: `Keep the one the documentation supports and remove the other; if the two conditions are unrelated, override with a note saying so.` });
          break;
        }
      }
    }
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWith((c) => {
      c.diagnoses = ['E11.9', 'I10', 'E10.9'];
    }),
    expected: [{ path: 'diagnoses[2]' }],
  },
});
