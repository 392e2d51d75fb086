'use strict';
/*
 * `npm run fuzz`: schemathesis (PyPI, pinned; infra/components/schemathesis.js) over the gateway's whole
 * public OpenAPI document, against a system that is already running (`npm start`, or the e2e system
 * of a test profile), signed in as a demo user (bearer token). Every check, 40 examples per operation,
 * a fixed seed so a finding can be replayed. Prints the findings; exits non-zero on any.
 *
 *   npm run fuzz                                   # npm start's system (dev profile, :3000)
 *   CLINIC_FLOW_TEST_PROFILE=test-d npm run fuzz   # a test profile's running e2e system
 *   npm run fuzz -- --include-method GET           # anything after -- goes to `schemathesis run`
 *
 * Settings: FUZZ_GATEWAY_URL (default: the profile's gateway), FUZZ_USER (default
 * office-manager@demo.clinic), FUZZ_EXAMPLES (40), FUZZ_SEED (1), FUZZ_WORKERS (4),
 * FUZZ_REPORT_DIR (default: a temporary folder; the JUnit and NDJSON reports go there).
 * It changes data (it creates, cancels and deletes what it can): run it on a system you can throw away.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const DEFAULT_USER = 'office-manager@demo.clinic';
/** What our API means differently from schemathesis's defaults (422 for well-formed input naming nothing, signed link tokens). */
const CONFIG = path.join(__dirname, '..', 'schemathesis.toml');

/** Signs a demo user in (answering the TOTP step with the demo code); resolves to the access token. */
async function signIn(gatewayUrl, email, password = process.env.DEMO_PASSWORD || 'clinic-flow-demo') {
  const post = (p, body) => fetch(`${gatewayUrl}/api/v1${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let res = await post('/auth/login', { email, password });
  let body = await res.json();
  if (res.status === 200 && body.challengeToken) {
    res = await post('/auth/login/second-factor', { challengeToken: body.challengeToken, code: require('./demo-totp').demoTotpCode() });
    body = await res.json();
  }
  if (res.status !== 200 || !body.accessToken) throw new Error(`sign-in as ${email} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

/**
 * Runs schemathesis over the gateway's public document with every check. Resolves to
 * { code, output, findings } (`code` 0: no finding; `findings` counts failures by schemathesis code).
 * `args`: further `schemathesis run` options (operation filters, --mode, --max-time).
 */
async function fuzz({ gatewayUrl, token, examples = 40, seed = 1, workers = 4, args = [], reportDir, echo = true }) {
  const { ensureSchemathesis } = require('../components/schemathesis');
  const bin = ensureSchemathesis((name, message) => echo && process.stderr.write(`[${name}] ${message}\n`));
  const dir = reportDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'clinic-flow-fuzz-'));
  fs.mkdirSync(dir, { recursive: true });
  const argv = [
    '--config-file', CONFIG,
    'run', `${gatewayUrl}/api/docs-json`,
    '--url', gatewayUrl,
    '--header', `Authorization: Bearer ${token}`,
    '--checks', 'all',
    '--max-examples', String(examples),
    '--seed', String(seed),
    '--generation-database', 'none',
    '--workers', String(workers),
    '--request-timeout', '15',
    '--no-color',
    '--report', 'junit,ndjson',
    '--report-dir', dir,
    ...args,
  ];
  // In the report folder: nothing schemathesis writes lands in the repository.
  const child = spawn(bin, argv, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const take = (chunk) => {
    output += chunk;
    if (echo) process.stdout.write(chunk);
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const findings = {};
  for (const match of output.matchAll(/❌ (ST\d+) ([^:\n]+): (\d+)/g)) findings[`${match[1]} ${match[2].trim()}`] = Number(match[3]);
  return { code, output, findings, reportDir: dir };
}

function gatewayOf(profileName) {
  return process.env.FUZZ_GATEWAY_URL || `http://127.0.0.1:${require('./system').servicePorts(profileName)['api-gateway']}`;
}

async function main() {
  const profileName = process.env.CLINIC_FLOW_TEST_PROFILE || process.env.CF_PROFILE || 'dev';
  const gatewayUrl = gatewayOf(profileName);
  const health = await fetch(`${gatewayUrl}/health`).catch(() => undefined);
  if (!health) throw new Error(`no gateway answers at ${gatewayUrl}: start the system first (npm start), or set FUZZ_GATEWAY_URL / CLINIC_FLOW_TEST_PROFILE`);
  const user = process.env.FUZZ_USER || DEFAULT_USER;
  const token = await signIn(gatewayUrl, user);
  console.error(`[fuzz] schemathesis over ${gatewayUrl}/api/docs-json as ${user}`);
  const { code, findings, reportDir } = await fuzz({
    gatewayUrl,
    token,
    examples: Number(process.env.FUZZ_EXAMPLES || 40),
    seed: Number(process.env.FUZZ_SEED || 1),
    workers: Number(process.env.FUZZ_WORKERS || 4),
    reportDir: process.env.FUZZ_REPORT_DIR,
    args: process.argv.slice(2),
  });
  console.error(`[fuzz] ${Object.keys(findings).length ? `findings: ${JSON.stringify(findings)}` : code === 0 ? 'no findings' : `schemathesis exited ${code}`} (reports: ${reportDir})`);
  process.exit(code === 0 ? 0 : 1);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(`[fuzz] FAILED: ${error.stack || error.message}`);
    process.exit(1);
  });
}

module.exports = { fuzz, signIn, DEFAULT_USER };
