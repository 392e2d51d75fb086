import { lineServiceDate } from '../scrub-claim';
import { claimWith } from './fixture-claim';
import { defineRule, Problem } from './rule';

const modifierKey = (modifiers: string[] | undefined) => [...(modifiers ?? [])].sort().join(',');

export const duplicateClaim = defineRule({
  id: 'CF-DUP-001',
  version: 1,
  title: 'Not a duplicate of an earlier claim',
  severity: 'error',
  overridable: true,
  category: 'duplicates',
  description:
    'An original claim (frequency 1) billing the same patient, date of service, procedure code and modifiers to the same payer as an earlier original claim that was not voided is a duplicate: payers deny it (CARC 18). A correction is sent as a replacement (7) or the earlier claim voided (8); those are never duplicates. Overridable with a note (e.g. the payer asked for a new original).',
  where: 'claims → send a replacement (frequency 7) of the earlier claim instead',
  check(claim) {
    if (claim.frequency !== '1' || !claim.patientId) return [];
    const earlier = (claim.earlierClaims ?? []).filter((e) => e.frequency === '1' && !e.voided && e.claimId !== claim.claimId && e.patientId === claim.patientId && e.payerId === claim.payer?.payerId);
    const problems: Problem[] = [];
    (claim.lines ?? []).forEach((l, i) => {
      const date = lineServiceDate(claim, l);
      const same = earlier.find((e) => e.serviceDate === date && e.procedureCode === l.procedureCode && modifierKey(e.modifiers) === modifierKey(l.modifiers));
      if (same) {
        problems.push({ path: `lines[${i}]`, message: `Line ${i + 1} (${l.procedureCode}${l.modifiers?.length ? `-${l.modifiers.join('-')}` : ''} on ${date}) was already billed to this payer on claim ${same.claimId}.`, fix: `To correct claim ${same.claimId}, send a replacement (frequency 7) of it; to bill a second, distinct service, add the modifier that says so (76, 77, 91).` });
      }
    });
    return problems;
  },
  fixtures: {
    passes: claimWith((c) => {
      c.earlierClaims = [
        { claimId: 'claim-earlier-voided', patientId: 'patient-fixture', serviceDate: '2026-11-02', procedureCode: 'SYN10', modifiers: [], payerId: 'payer-acme', frequency: '1', voided: true },
        { claimId: 'claim-other-day', patientId: 'patient-fixture', serviceDate: '2026-11-01', procedureCode: 'SYN10', modifiers: [], payerId: 'payer-acme', frequency: '1' },
      ];
    }),
    fails: claimWith((c) => {
      c.earlierClaims = [{ claimId: 'claim-earlier', patientId: 'patient-fixture', serviceDate: '2026-11-02', procedureCode: 'SYN10', modifiers: [], payerId: 'payer-acme', frequency: '1' }];
    }),
    expected: [{ path: 'lines[0]' }],
  },
});
