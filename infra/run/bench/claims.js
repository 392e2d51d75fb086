'use strict';
/*
 * The claim flow through billing (issue 12), end to end against the clearinghouse simulator:
 *   create    POST /claims for N ready encounters (read insurance as the caller, scrub, 837P with a
 *             persistent interchange control number, charges on the ledger, submitted: the 999 back)
 *             at concurrency 1 and 4: claims per second, p50/p99
 *   cycle     the simulator's pay cycle, then POST /clearinghouse/poll until every claim is posted:
 *             277CAs and the 835 of the N claims (one ledger posting per claim)
 *   own835    BENCH_REMIT_CLAIMS (default 1,000) more claims of ours made and submitted (not timed),
 *             then the simulator's pay cycle prices them into ONE 835 and a timed POST
 *             /clearinghouse/poll parses, balances and posts it: one ledger posting per claim on its
 *             guarantor's account (payment, contractual write-off, patient responsibility), the claim
 *             adjudicated with its event: claims posted per second and the total time
 *   remit1000 an 835 of 1,000 claims (libs/x12 exampleClaims(1000), each paid in full) uploaded by
 *             POST /remittances: parse, balance at line/claim/payment level, 1,000 claim look-ups,
 *             recorded (these claims are not ours: each is recorded as unmatched, no ledger posting);
 *             then the same file again (posted once: answered as a duplicate)
 *
 * Set-up (not timed): providers around the clock, a PPO payer, patients with an address and a
 * coverage, visits booked, checked in and out, their encounters coded and signed off.
 *
 * Standalone, against a system already running on $CLINIC_FLOW_TEST_PROFILE (default test):
 *   node infra/run/bench/claims.js
 * Settings: BENCH_CLAIMS (encounters claimed per level, default 20), BENCH_REMIT_CLAIMS (claims in
 * the 835 of our own claims, default 1000; 0 leaves the phase out), BENCH_SETUP_CONCURRENCY (4).
 */
const { randomUUID } = require('node:crypto');
const { performance } = require('node:perf_hooks');
const { loadX12 } = require('../../clearinghouse/ts-require');
const { round1, sleep, summary, standalone, distinctName } = require('./common');

const PER_LEVEL = Number(process.env.BENCH_CLAIMS || 20);
const REMIT_CLAIMS = Number(process.env.BENCH_REMIT_CLAIMS ?? 1000);
const SETUP_CONCURRENCY = Number(process.env.BENCH_SETUP_CONCURRENCY || 4);
const LEVELS = [1, 4];
const SITE = 'site-downtown';
const VISITS_PER_PROVIDER = 4;

async function inPool(count, concurrency, work) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await work(next++);
  }));
}

function client(gatewayUrl, token) {
  const call = async (method, path, body, headers = {}) => {
    const res = await fetch(`${gatewayUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers }, body: body && JSON.stringify(body) });
    return { status: res.status, body: await res.json().catch(() => ({})) };
  };
  const expect = async (status, method, path, body) => {
    const res = await call(method, path, body);
    if (res.status !== status) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 400)}`);
    return res.body;
  };
  return { call, expect };
}

