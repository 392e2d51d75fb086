import * as path from 'node:path';
import { ApiClient, gatewayUrl, startOtlpReceiver, startTestSystem, type SystemHandle } from '@clinic-flow/testing';

/*
 * The whole-API fuzzer inside `npm test` (jest project `after-e2e`, run one file after the other
 * once the e2e files are done; `npm run fuzz` is the long run, 40 examples per operation).
 * schemathesis (pinned, from PyPI) reads the public OpenAPI document and runs every check on every
 * operation, writes included, in positive and negative modes: schema-valid input must be accepted
 * (or refused for what it names: 404/409/422), schema-violating input (wrong types, nulls, out of
 * range, control characters or lone surrogates, a missing body) refused with a declared 4xx
 * problem, never a 500, every answer on its declared status, content type and schema, TRACE a 405
 * with an Allow header. Seeded, so a finding replays (`FUZZ_SEED=14 npm run fuzz` with the same
 * options below).
 *
 * Writes are why it runs here and not beside the e2e files: it shares their demo data, and a
 * generated write the API rightly accepts (a changed default reminder policy, a renamed provider,
 * a deactivated demo user) would change what they see. The e2e system is stopped by then, so this
 * file starts it again on the same state and stops it when done; the log scan of this project
 * (logs-hold-no-patient-data) runs after it (tools/test/slow-first.sequencer.js), over the
 * services' logs of the fuzzer's requests too.
 */
const { fuzz } = require(path.resolve(__dirname, '../../../infra/run/fuzz.js')) as {
  fuzz(options: {
    gatewayUrl: string;
    token: string;
    examples?: number;
    seed?: number;
    workers?: number;
    args?: string[];
    echo?: boolean;
  }): Promise<{ code: number; output: string; findings: Record<string, number> }>;
};

/**
 * Left out: the console's live stream never ends (an SSE stream; schemathesis would wait out its
 * request timeout on every case); the audit chain's verify re-reads every chain of every service,
 * so its time grows with the trail the e2e files left, past the gateway's 10 s upstream timeout on
 * a loaded machine (a 503; `npm run fuzz` covers it).
 */
const EXCLUDED_PATHS = '^/api/v1/(ops/stream|audit/verify)$';

/** The options of this run (README "API contract and fuzzing"): few examples, every phase but the stateful one. */
const RUN = { examples: 3, seed: 14, workers: 2, phases: 'examples,coverage,fuzzing' };

let system: SystemHandle | undefined;
let otlp: { close(): Promise<void> } | undefined;

beforeAll(async () => {
  // The services export spans to the e2e run's receiver (E2E_OVERRIDES): started first, as the e2e set-up does.
  otlp = await startOtlpReceiver();
  system = await startTestSystem();
}, 420_000);

afterAll(async () => {
  await system?.stop();
  await otlp?.close();
}, 60_000);

describe('the whole API under a fuzzer (schemathesis, all checks, every operation)', () => {
  it('answers every generated request as its document declares: no 5xx, no undeclared status, content type or schema; valid input taken, invalid refused', async () => {
    const client = await ApiClient.loginAs('office-manager');
    const { code, output, findings } = await fuzz({
      gatewayUrl: gatewayUrl(),
      token: client.token,
      examples: RUN.examples,
      seed: RUN.seed,
      workers: RUN.workers,
      echo: false,
      args: ['--exclude-path-regex', EXCLUDED_PATHS, '--phases', RUN.phases],
    });
    if (code !== 0) {
      // schemathesis's own report: each finding with its request, answer and a curl to replay it.
      const at = output.indexOf('FAILURES');
      // Long lines (a curl with a generated body) cut, so every finding fits.
      const report = (at >= 0 ? output.slice(at) : output.slice(-6000))
        .split('\n')
        .map((line) => (line.length > 400 ? `${line.slice(0, 400)}…` : line))
        .join('\n');
      throw new Error(`schemathesis exited ${code} with findings ${JSON.stringify(findings)}:\n\n${report.length > 60_000 ? `${report.slice(0, 60_000)}\n…` : report}`);
    }
    expect(findings).toEqual({});
    // Minutes on a machine busy with other test systems (8.5 to over 10 at a load average of 20-25).
  }, 1_200_000);
});
