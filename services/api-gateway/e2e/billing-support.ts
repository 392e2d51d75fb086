import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { ApiClient, createTestProvider, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { claimStatusReached } from './support';

/*
 * What the billing e2e files share: signed-in staff, a provider of their own with a rendering NPI,
 * an appointment type of their own, placeholder procedure codes, payers, patients with coverages,
 * a visit checked in and out to its draft encounter, coding, and the claim flow's steps (poll the
 * clearinghouse's reports, the simulator's pay cycle, the guarantor's account). Each file calls
 * `billingSetup` once in its beforeAll; files that run the pay cycle also hold `holdClearinghouse()`.
 */

export type ClaimView = {
  id: string; status: string; order: string; frequency: string; payerId: string; totalChargeCents: number;
  lines: Array<{ lineId: string; procedureCode: string; paidCents?: number }>;
  interchangeControlNumber?: string; transactionControlNumber?: string; payerClaimControlNumber?: string;
  secondaryClaimId?: string; primaryClaimId?: string; originalClaimId?: string; correctedByClaimId?: string;
  adjudications: Array<{ remittanceId: string; clpStatus: string; paidCents: number; patientResponsibilityCents: number; contractualCents: number; deniedCents: number }>;
  denials: Array<{ id: string; lineId: string; group: string; reason: string; amountCents: number; open: boolean; outcome?: string; note?: string }>;
  rejection?: { reasons: string[] };
};
export type LedgerEntryView = { id: string; type: string; amountCents: number; bucket: string; claimId?: string; reason?: string; method?: string; reversesEntryId?: string };
export type Balances = { totalCents: number; patientCents: number; insuranceCents: number; creditCents: number };
export type AccountView = { id: string; balances: Balances; entries: LedgerEntryView[] };
export type CodedLine = { code: string; chargeCents: number; units?: number; modifiers?: string[]; diagnosisPointers?: number[] };

export const BILLING_SITE = 'site-downtown';
const SITE_ZONE = 'America/New_York';
const ADDRESS = { line1: '12 Harbor Road', city: 'Springfield', state: 'IL', postalCode: '62704' };
/** A visit's length and the gap to the next one of the same provider. */
const VISIT_MINUTES = 15;
const STEP_MINUTES = 20;

export interface BillingSetupOptions {
  /** Short tag of the file (ids, names): `rc`, `cc`... */
  tag: string;
  /** Placeholder procedure codes (code, descriptor) imported as the licensed CPT file would be. */
  codes: Array<[string, string]>;
  /** The rendering provider's name (NPI 1245319599, a valid demo NPI). */
  rendering?: { firstName: string; lastName: string };
  /** The patients' first name and last-name stem (the last name gets a random tail). */
  patientName?: { firstName: string; lastName: string };
}

export type BillingE2E = Awaited<ReturnType<typeof billingSetup>>;

/** Signs in, creates this file's provider, appointment type and procedure codes; returns the steps of the claim flow. */
export async function billingSetup(options: BillingSetupOptions) {
  const [manager, coder, desk] = await Promise.all([ApiClient.loginAs('office-manager'), ApiClient.loginAs('billing-coder'), ApiClient.loginAs('receptionist')]);
  const run = randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase();
  const tag = options.tag.toLowerCase();
  const provider = await createTestProvider(manager);
  const rendering = options.rendering ?? { firstName: 'Rhea', lastName: 'Billing' };
  const named = await manager.put(`/rendering-providers/${provider.id}`, { ...rendering, npi: '1245319599', taxonomyCode: '207Q00000X' });
  if (named.status !== 200) throw new Error(`rendering provider: ${named.status} ${JSON.stringify(named.body)}`);
  const typeId = `e2e-${tag}-${run.toLowerCase()}`;
  const type = await manager.post('/appointment-types', { id: typeId, name: `Billing visit ${tag}`, durationMinutes: VISIT_MINUTES, providerRoles: ['physician'], telehealth: true, maxHorizonDays: 30 });
  if (type.status !== 201) throw new Error(`appointment type: ${type.status} ${JSON.stringify(type.body)}`);
  const imported = await coder.post('/fee-schedule/cpt-import', {
    source: `e2e ${tag} placeholders (not CPT)`,
    content: `code\tdescriptor\n${options.codes.map(([c, d]) => `${c}\t${d}`).join('\n')}\n`,
  });
  if (imported.status !== 200) throw new Error(`procedure codes: ${imported.status} ${JSON.stringify(imported.body)}`);
  const clearinghouse = () => testInfraEnv().CLEARINGHOUSE_URL;

  // This file's provider sees one visit at a time: each start is STEP_MINUTES after the last (check-in opens 4 hours before).
  let next = 0;
  const startAfter = (minimumMs: number) => {
    const t = new Date(Math.max(next, Date.now() + minimumMs));
    t.setUTCSeconds(0, 0);
    t.setUTCMinutes(t.getUTCMinutes() + 1);
    return t.getTime();
  };
  /** The start of this file's next visit, two minutes or more from now. */
  const nextStart = () => {
    const t = startAfter(120_000);
    next = t + STEP_MINUTES * 60_000;
    return new Date(t).toISOString();
  };
  /** `count` starts in a row on the same date of service (the site's day): moved past midnight there when they would straddle it. */
  const sameDayStarts = (count: number) => {
    let t = startAfter(120_000);
    const day = (ms: number) => DateTime.fromMillis(ms, { zone: SITE_ZONE }).toISODate();
    if (day(t) !== day(t + (count - 1) * STEP_MINUTES * 60_000)) t = DateTime.fromMillis(t, { zone: SITE_ZONE }).plus({ days: 1 }).startOf('day').plus({ minutes: 5 }).toMillis();
    next = t + count * STEP_MINUTES * 60_000;
    return Array.from({ length: count }, (_, i) => new Date(t + i * STEP_MINUTES * 60_000).toISOString());
  };

  /** A payer of this file (its own EDI id) with one plan `<id>-plan`. */
  const payer = async (kind: string, overrides: Record<string, unknown> = {}) => {
    const id = `e2e-${tag}-${kind}-${run.toLowerCase()}`;
    const body = {
      id, name: `${options.tag.toUpperCase()} ${kind} ${run}`, ediPayerId: `${kind.slice(0, 1).toUpperCase()}${run.slice(0, 5)}`, receiverId: 'CLEARHOUSE', claimFilingIndicator: kind === 'medicare' ? 'MB' : '12',
      timelyFilingDays: 180, blockWithoutAuthorization: false, rules: [], plans: [{ id: `${id}-plan`, name: `${kind} plan`, kind, rules: [] }], ...overrides,
    };
    const res = await coder.post('/payers', body);
    if (res.status !== 201) throw new Error(`payer: ${res.status} ${JSON.stringify(res.body)}`);
    return body as typeof body & { id: string; name: string };
  };

  /** A unique member id with the simulator's scenario prefix (PPO, MCR, PAU, LAT...). */
  let members = 0;
  const memberId = (prefix: string, suffix = '') => `${prefix}${(Date.now() + members++ * 7) % 1e9}${suffix}`;

  /** A new patient (address and sex, as a claim needs) with coverages in this order. */
  const patient = async (coverages: Array<{ payerId: string; order: 'primary' | 'secondary'; memberId: string }> = []) => {
    const name = options.patientName ?? { firstName: 'Ondine', lastName: 'Billing' };
    const res = await desk.post('/patients', {
      firstName: name.firstName, lastName: `${name.lastName}-${randomUUID().replace(/-/g, '').slice(0, 12)}`, dateOfBirth: '1975-03-09', sexAtBirth: 'female',
      email: `${tag}-${randomUUID().slice(0, 8)}@example.com`, phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, preferredChannel: 'email', address: ADDRESS,
    });
    if (res.status !== 201) throw new Error(`patient: ${res.status} ${JSON.stringify(res.body)}`);
    const coverageIds: string[] = [];
    for (const c of coverages) {
      const added = await desk.post(`/patients/${res.body.id}/coverages`, { payerId: c.payerId, planId: `${c.payerId}-plan`, order: c.order, relationship: 'self', memberId: c.memberId, effectiveDate: '2026-01-01' });
      if (added.status !== 201) throw new Error(`coverage: ${added.status} ${JSON.stringify(added.body)}`);
      coverageIds.push(added.body.id);
    }
    return { id: res.body.id as string, lastName: res.body.lastName as string, coverageIds };
  };

  /** Books, checks in (with a card copay when asked), checks out; the draft encounter's id once billing made it. */
  const visit = async (patientId: string, options: { copayCents?: number; start?: string } = {}) => {
    const booked = await desk.post('/appointments', { patientId, providerId: provider.id, siteId: BILLING_SITE, appointmentTypeId: typeId, start: options.start ?? nextStart(), reason: 'Sore throat' });
    if (booked.status !== 201) throw new Error(`booking: ${booked.status} ${JSON.stringify(booked.body)}`);
    const appointmentId = booked.body.id as string;
    const checkedIn = await desk.post(`/appointments/${appointmentId}/check-in`);
    if (checkedIn.status !== 200) throw new Error(`check-in: ${checkedIn.status} ${JSON.stringify(checkedIn.body)}`);
    if (options.copayCents) {
      const key = `${tag}-${randomUUID()}`;
      const copay = await waitFor(async () => {
        const r = await desk.post(`/visits/${appointmentId}/copay`, { method: 'card', cardToken: 'tok_approved', amountCents: options.copayCents }).set('idempotency-key', key);
        return r.status === 404 && r.body.code === 'APPOINTMENT.NOT_FOUND' ? undefined : r;
      }, { what: 'the visit known to billing' });
      if (copay.status !== 200 || copay.body.amountCents !== options.copayCents) throw new Error(`copay: ${copay.status} ${JSON.stringify(copay.body)}`);
    }
    const checkedOut = await desk.post(`/appointments/${appointmentId}/check-out`);
    if (checkedOut.status !== 200) throw new Error(`check-out: ${checkedOut.status} ${JSON.stringify(checkedOut.body)}`);
    const encounter = await waitFor(async () => ((await coder.get(`/encounters?siteId=${BILLING_SITE}&status=draft`)).body.items as Array<{ id: string; appointmentId: string }>).find((e) => e.appointmentId === appointmentId), { what: 'the draft encounter' });
    return encounter.id;
  };

  /** Codes an encounter (every line points at the first diagnosis unless it says) and signs it off. */
  const code = async (encounterId: string, diagnoses: string[], lines: CodedLine[]) => {
    const dx = await coder.put(`/encounters/${encounterId}/diagnoses`, { codes: diagnoses });
    if (dx.status !== 200) throw new Error(`diagnoses: ${dx.status} ${JSON.stringify(dx.body)}`);
    const coded = await coder.put(`/encounters/${encounterId}/lines`, {
      lines: lines.map((l) => ({ code: l.code, units: l.units ?? 1, chargeCents: l.chargeCents, diagnosisPointers: l.diagnosisPointers ?? [1], ...(l.modifiers ? { modifiers: l.modifiers } : {}) })),
    });
    if (coded.status !== 200) throw new Error(`lines: ${coded.status} ${JSON.stringify(coded.body)}`);
    const ready = await coder.post(`/encounters/${encounterId}/ready`);
    if (ready.status !== 200) throw new Error(`ready: ${ready.status} ${JSON.stringify(ready.body)}`);
  };

  /** A visit checked out and coded: the encounter's id. */
  const codedVisit = async (patientId: string, diagnoses: string[], lines: CodedLine[], options: { copayCents?: number; start?: string } = {}) => {
    const encounterId = await visit(patientId, options);
    await code(encounterId, diagnoses, lines);
    return encounterId;
  };

  const poll = async () => {
    const res = await coder.post('/clearinghouse/poll');
    if (res.status !== 200) throw new Error(`poll: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { reports: number; acknowledgments: number; remittances: Array<{ id: string; status: string; claims: Array<{ claimId: string; matched: boolean }> }> };
  };
  const claim = async (id: string) => (await coder.get(`/claims/${id}`)).body as ClaimView;
  /** Polls until the claim reaches one of the statuses (another file's poll or pay cycle may have moved it on: see claimStatusReached). */
  const pollUntil = (id: string, statuses: string[]) => waitFor(async () => {
    await poll();
    const c = await claim(id);
    return claimStatusReached(statuses, c.status) ? c : undefined;
  }, { what: `claim ${id} ${statuses.join('/')}` });
  /** The simulator's pay cycle: every accepted claim priced, 835s queued. */
  const payCycle = async () => {
    const res = await fetch(`${clearinghouse()}/x12/pay-cycle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (res.status !== 200) throw new Error(`pay cycle: ${res.status} ${await res.text()}`);
    return (await res.json()) as { remittances: Array<{ payerId: string; traceNumber: string; paymentCents: number; method: string; claims: number }> };
  };
  /** The guarantor's account (opened on first call). */
  const account = async (patientId: string) => {
    const res = await desk.post(`/patients/${patientId}/account`, {});
    if (res.status !== 200) throw new Error(`account: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as AccountView;
  };
  const balances = async (patientId: string) => (await account(patientId)).balances;

  return {
    manager, coder, desk, provider, typeId, run, clearinghouse,
    nextStart, sameDayStarts, payer, memberId, patient, visit, code, codedVisit, poll, claim, pollUntil, payCycle, account, balances,
  };
}