async function run({ gatewayUrl, login, env, log }) {
  const runId = Date.now().toString(36).toUpperCase();
  const [manager, coder, desk] = await Promise.all(['office-manager', 'billing-coder', 'receptionist'].map(async (role) => client(gatewayUrl, await login(role))));
  const total = PER_LEVEL * LEVELS.length;

  // Fixtures.
  const typeId = `bench-claims-${runId.toLowerCase()}`;
  await manager.expect(201, 'POST', '/appointment-types', { id: typeId, name: 'Claims bench visit', durationMinutes: 15, providerRoles: ['physician'], telehealth: true, maxHorizonDays: 30 });
  await coder.expect(200, 'POST', '/fee-schedule/cpt-import', { source: 'bench placeholders (not CPT)', content: 'code\tdescriptor\nX9213\tOffice visit, established (placeholder)\nX3641\tBlood draw (placeholder)\n' });
  const payerId = `bench-claims-${runId.toLowerCase()}`;
  await coder.expect(201, 'POST', '/payers', {
    id: payerId, name: `Bench PPO ${runId}`, ediPayerId: `B${runId.slice(-5)}`, receiverId: 'CLEARHOUSE', claimFilingIndicator: '12', timelyFilingDays: 180, blockWithoutAuthorization: false,
    rules: [], plans: [{ id: `${payerId}-plan`, name: 'PPO', kind: 'ppo', rules: [] }],
  });
  const sessions = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  const providers = [];
  // Each provider sees one visit every 20 minutes from now; check-in opens 4 hours before a start.
  const providerCount = Math.max(Math.ceil(total / VISITS_PER_PROVIDER), Math.ceil(REMIT_CLAIMS / 10));
  await inPool(providerCount, SETUP_CONCURRENCY, async (i) => {
    const id = `bench-claims-${runId.toLowerCase()}-${i + 1}`;
    await manager.expect(201, 'POST', '/providers', { id, name: `Dr. Claims ${i + 1}`, role: 'physician', specialty: 'Benchmark', siteIds: [SITE] });
    await manager.expect(200, 'PUT', `/providers/${id}/availability/${SITE}`, { sessions });
    await manager.expect(200, 'PUT', `/rendering-providers/${id}`, { firstName: 'Claims', lastName: `Bench${i + 1}`, npi: '1245319599', taxonomyCode: '207Q00000X' });
    providers[i] = id;
  });
  let visits = 0;
  /** `count` ready encounters: a patient with a PPO coverage each, booked, checked in and out, coded and signed off. */
  const readyEncounters = async (count) => {
    const out = [];
    const base = Date.now() + 3 * 60_000;
    await inPool(count, SETUP_CONCURRENCY, async (k) => {
      const i = visits++;
      const patient = await desk.expect(201, 'POST', '/patients', {
        firstName: 'Bench', lastName: distinctName(i, `clm${runId}`), dateOfBirth: '1970-02-03', sexAtBirth: 'male', email: `bench-claims-${runId}-${i}@example.com`, preferredChannel: 'email',
        address: { line1: '1 Bench Way', city: 'Springfield', state: 'IL', postalCode: '62704' },
      });
      await desk.expect(201, 'POST', `/patients/${patient.id}/coverages`, { payerId, planId: `${payerId}-plan`, order: 'primary', relationship: 'self', memberId: `PPO${runId}${i}`, effectiveDate: '2026-01-01' });
      const start = new Date(base + Math.floor(k / providers.length) * 20 * 60_000);
      start.setUTCSeconds(0, 0);
      const booked = await desk.expect(201, 'POST', '/appointments', { patientId: patient.id, providerId: providers[k % providers.length], siteId: SITE, appointmentTypeId: typeId, start: start.toISOString(), reason: 'Bench' });
      await desk.expect(200, 'POST', `/appointments/${booked.id}/check-in`);
      await desk.expect(200, 'POST', `/appointments/${booked.id}/check-out`);
      const id = `enc-${booked.id}`;
      for (let tries = 0; ; tries++) {
        const res = await coder.call('PUT', `/encounters/${id}/diagnoses`, { codes: ['J02.9'] });
        if (res.status === 200) break;
        if (tries > 100) throw new Error(`encounter ${id} never drafted: ${res.status}`);
        await sleep(200);
      }
      await coder.expect(200, 'PUT', `/encounters/${id}/lines`, { lines: [{ code: 'X9213', units: 1, chargeCents: 15000, diagnosisPointers: [1] }, { code: 'X3641', units: 1, chargeCents: 3000, diagnosisPointers: [1] }] });
      await coder.expect(200, 'POST', `/encounters/${id}/ready`);
      out[k] = id;
    });
    return out;
  };
  const encounters = await readyEncounters(total);
  log(`[bench:claims] ${encounters.length} ready encounters`);

  // create + submit
  const claimIds = [];
  const levels = [];
  let failures = 0;
  for (const [k, concurrency] of LEVELS.entries()) {
    const slice = encounters.slice(k * PER_LEVEL, (k + 1) * PER_LEVEL);
    const times = [];
    const started = performance.now();
    await inPool(slice.length, concurrency, async (i) => {
      const t = performance.now();
      const res = await coder.call('POST', '/claims', { encounterId: slice[i] });
      times.push(performance.now() - t);
      if (res.status !== 201 || res.body.status !== 'submitted') {
        failures++;
        log(`[bench:claims] claim of ${slice[i]}: ${res.status} ${res.body.status ?? res.body.code}`);
      } else claimIds.push(res.body.id);
    });
    const seconds = (performance.now() - started) / 1000;
    levels.push({ concurrency, claims: slice.length, claimsPerSecond: round1(slice.length / seconds), latencyMs: summary(times) });
    log(`[bench:claims] concurrency ${concurrency}: ${round1(slice.length / seconds)} claims/s`);
  }

  // 277CA + pay cycle + 835 of our claims
  await coder.expect(200, 'POST', '/clearinghouse/poll');
  const cycle = await fetch(`${env.CLEARINGHOUSE_URL}/x12/pay-cycle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  if (!cycle.ok) throw new Error(`pay cycle: ${cycle.status}`);
  const pollStarted = performance.now();
  const polled = await coder.expect(200, 'POST', '/clearinghouse/poll');
  const pollMs = performance.now() - pollStarted;
  const postedClaims = polled.remittances.flatMap((r) => r.claims).filter((c) => c.matched).length;

  // An 835 of our own claims, posted to the ledgers.
  let own835;
  if (REMIT_CLAIMS > 0) {
    const setupStarted = performance.now();
    const more = await readyEncounters(REMIT_CLAIMS);
    const ours = [];
    await inPool(more.length, SETUP_CONCURRENCY, async (i) => {
      const res = await coder.call('POST', '/claims', { encounterId: more[i] });
      if (res.status === 201 && res.body.status === 'submitted') ours.push(res.body.id);
      else log(`[bench:claims] claim of ${more[i]}: ${res.status} ${res.body.status ?? res.body.code}`);
    });
    log(`[bench:claims] ${ours.length} claims submitted for the 835 in ${round1((performance.now() - setupStarted) / 1000)} s (set-up, not timed)`);
    // Their 277CAs first (not timed), so the timed poll is the 835 alone.
    for (let polls = 0; polls < 100; polls++) {
      const res = await coder.expect(200, 'POST', '/clearinghouse/poll');
      if (res.reports === 0) break;
    }
    const paid = await fetch(`${env.CLEARINGHOUSE_URL}/x12/pay-cycle`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    if (!paid.ok) throw new Error(`pay cycle: ${paid.status}`);
    const cycleBody = await paid.json();
    const ofPayer = cycleBody.remittances.filter((r) => r.payerId === `B${runId.slice(-5)}`);
    const started = performance.now();
    const res = await coder.expect(200, 'POST', '/clearinghouse/poll');
    const ms = performance.now() - started;
    const mine = new Set(ours);
    const posted = res.remittances.flatMap((r) => r.claims).filter((c) => c.matched && !c.note && mine.has(c.claimId)).length;
    own835 = {
      claims: ours.length, claimsIn835: ofPayer.reduce((n, r) => n + r.claims, 0), remittances: ofPayer.length, postedWithLedger: posted,
      totalMs: round1(ms), claimsPerSecond: round1(posted / (ms / 1000)),
    };
    log(`[bench:claims] 835 of ${posted} own claims posted with ledger postings in ${round1(ms / 1000)} s (${own835.claimsPerSecond} claims/s)`);
  }

  // An 835 of 1,000 claims, uploaded.
  const x12 = loadX12();
  const claims = x12.exampleClaims(1000, runId.slice(-6));
  const remittance = {
    handling: 'I', method: 'CHK', paymentDate: new Date().toISOString().slice(0, 10), traceNumber: `BENCH${runId}`, payerTraceId: '1999999999',
    payer: { name: 'BENCH PAYER', id: `BP${runId.slice(-6)}`, address: { line1: '1 PAYER WAY', city: 'SPRINGFIELD', state: 'IL', postalCode: '62704' }, technicalContact: { phone: '5555550100' } },
    payee: { name: 'RIVERSIDE CLINIC', npi: claims[0].billingProvider.npi, taxId: claims[0].billingProvider.taxId },
    claims: claims.map((c, i) => ({
      claimId: c.claimId, status: '1', chargeCents: c.totalChargeCents, paidCents: c.totalChargeCents, patientResponsibilityCents: 0, claimFilingIndicator: 'CI', payerClaimControlNumber: `PCN${i}`,
      adjustments: [], patient: { lastName: c.subscriber.lastName, firstName: c.subscriber.firstName, memberId: c.subscriber.memberId },
      lines: c.lines.map((l) => ({ procedureCode: l.procedureCode, chargeCents: l.chargeCents, paidCents: l.chargeCents, units: l.units, lineId: l.lineId, serviceDate: l.serviceDate, adjustments: [], remarkCodes: [] })),
    })),
    providerAdjustments: [],
  };
  remittance.paymentCents = remittance.claims.reduce((n, c) => n + c.paidCents, 0);
  const problems = x12.remittanceProblems(remittance);
  if (problems.length) throw new Error(`the bench 835 does not balance: ${problems[0].message}`);
  const text = x12.writeInterchange({
    sender: { qualifier: 'ZZ', id: 'BENCHPAYER' }, receiver: { qualifier: 'ZZ', id: 'CLINICFLOWBILL' }, controlNumber: 1, usage: 'T',
    groups: [{ functionalId: 'HP', controlNumber: 1, transactions: [x12.build835(remittance, 1)] }],
  });
  let t = performance.now();
  const first = await coder.call('POST', '/remittances', { x12: text });
  const uploadMs = performance.now() - t;
  t = performance.now();
  const again = await coder.call('POST', '/remittances', { x12: text });
  const replayMs = performance.now() - t;
  const ok = failures === 0 && postedClaims === claimIds.length && first.status === 201 && again.status === 201 && again.body[0]?.duplicate === true
    && (!own835 || (own835.postedWithLedger === own835.claims && own835.claims === REMIT_CLAIMS));
  return {
    ok,
    report: {
      create: { levels, failures },
      cycle: { claims: claimIds.length, postedClaims, pollMs: round1(pollMs) },
      ...(own835 ? { own835 } : {}),
      remit1000: { bytes: text.length, claims: 1000, uploadMs: round1(uploadMs), status: first.status, replayMs: round1(replayMs), replayDuplicate: again.body[0]?.duplicate === true },
      run: runId, id: randomUUID().slice(0, 8),
    },
  };
}

module.exports = { run };
if (require.main === module) standalone('claims', run);
