import { lineServiceDate } from '../scrub-claim';
import { claimWith, claimWithLines, line } from './fixture-claim';
import { daysBetween } from './dates';
import { defineRule, Problem } from './rule';

export const timelyFiling = defineRule({
  id: 'CF-TFL-001',
  version: 1,
  title: "Sent within the payer's timely-filing limit",
  severity: 'error',
  overridable: true,
  category: 'payer',
  description:
    "Each payer accepts a claim only within its limit of days after the date of service (e.g. 90, 180, 365). Counted from each line's date of service to the submission date: one day over is late, the last day is in time. Voids (frequency 8) are not checked. Overridable with a note: a payer may grant an exception (retroactive coverage, its own delay).",
  where: "payer settings → timely filing days; encounter → date of service",
  check(claim) {
    const limit = claim.payer?.timelyFilingDays;
    if (claim.frequency === '8' || typeof limit !== 'number' || !claim.submissionDate) return [];
    const problems: Problem[] = [];
    const dates = new Map<string, string>();
    (claim.lines ?? []).forEach((l, i) => {
      const date = lineServiceDate(claim, l);
      if (date) dates.set(`lines[${i}].serviceDate`, date);
    });
    if (!dates.size && claim.serviceDateFrom) dates.set('serviceDateFrom', claim.serviceDateFrom);
    for (const [path, date] of dates) {
      const days = daysBetween(date, claim.submissionDate);
      if (days > limit) {
        problems.push({ path, message: `Sent ${days} days after the date of service ${date}; payer ${claim.payer.payerId ?? ''} accepts claims for ${limit} days (${days - limit} day${days - limit === 1 ? '' : 's'} late).`, fix: 'Ask the payer for a timely-filing exception (proof of earlier submission or retroactive coverage) and override with a note naming it; otherwise the charge goes to write-off.' });
      }
    }
    return problems;
  },
  fixtures: {
    passes: claimWith((c) => {
      c.submissionDate = '2027-01-31';
    }),
    fails: claimWith((c) => {
      c.submissionDate = '2027-02-01';
    }),
    expected: [{ path: 'lines[0].serviceDate' }, { path: 'lines[1].serviceDate' }],
  },
});

export const priorAuthorizationRequired = defineRule({
  id: 'CF-PA-001',
  version: 1,
  title: 'A prior authorization number when the payer requires one',
  severity: 'error',
  overridable: true,
  category: 'payer',
  description:
    "When the payer (or plan) requires a prior authorization for a procedure code, the claim must carry the authorization number (REF*G1) or it is denied. Overridable with a note (e.g. an emergency, or the payer waived it).",
  where: "encounter header → prior authorization number (from the patient's authorizations)",
  check(claim) {
    if (claim.priorAuthorizationNumber?.trim()) return [];
    const needing = new Set(claim.payer?.priorAuthorizationCodes ?? []);
    const problems: Problem[] = [];
    (claim.lines ?? []).forEach((l, i) => {
      if (l.procedureCode && needing.has(l.procedureCode)) {
        problems.push({ path: `lines[${i}].procedureCode`, message: `Payer ${claim.payer.payerId ?? ''} requires a prior authorization for ${l.procedureCode} (line ${i + 1}) and the claim has no authorization number.`, fix: "Enter the authorization number from the patient's approved authorization; if there is none, request one (retro-authorization) before sending." });
      }
    });
    return problems;
  },
  fixtures: {
    passes: claimWithLines([line('L1', 'SYN10'), line('L2', 'SYN50')], (c) => (c.priorAuthorizationNumber = 'PA-2026-0042')),
    fails: claimWithLines([line('L1', 'SYN10'), line('L2', 'SYN50')]),
    expected: [{ path: 'lines[1].procedureCode' }],
  },
});
