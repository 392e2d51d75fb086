import { KNOWN_MODIFIERS } from '../tables/modifiers';
import { claimWith, claimWithLines, line } from './fixture-claim';
import { defineRule, Problem } from './rule';

const money = (cents: number) => `${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`;

export const totalEqualsLines = defineRule({
  id: 'CF-TOT-001',
  version: 1,
  title: 'The claim total equals the sum of its lines',
  severity: 'error',
  overridable: false,
  category: 'charges',
  description: 'CLM02 must equal the sum of the lines\' charges (SV102); a claim that does not add up is rejected by the clearinghouse.',
  where: 'encounter → lines (charges); the total is recomputed when the encounter is saved',
  check(claim) {
    const sum = (claim.lines ?? []).reduce((total, l) => total + (l.chargeCents ?? 0), 0);
    return claim.totalChargeCents === sum
      ? []
      : [{ path: 'totalChargeCents', message: `The claim total ${money(claim.totalChargeCents)} is not the sum of its lines ${money(sum)}.`, fix: 'Save the encounter again so the total is recomputed from its lines; if a line is missing, add it.' }];
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWith((c) => {
      c.totalChargeCents = 17500;
    }),
    expected: [{ path: 'totalChargeCents' }],
  },
});

export const positiveCharges = defineRule({
  id: 'CF-CHG-001',
  version: 1,
  title: 'Every line charges more than zero',
  severity: 'error',
  overridable: false,
  category: 'charges',
  description: 'A line\'s charge is what we bill, never a discount or a refund: zero or negative charges are rejected. Discounts and write-offs go on the patient\'s account as adjustments.',
  where: 'encounter lines → charge',
  check(claim) {
    const problems: Problem[] = [];
    (claim.lines ?? []).forEach((l, i) => {
      if (typeof l.chargeCents === 'number' && l.chargeCents <= 0) {
        problems.push({ path: `lines[${i}].chargeCents`, message: `Line ${i + 1} (${l.procedureCode ?? 'no code'}) charges ${money(l.chargeCents)}: a charge must be above zero.`, fix: "Enter the fee schedule's price; record a discount as an adjustment on the patient's account instead." });
      }
    });
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWithLines([line('L1', 'SYN10', { chargeCents: 15000 }), line('L2', 'J1100', { chargeCents: -500, units: 4 })]),
    expected: [{ path: 'lines[1].chargeCents' }],
  },
});

export const positiveIntegerUnits = defineRule({
  id: 'CF-UNT-001',
  version: 1,
  title: 'Units are positive whole numbers',
  severity: 'error',
  overridable: false,
  category: 'charges',
  description: 'Units of service (SV104) count services, doses or minutes blocks: a whole number of at least 1. Fractions are billed by choosing the code whose unit fits.',
  where: 'encounter lines → units',
  check(claim) {
    const problems: Problem[] = [];
    (claim.lines ?? []).forEach((l, i) => {
      if (typeof l.units === 'number' && (!Number.isInteger(l.units) || l.units < 1)) {
        problems.push({ path: `lines[${i}].units`, message: `Line ${i + 1} (${l.procedureCode ?? 'no code'}) has ${l.units} units: units must be a whole number of at least 1.`, fix: 'Enter whole units; for a drug, round to the code\'s billing unit as its description says.' });
      }
    });
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWithLines([line('L1', 'SYN10'), line('L2', 'J1100', { units: 1.5 }), line('L3', 'G0008', { units: 0 })]),
    expected: [{ path: 'lines[1].units' }, { path: 'lines[2].units' }],
  },
});

export const modifierValidity = defineRule({
  id: 'CF-MOD-001',
  version: 1,
  title: 'Modifiers are known two-character codes, at most four per line',
  severity: 'error',
  overridable: false,
  category: 'charges',
  description: 'A modifier is two characters (CPT numeric or HCPCS Level II letters) from the known set; a line carries at most four (SV101-3 to SV101-6) and none twice.',
  where: 'encounter lines → modifiers',
  check(claim) {
    const problems: Problem[] = [];
    (claim.lines ?? []).forEach((l, i) => {
      const modifiers = l.modifiers ?? [];
      if (modifiers.length > 4) problems.push({ path: `lines[${i}].modifiers`, message: `Line ${i + 1} has ${modifiers.length} modifiers; an 837P line carries at most four.`, fix: 'Keep the four modifiers that change payment first; drop informational ones.' });
      const seen = new Set<string>();
      modifiers.forEach((m, k) => {
        const path = `lines[${i}].modifiers[${k}]`;
        if (!/^[A-Z0-9]{2}$/.test(m)) problems.push({ path, message: `Line ${i + 1}'s modifier "${m}" is not two letters or digits.`, fix: 'Enter the modifier as two characters, e.g. 25 or RT.' });
        else if (!KNOWN_MODIFIERS.has(m)) problems.push({ path, message: `Line ${i + 1}'s modifier ${m} is not a known modifier.`, fix: 'Check the modifier for a typo; choose it from the list.' });
        else if (seen.has(m)) problems.push({ path, message: `Line ${i + 1} carries modifier ${m} twice.`, fix: 'Remove the repeated modifier.' });
        seen.add(m);
      });
    });
    return problems;
  },
  fixtures: {
    passes: claimWithLines([line('L1', 'SYN10', { modifiers: ['25'] }), line('L2', 'SYN11', { modifiers: ['59', 'RT'] })]),
    fails: claimWithLines([line('L1', 'SYN10', { modifiers: ['2'] }), line('L2', 'SYN11', { modifiers: ['ZQ'] })]),
    expected: [{ path: 'lines[0].modifiers[0]' }, { path: 'lines[1].modifiers[0]' }],
  },
});
