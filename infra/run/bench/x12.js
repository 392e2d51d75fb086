'use strict';
/*
 * X12 eligibility benchmark against the clearinghouse simulator, through libs/x12's HTTP adapter
 * (the layer issue 11's eligibility checks will run on; the insurance service's own flow is not
 * measured yet):
 *   realtime  one 270 -> 271 at a time and 8 at once: p50/p99/max latency, checks per second
 *   batch     a nightly batch of 500 inquiries in one interchange: submit (999 back), poll until
 *             the 271s are ready, parse and match each by trace; the simulator's own hold
 *             (CLEARINGHOUSE_BATCH_DELAY_MS) is reported apart from our time
 *
 * Standalone, against infrastructure already up on $CLINIC_FLOW_TEST_PROFILE (default test):
 *   node infra/run/bench/x12.js
 * Settings: BENCH_X12_RUNS (default 300), BENCH_X12_BATCH (default 500).
 */
const { performance } = require('node:perf_hooks');
const { loadX12 } = require('../../clearinghouse/ts-require');
const { round1, sleep, summary, standalone } = require('./common');

const RUNS = Number(process.env.BENCH_X12_RUNS || 300);
const BATCH = Number(process.env.BENCH_X12_BATCH || 500);
const MEMBERS = ['PPO', 'MCR', 'HMO', 'PAU', 'INA', 'TRM', 'NFD', 'DOB'];

async function run({ env, log }) {
  const x12 = loadX12();
  const tag = Date.now().toString(36).toUpperCase();
  const controlNumbers = new x12.SequentialControlNumbers(Date.now() % 800_000_000);
  const adapter = new x12.HttpClearinghouseAdapter({ baseUrl: env.CLEARINGHOUSE_URL, sender: x12.CLINIC_SENDER, receiver: x12.CLEARINGHOUSE_RECEIVER, controlNumbers, timeoutMs: 20_000 });
  const inquiry = (i) =>
    x12.exampleInquiry({ traceNumber: `B-${tag}-${i}`, subscriber: { ...x12.exampleInquiry().subscriber, memberId: `${MEMBERS[i % MEMBERS.length]}${String(i).padStart(6, '0')}` } });
  let wrong = 0;

  async function timed(i) {
    const started = performance.now();
    const outcome = await adapter.checkEligibility(inquiry(i));
    if (outcome.status !== 'answered') wrong += 1;
    return performance.now() - started;
  }

  const realtime = {};
  for (const concurrency of [1, 8]) {
    const latencies = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, async () => {
      while (next < RUNS) latencies.push(await timed(concurrency * 100_000 + next++));
    }));
    const seconds = (performance.now() - started) / 1000;
    realtime[`concurrency${concurrency}`] = { ...summary(latencies), perSecond: round1(RUNS / seconds) };
    log(`[bench:x12] real-time at ${concurrency}: ${JSON.stringify(realtime[`concurrency${concurrency}`])}`);
  }

  const inquiries = Array.from({ length: BATCH }, (_, i) => inquiry(900_000 + i));
  const t0 = performance.now();
  const receipt = await adapter.submitEligibilityBatch(inquiries);
  const submitted = performance.now();
  if (receipt.status !== 'accepted') throw new Error(`batch not accepted: ${JSON.stringify(receipt).slice(0, 300)}`);
  let poll;
  let firstReady = null;
  let polls = 0;
  for (;;) {
    const before = performance.now();
    poll = await adapter.pollEligibilityBatch(receipt);
    polls += 1;
    if (poll.status !== 'pending') {
      firstReady = before;
      break;
    }
    await sleep(Math.min(poll.retryAfterMs, 200));
  }
  const done = performance.now();
  const answered = poll.status === 'done' ? poll.outcomes.filter((o) => o.status === 'answered').length : 0;
  const batch = {
    inquiries: BATCH,
    interchangeBytes: receipt.exchange.request.length,
    submitWith999Ms: round1(submitted - t0),
    simulatorHoldMs: round1(firstReady - submitted),
    lastPollParseAndMatchMs: round1(done - firstReady),
    totalMs: round1(done - t0),
    ourTimeMs: round1(submitted - t0 + (done - firstReady)),
    inquiriesPerSecondOurTime: round1(BATCH / ((submitted - t0 + (done - firstReady)) / 1000)),
    matched: answered,
    polls,
  };
  log(`[bench:x12] batch: ${JSON.stringify(batch)}`);
  const ok = wrong === 0 && answered === BATCH;
  return { report: { realtime, batch, notAnswered: wrong }, ok };
}

module.exports = { run };

if (require.main === module) standalone('x12', run);
