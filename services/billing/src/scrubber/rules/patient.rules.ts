import { lineServiceDate } from '../scrub-claim';
import { claimWith } from './fixture-claim';
import { isCalendarDate } from './dates';
import { defineRule, Problem } from './rule';

export const birthBeforeService = defineRule({
  id: 'CF-DOB-001',
  version: 1,
  title: 'The patient was born on or before the date of service',
  severity: 'error',
  overridable: false,
  category: 'patient',
  description: 'A date of service before the date of birth is a typo in one of the two; payers reject it. (A newborn seen on the day of birth passes.)',
  where: 'patient demographics → date of birth; encounter → date of service',
  check(claim) {
    const dob = claim.patient?.dateOfBirth;
    if (!dob) return [];
    if (!isCalendarDate(dob)) return [{ path: 'patient.dateOfBirth', message: `The date of birth ${dob} is not a calendar date.`, fix: "Correct the date of birth in the patient's demographics." }];
    const problems: Problem[] = [];
    const dates = new Map<string, string>();
    if (claim.serviceDateFrom) dates.set('serviceDateFrom', claim.serviceDateFrom);
    (claim.lines ?? []).forEach((line, i) => {
      const date = lineServiceDate(claim, line);
      if (line.serviceDate && date) dates.set(`lines[${i}].serviceDate`, date);
    });
    for (const [path, date] of dates) {
      if (date < dob) problems.push({ path, message: `The date of service ${date} is before the patient's date of birth ${dob}.`, fix: "Check the date of birth in the patient's demographics and the encounter's date of service; correct the wrong one." });
    }
    return problems;
  },
  fixtures: {
    passes: claimWith((c) => {
      c.patient.dateOfBirth = '2026-11-02';
    }),
    fails: claimWith((c) => {
      c.patient.dateOfBirth = '2026-11-03';
      c.lines.forEach((l) => delete l.serviceDate);
    }),
    expected: [{ path: 'serviceDateFrom' }],
  },
});
