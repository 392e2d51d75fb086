import { lineServiceDate, ScrubClaim } from '../scrub-claim';
import { claimWith } from './fixture-claim';
import { defineRule, Problem } from './rule';

const blank = (v: string | undefined) => !v || !v.trim();

/** Claim-level fields the 837P (005010X222A1) cannot be built without, with where each is entered. */
const CLAIM_FIELDS: Array<{ path: string; get: (c: ScrubClaim) => string | undefined; what: string; fix: string }> = [
  { path: 'subscriber.memberId', get: (c) => c.subscriber?.memberId, what: "the subscriber's member id (loop 2010BA NM109)", fix: "Enter the member id from the insurance card on the patient's coverage." },
  { path: 'subscriber.relationship', get: (c) => c.subscriber?.relationship, what: "the patient's relationship to the subscriber (SBR02 / PAT01)", fix: "Set the relationship (self, spouse, child, other) on the patient's coverage." },
  { path: 'payer.payerId', get: (c) => c.payer?.payerId, what: 'the payer (loop 2010BB)', fix: "Choose the payer on the patient's coverage." },
  { path: 'billingProvider.npi', get: (c) => c.billingProvider?.npi, what: "the billing provider's NPI (loop 2010AA)", fix: "Enter the site's organisation NPI in the site's billing settings." },
  { path: 'billingProvider.taxId', get: (c) => c.billingProvider?.taxId, what: "the billing provider's tax id (REF*EI)", fix: "Enter the site's EIN in the site's billing settings." },
  { path: 'renderingProviderNpi', get: (c) => c.renderingProviderNpi, what: "the rendering provider's NPI (loop 2310B)", fix: "Enter the provider's individual NPI in the provider directory." },
  { path: 'placeOfService', get: (c) => c.placeOfService, what: 'the place of service (CLM05-1)', fix: "Set the place of service (11 office, 02 telehealth...) on the encounter." },
  { path: 'serviceDateFrom', get: (c) => c.serviceDateFrom, what: 'the date of service', fix: 'The encounter has no date of service: open it from its visit.' },
  { path: 'patient.dateOfBirth', get: (c) => c.patient?.dateOfBirth, what: "the patient's date of birth (DMG02)", fix: "Enter the date of birth in the patient's demographics." },
  { path: 'patient.sex', get: (c) => c.patient?.sex, what: "the patient's sex (DMG03)", fix: "Enter the sex in the patient's demographics." },
];

export const requiredClaimFields = defineRule({
  id: 'CF-REQ-001',
  version: 1,
  title: 'Claim-level fields the 837P needs are present',
  severity: 'error',
  overridable: false,
  category: 'required-fields',
  description:
    'A claim without the subscriber member id, payer, billing NPI and tax id, rendering NPI, place of service, date of service, the patient\'s date of birth and sex, at least one diagnosis and at least one line is rejected by the clearinghouse (999) before a payer sees it. The tax id must be the 9 digits of an EIN and the place of service two digits.',
  where: 'encounter header → coverage, provider, place of service; patient demographics',
  check(claim) {
    const problems: Problem[] = [];
    for (const field of CLAIM_FIELDS) {
      if (blank(field.get(claim))) problems.push({ path: field.path, message: `The claim has no ${field.what}.`, fix: field.fix });
    }
    const tin = claim.billingProvider?.taxId?.trim();
    if (tin && !/^\d{9}$/.test(tin.replace(/-/g, ''))) {
      problems.push({ path: 'billingProvider.taxId', message: `The tax id "${tin}" is not 9 digits (an EIN such as 12-3456789).`, fix: "Correct the site's EIN in the site's billing settings." });
    }
    const pos = claim.placeOfService?.trim();
    if (pos && !/^\d{2}$/.test(pos)) {
      problems.push({ path: 'placeOfService', message: `The place of service "${claim.placeOfService}" is not a two-digit CMS code.`, fix: 'Choose a place of service from the list (11 office, 02 telehealth...).' });
    }
    if (!claim.diagnoses?.length) problems.push({ path: 'diagnoses', message: 'The claim has no diagnosis: every claim needs at least one ICD-10-CM code.', fix: "Add the visit's diagnoses on the encounter (coding tab)." });
    if (!claim.lines?.length) problems.push({ path: 'lines', message: 'The claim has no service line.', fix: 'Add at least one procedure line on the encounter.' });
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWith((c) => {
      c.billingProvider.npi = '';
      delete c.subscriber.memberId;
      c.diagnoses = [];
      c.lines = [];
      c.totalChargeCents = 0;
    }),
    expected: [{ path: 'subscriber.memberId' }, { path: 'billingProvider.npi' }, { path: 'diagnoses' }, { path: 'lines' }],
  },
});

export const requiredLineFields = defineRule({
  id: 'CF-REQ-002',
  version: 1,
  title: 'Every service line has its id, code, units, charge, pointer and date',
  severity: 'error',
  overridable: false,
  category: 'required-fields',
  description:
    'Each service line (loop 2400) needs a line id (REF*6R, so the remittance line matches exactly), a procedure code, units, a charge, at least one diagnosis pointer and a date of service (its own or the claim\'s).',
  where: 'encounter lines → code, units, charge, diagnosis pointers',
  check(claim) {
    const problems: Problem[] = [];
    (claim.lines ?? []).forEach((line, i) => {
      const at = `lines[${i}]`;
      if (blank(line.lineId)) problems.push({ path: `${at}.lineId`, message: `Line ${i + 1} has no line id, so its remittance could not be matched.`, fix: 'Save the encounter again: each line gets its id when saved.' });
      if (blank(line.procedureCode)) problems.push({ path: `${at}.procedureCode`, message: `Line ${i + 1} has no procedure code.`, fix: 'Choose the procedure code of the line from the fee schedule.' });
      if (line.units === undefined || line.units === null) problems.push({ path: `${at}.units`, message: `Line ${i + 1} has no units.`, fix: 'Enter the units of the line (1 for most visits).' });
      if (line.chargeCents === undefined || line.chargeCents === null) problems.push({ path: `${at}.chargeCents`, message: `Line ${i + 1} has no charge.`, fix: "Enter the charge (the fee schedule's price is the default)." });
      if (!line.diagnosisPointers?.length) problems.push({ path: `${at}.diagnosisPointers`, message: `Line ${i + 1} points at no diagnosis: every line needs at least one (its primary first).`, fix: 'Tick the diagnoses this line treats, the main one first.' });
      if (blank(lineServiceDate(claim, line))) problems.push({ path: `${at}.serviceDate`, message: `Line ${i + 1} has no date of service, and neither has the claim.`, fix: 'Set the date of service of the encounter.' });
    });
    return problems;
  },
  fixtures: {
    passes: claimWith(() => undefined),
    fails: claimWith((c) => {
      delete c.lines[1].procedureCode;
      c.lines[1].diagnosisPointers = [];
    }),
    expected: [{ path: 'lines[1].procedureCode' }, { path: 'lines[1].diagnosisPointers' }],
  },
});
