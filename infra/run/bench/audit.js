'use strict';
/*
 * What the audit trail costs: every read of a patient writes a hash-chained entry before its answer
 * leaves. GET /patients/{id} through the gateway by N closed-loop readers at concurrency 1, 16 and
 * 64 (reads/s, p50/p99/max latency, errors; each read is one entry on patient-records' chain, the
 * entries that queue during an insert go in one insert), then the office manager's
 * GET /audit/verify over every chain (time and entries checked). Run alone against a running
 * system: `node infra/run/bench/audit.js`.
 *
 * Settings: BENCH_AUDIT_CONCURRENCY (`1,16,64`), BENCH_AUDIT_READS (400 per level).
 */
const { round1, summary, standalone } = require('./common');

async function run({ gatewayUrl, login, log }) {
  const levels = (process.env.BENCH_AUDIT_CONCURRENCY || '1,16,64').split(',').map(Number);
  const reads = Number(process.env.BENCH_AUDIT_READS || 400);
  const [desk, manager] = [await login('receptionist'), await login('office-manager')];
  const call = (token, method, path, body) =>
    fetch(`${gatewayUrl}/api/v1${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
  const registered = await call(desk, 'POST', '/patients', {
    firstName: 'Audit',
    lastName: `Bench${Date.now().toString(36)}`,
    dateOfBirth: '1970-01-01',
    email: `audit-bench-${Date.now()}@example.com`,
    preferredChannel: 'email',
  });
  if (registered.status !== 201) throw new Error(`registration failed: ${registered.status} ${await registered.text()}`);
  const patientId = (await registered.json()).id;

  const report = { reads: reads, levels: [] };
  let errors = 0;
  for (let i = 0; i < 20; i += 1) await (await call(desk, 'GET', `/patients/${patientId}`)).text();
  for (const concurrency of levels) {
    const latencies = [];
    let next = 0;
    let failed = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < reads) {
          next += 1;
          const t0 = performance.now();
          const res = await call(desk, 'GET', `/patients/${patientId}`);
          await res.text();
          latencies.push(performance.now() - t0);
          if (res.status !== 200) failed += 1;
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    errors += failed;
    const level = { concurrency, readsPerSecond: round1(latencies.length / seconds), latencyMs: summary(latencies), errors: failed };
    log(`[bench:audit] c=${concurrency}: ${level.readsPerSecond} reads/s, p50 ${level.latencyMs.p50} ms, p99 ${level.latencyMs.p99} ms, ${failed} errors`);
    report.levels.push(level);
  }

  const t0 = performance.now();
  const verified = await call(manager, 'GET', '/audit/verify');
  const body = await verified.json();
  const verifyMs = round1(performance.now() - t0);
  const entries = (body.services ?? []).flatMap((s) => s.chains).reduce((n, c) => n + c.entries, 0);
  report.verify = { status: verified.status, ok: body.ok, entries, ms: verifyMs };
  log(`[bench:audit] verify: ${verified.status} ok=${body.ok}, ${entries} entries in ${verifyMs} ms`);
  return { report, ok: errors === 0 && verified.status === 200 && body.ok === true };
}

module.exports = { run };

if (require.main === module) standalone('audit', run);
