'use strict';
/*
 * Patient benchmark: the front desk's search at 100,000 patients, and registration throughput.
 *
 * 1. Loads BENCH_PATIENTS patients (default 100,000) straight into patient-records' `patients`
 *    collection in batches (insertMany; through the API that would take hours on FerretDB), sealed
 *    under the profile's data keys as patient-records stores them (encryption at rest), half at
 *    each demo site, with a realistic spread of names: common US family and given names (accented
 *    ones included) for about half, made-up family names for the rest, so the index holds tens of
 *    thousands of distinct name terms, as a real register does.
 * 2. Restarts patient-records, which loads its in-memory search index from the collection at start:
 *    reports the load time and the process heap with the index against the same process before the
 *    load (memory of the index).
 * 3. Searches through the gateway as the front desk types (BENCH_SEARCH_RUNS per kind, default 50,
 *    one at a time): last name, a prefix, one typo, "first last" and "last first", name + date of
 *    birth, date of birth as 03/12/1984, a formatted phone, the last four digits with a name, MRN,
 *    email; as an office manager of both sites and as a receptionist of one. p50/p99/max per kind and
 *    overall (client side: gateway -> patient-records -> index).
 * 4. Registers patients through the gateway with closed-loop workers at BENCH_REGISTER_CONCURRENCY
 *    (default 1,8,32), BENCH_REGISTRATIONS each (default 200): registrations/s and latency; each
 *    registration runs the duplicate check against the 100,000.
 *
 * Standalone it needs a handle to restart patient-records, so it runs only from `npm run bench`
 * (BENCH_ONLY=patients).
 */
const os = require('node:os');
const { performance } = require('node:perf_hooks');
const mongoose = require('mongoose');
const { distinctName, round1, summary } = require('./common');

const SITES = ['site-downtown', 'site-riverside'];
const BATCH = 1000;
const REQUEST_TIMEOUT_MS = 30_000;

const FAMILY = (
  'Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez Wilson Anderson Thomas Taylor Moore Jackson Martin ' +
  'Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams Nelson ' +
  'Baker Hall Rivera Campbell Mitchell Carter Roberts Gomez Phillips Evans Turner Diaz Parker Cruz Edwards Collins Reyes Stewart Morris Morales Murphy Cook ' +
  'Rogers Gutierrez Ortiz Morgan Cooper Peterson Bailey Reed Kelly Howard Ramos Kim Cox Ward Richardson Watson Brooks Chavez Wood James Bennett Gray ' +
  'Mendoza Ruiz Hughes Price Alvarez Castillo Sanders Patel Myers Long Ross Foster Jimenez Núñez Muñoz Peña García-Márquez Müller Chen Wang Li Zhang ' +
  "Liu Singh Kumar Khan Ali Ahmed O'Brien O'Connor Kowalski Nowak Ivanov Petrov Rossi Russo Ferrari Dubois Moreau Lefèvre Schmidt Schneider Fischer"
).split(' ');
const GIVEN = (
  'James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan Joseph Jessica Thomas Sarah Charles Karen ' +
  'Christopher Lisa Daniel Nancy Matthew Betty Anthony Sandra Mark Margaret Donald Ashley Steven Kimberly Paul Emily Andrew Donna Joshua Michelle ' +
  'Maria José Juan Ana Luis Carmen Jorge Lucía Sofía Mateo Camila Diego Valentina Chloé Zoë Siobhán Noël Renée André Björn Wei Li Mei Hiroshi Yuki Priya ' +
  'Aisha Omar Fatima Mohammed Olga Dmitri Ivan Anna Liam Noah Olivia Emma Ava Mia Ethan Lucas Amelia Harper Evelyn Elijah Logan Grace Chidi Ngozi Kwame'
).split(' ');

const pick = (list, r) => list[Math.floor(r * list.length) % list.length];

/** A deterministic pseudo-random stream (the same patients on every run). */
function random(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function benchPatient(i, rnd) {
  const made = rnd() < 0.5;
  const lastName = made ? distinctName(i) : pick(FAMILY, rnd());
  const firstName = pick(GIVEN, rnd());
  const year = 1930 + Math.floor(rnd() * 94);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * 28);
  const dateOfBirth = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const phone = `+1${pick(['212', '646', '917', '312', '773', '718'], rnd())}${String(2_000_000 + Math.floor(rnd() * 7_999_999))}`;
  const now = new Date();
  return {
    _id: `bench-patient-${i}`,
    version: 1,
    mrn: `MRN-9${String(i).padStart(7, '0')}`,
    firstName,
    lastName,
    dateOfBirth,
    phone,
    email: rnd() < 0.6 ? `${firstName}.${lastName}.${i}@example.com`.toLowerCase().normalize('NFD').replace(/[^a-z0-9.@]/g, '') : undefined,
    preferredChannel: 'sms',
    language: 'en',
    optedOutChannels: [],
    registeredAtSiteId: SITES[i % 2],
    registeredBy: 'bench',
    createdAt: now,
    updatedAt: now,
    outbox: [],
    outboxPending: false,
  };
}

