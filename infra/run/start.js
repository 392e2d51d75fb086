'use strict';
/*
 * `npm start`: installs what is missing, provisions and starts the infrastructure, builds and
 * starts every service with demo data, and prints what to open. Ctrl-C stops what it started.
 */
const { ensureDependencies } = require('./ensure-deps');

async function main() {
  const started = Date.now();
  ensureDependencies();
  const infra = require('../infra');
  const { build } = require('../../tools/build/build');
  const { startSystem } = require('./system');

  const before = await infra.status('dev');
  const infraWasUp = before.every((c) => c.running && c.healthy);
  await infra.up('dev');
  await build();
  // Supervised: a service that dies is started again, with backoff, and the console says so.
  const system = await startSystem('dev', { supervise: true });

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n[start] ${signal}: stopping services ...`);
    await system.stop();
    if (!infraWasUp) await infra.down('dev');
    console.log('[start] stopped cleanly.');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const env = infra.profile('dev');
  const password = process.env.DEMO_PASSWORD || require(require('node:path').join(require('../../tools/build/build').distDir(), 'libs', 'demo-data', 'src')).DEFAULT_DEMO_PASSWORD;
  console.log(`
Clinic Flow is running (ready in ${((Date.now() - started) / 1000).toFixed(0)}s).

  Front desk app     http://localhost:${system.ports['api-gateway']}/   (sign in as receptionist@demo.clinic)
  API                http://localhost:${system.ports['api-gateway']}/api/v1
  API docs           http://localhost:${system.ports['api-gateway']}/api/docs
  System health      http://localhost:${system.ports['api-gateway']}/health
  Mail inbox (SMTP)  ${env.env.MAIL_API_URL}
  SMS sink           ${env.env.SMS_SINK_URL}/messages
  Clearinghouse sim  ${env.env.CLEARINGHOUSE_URL}/x12/realtime (X12 270 -> 271; README, Insurance)
  Service logs       ${system.logDir}

  Demo users: <role>@demo.clinic with password "${password}", roles:
    physician, physician-assistant, nurse-practitioner, registered-nurse,
    medical-assistant, receptionist, billing-coder, office-manager;
    and riverside-manager@demo.clinic, the office manager of Riverside alone.
  Office managers and billing staff sign in with a second factor: the demo TOTP secret
    KRUGS4ZAJFZSA5DIMUQGIZLNN4QGWZLZ (any authenticator app), or the code from
    node infra/run/demo-totp.js

  Demo data: two sites with hours and holiday closures, providers with weekly templates,
  rooms, appointment types, a few days of bookings, and Virtual Urgent Care
  (prov-urgent-care, type urgent-care) bookable around the clock.
  Try it with the curl commands in README.md ("Try it by hand"). Ctrl-C stops everything.
`);
}

main().catch((error) => {
  console.error(`[start] FAILED: ${error.message}`);
  process.exit(1);
});