/** Seals bench patients as patient-records does (its own compiled code and the profile's key file). */
function patientSealer() {
  const path = require('node:path');
  const dist = require('../../../tools/build/build').distDir();
  const { Sealer, keyProviderFrom } = require(path.join(dist, 'libs/crypto/src/index.js'));
  const { SealedFields } = require(path.join(dist, 'libs/messaging/src/sealed-fields.js'));
  // The schema module loads the contracts, whose decorators need reflect-metadata.
  require('reflect-metadata');
  const { PATIENT_SEALED_FIELDS } = require(path.join(dist, 'services/patient-records/src/patients/patients.schema.js'));
  const { keyFilePath } = require('../keys');
  const profile = require('../../infra').profile(process.env.CLINIC_FLOW_TEST_PROFILE || 'test');
  return new SealedFields(new Sealer(keyProviderFrom({ DATA_KEYS_FILE: keyFilePath(profile) })), 'patients', PATIENT_SEALED_FIELDS);
}

async function loadPatients(env, count, log) {
  const sealed = patientSealer();
  const connection = await mongoose.createConnection(env.MONGO_URL, { dbName: 'clinic_patient_records' }).asPromise();
  const collection = connection.collection('patients');
  const rnd = random(20261201);
  const sample = [];
  const started = performance.now();
  let inserted = 0;
  try {
    for (let from = 0; from < count; from += BATCH) {
      const docs = [];
      for (let i = from; i < Math.min(count, from + BATCH); i++) {
        const doc = benchPatient(i, rnd);
        if (!doc.email) delete doc.email;
        docs.push(await sealed.toStored(doc));
        if (i % 997 === 0) sample.push(doc);
      }
      try {
        inserted += (await collection.insertMany(docs, { ordered: false })).insertedCount;
      } catch (error) {
        // A rerun on the same state: the bench patients exist already.
        if (error.code !== 11000 && !/duplicate key/i.test(error.message)) throw error;
        inserted += error.result?.insertedCount ?? 0;
      }
      if ((from / BATCH) % 10 === 9) log(`[bench:patients] ${from + BATCH} of ${count} patients written`);
    }
  } finally {
    await connection.close();
  }
  return { inserted, loadMs: performance.now() - started, sample };
}

function gatewayClient(baseUrl, token) {
  return async (method, path, body) => {
    const started = performance.now();
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, ms: performance.now() - started };
  };
}

async function indexHealth(port) {
  const res = await fetch(`http://127.0.0.1:${port}/health/ready`);
  return (await res.json()).checks['search-index'];
}

/** One letter swapped with its neighbour (a typo the rules forgive). */
const typo = (word) => (word.length < 5 ? word : `${word.slice(0, 2)}${word[3]}${word[2]}${word.slice(4)}`);
const usDate = (iso) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
const spaced = (e164) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;

/** The query kinds, each as the front desk would type it for a known patient. */
const QUERIES = {
  'last name': (p) => p.lastName,
  prefix: (p) => p.lastName.slice(0, 3),
  typo: (p) => typo(p.lastName),
  'first last': (p) => `${p.firstName} ${p.lastName}`,
  'last first': (p) => `${p.lastName}, ${p.firstName}`,
  'name + date of birth': (p) => `${p.lastName} ${p.dateOfBirth}`,
  'date of birth (03/12/1984)': (p) => usDate(p.dateOfBirth),
  'phone (formatted)': (p) => spaced(p.phone),
  'last 4 digits + name': (p) => `${p.lastName} ${p.phone.slice(-4)}`,
  mrn: (p) => p.mrn,
  email: (p) => p.email ?? p.mrn,
};

async function searchBench(clients, sample, runs, log) {
  const byKind = {};
  const all = [];
  let notFound = 0;
  const errors = [];
  for (const [kind, make] of Object.entries(QUERIES)) {
    const latencies = [];
    for (let i = 0; i < runs; i++) {
      const patient = sample[(i * 7 + kind.length) % sample.length];
      const [who, call] = clients[i % clients.length];
      const q = make(patient);
      const res = await call('GET', `/patients?q=${encodeURIComponent(q)}&limit=20`);
      if (res.status !== 200) {
        errors.push({ kind, q, status: res.status, body: res.body });
        continue;
      }
      latencies.push(res.ms);
      all.push(res.ms);
      const visible = who === 'manager' || patient.registeredAtSiteId === 'site-downtown';
      // An exact kind must find the patient (on the first page unless the query is that common).
      if (visible && ['mrn', 'phone (formatted)', 'name + date of birth', 'email'].includes(kind) && !res.body.items.some((it) => it.id === patient._id)) notFound++;
    }
    byKind[kind] = summary(latencies);
    log(`[bench:patients] search ${kind}: p50 ${byKind[kind].p50} ms, p99 ${byKind[kind].p99} ms`);
  }
  return { overall: summary(all), byKind, exactNotFound: notFound, errors: errors.length, firstError: errors[0] };
}

async function registrationLevel(call, concurrency, count, run, first) {
  const latencies = [];
  const errors = [];
  let next = 0;
  const started = performance.now();
  async function worker() {
    for (let i = next++; i < count; i = next++) {
      const body = {
        firstName: 'Bench',
        lastName: distinctName(first + i, `reg${run}`),
        dateOfBirth: `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`,
        phone: `+1332${String(2_000_000 + (((first + i) * 7919) % 7_999_999))}`,
        preferredChannel: 'sms',
        siteId: 'site-downtown',
      };
      const res = await call('POST', '/patients', body).catch((error) => ({ status: 0, body: error.message, ms: 0 }));
      latencies.push(res.ms);
      if (res.status !== 201) errors.push({ status: res.status, code: res.body?.code ?? res.body });
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  const wallMs = performance.now() - started;
  return { concurrency, registrations: count, errors: errors.length, firstError: errors[0], registrationsPerSecond: round1((count - errors.length) / (wallMs / 1000)), latencyMs: summary(latencies) };
}

/** ctx = { gatewayUrl, login(role), env, log, system }. */
async function run(ctx) {
  const { log, env, system } = ctx;
  if (!system?.restart) throw new Error('the patients benchmark restarts patient-records after its bulk load: run it through `npm run bench` (BENCH_ONLY=patients)');
  const count = Number(process.env.BENCH_PATIENTS || 100_000);
  const runs = Number(process.env.BENCH_SEARCH_RUNS || 50);
  const levels = (process.env.BENCH_REGISTER_CONCURRENCY || '1,8,32').split(',').map(Number);
  const registrations = Number(process.env.BENCH_REGISTRATIONS || 200);
  const port = system.ports['patient-records'];

  const before = await indexHealth(port);
  log(`[bench:patients] before the load: ${before.indexed} patients indexed, heap ${before.heapUsedMiB} MiB`);
  const loaded = await loadPatients(env, count, log);
  log(`[bench:patients] ${loaded.inserted} patients written in ${(loaded.loadMs / 1000).toFixed(1)} s; restarting patient-records`);
  const restartMs = await system.restart('patient-records');
  // Let start-up garbage go before reading the heap.
  await new Promise((r) => setTimeout(r, 5000));
  const after = await indexHealth(port);
  log(`[bench:patients] index: ${after.indexed} patients loaded in ${after.loadMs} ms; heap ${after.heapUsedMiB} MiB (was ${before.heapUsedMiB})`);

  const manager = gatewayClient(ctx.gatewayUrl, await ctx.login('office-manager'));
  const desk = gatewayClient(ctx.gatewayUrl, await ctx.login('receptionist'));
  const clients = [
    ['manager', manager],
    ['receptionist', desk],
  ];
  for (let i = 0; i < 10; i++) await manager('GET', `/patients?q=${encodeURIComponent(QUERIES['first last'](loaded.sample[i]))}`);
  const search = await searchBench(clients, loaded.sample, runs, log);

  const registration = [];
  const runId = Date.now().toString(36);
  for (const [k, concurrency] of levels.entries()) {
    // Each level its own patients (numbers k*N.., so no name is one letter from another level's).
    const level = await registrationLevel(desk, concurrency, registrations, runId, k * registrations);
    log(`[bench:patients] registration at concurrency ${concurrency}: ${level.registrationsPerSecond}/s, p99 ${level.latencyMs.p99} ms, ${level.errors} errors`);
    registration.push(level);
  }

  const report = {
    benchmark: 'patients',
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version },
    patients: after.indexed,
    bulkLoad: { written: loaded.inserted, seconds: round1(loaded.loadMs / 1000) },
    searchIndex: {
      loadMs: after.loadMs,
      restartUntilReadyMs: restartMs,
      heapUsedMiBWithIndex: after.heapUsedMiB,
      heapUsedMiBEmpty: before.heapUsedMiB,
      indexMiB: round1(after.heapUsedMiB - before.heapUsedMiB),
    },
    search: { runsPerKind: runs, ...search },
    registration,
  };
  const ok = search.errors === 0 && search.exactNotFound === 0 && registration.every((l) => l.errors === 0);
  return { report, ok };
}

/** patient-records may collect garbage on demand, so the heap it reports is what the index keeps. */
const overrides = { 'patient-records': { NODE_OPTIONS: '--expose-gc' } };

module.exports = { run, overrides, benchPatient, QUERIES };
