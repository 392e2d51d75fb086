#!/usr/bin/env node
'use strict';

/*
 * Why this exists: one command-line entry point to the local infrastructure
 * (Kafka, FerretDB/MongoDB, Redis, MailDev, SMS sink, clearinghouse simulator) managed by infra/infra.js,
 * used by the npm scripts (infra:up / infra:down / infra:status) and by humans.
 *
 *   node infra/cli.js <provision|up|down|status|env> [--profile dev|test|test-a..test-f] [--fresh]
 *
 * The profile defaults to $CF_PROFILE, then 'dev'. Exit codes: 0 ok, 1 failure,
 * 2 usage error, 3 `status` found a component not running/healthy.
 */

const infra = require('./infra');

const COMMANDS = ['provision', 'up', 'down', 'status', 'env'];
const USAGE = `usage: node infra/cli.js <${COMMANDS.join('|')}> [--profile dev|test|test-a..test-f] [--fresh]

  provision   install/build Redis, Java+Maven, Kafka jars, FerretDB, the ICD-10-CM code set, the
              X12 validators and the API fuzzer (cached)
  up          provision, then start all components of the profile and wait until healthy
              --fresh  stop the profile and wipe its state first
  down        stop all components of the profile
  status      show running/healthy state per component
  env         print the KEY=value environment the services need

The profile defaults to $CF_PROFILE or 'dev'. Cache: $CF_CACHE_DIR or ~/.cache/clinic-flow.`;

function parseArgs(argv) {
  const opts = { command: null, profile: process.env.CF_PROFILE || 'dev', fresh: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    if (arg === '--profile' || arg === '-p') {
      opts.profile = argv[i + 1];
      i += 1;
      if (!opts.profile) throw new UsageError('--profile needs a value');
    } else if (arg.startsWith('--profile=')) {
      opts.profile = arg.slice('--profile='.length);
    } else if (arg === '--fresh') {
      opts.fresh = true;
    } else if (arg === '--help' || arg === '-h' || arg === 'help') {
      opts.help = true;
    } else if (!arg.startsWith('-') && !opts.command) {
      opts.command = arg;
    } else {
      throw new UsageError(`unknown argument '${arg}'`);
    }
  }
  return opts;
}

class UsageError extends Error {}

function printStatus(p, rows) {
  console.log(`profile ${p.name} (state: ${p.stateDir})`);
  console.log(`${'component'.padEnd(10)} ${'running'.padEnd(8)} ${'pid'.padEnd(8)} ${'port'.padEnd(6)} healthy`);
  for (const row of rows) {
    console.log(`${row.name.padEnd(10)} ${(row.running ? 'yes' : 'no').padEnd(8)} ` +
      `${String(row.pid || '-').padEnd(8)} ${String(row.port).padEnd(6)} ${row.healthy ? 'yes' : 'no'}`);
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help || !opts.command) {
    console.log(USAGE);
    return opts.command || opts.help ? 0 : 2;
  }
  if (!COMMANDS.includes(opts.command)) throw new UsageError(`unknown command '${opts.command}'`);
  const p = infra.profile(opts.profile); // validates the profile name early

  switch (opts.command) {
    case 'provision':
      await infra.provision({});
      return 0;
    case 'up':
      await infra.up(p.name, { fresh: opts.fresh });
      return 0;
    case 'down':
      await infra.down(p.name, {});
      return 0;
    case 'status': {
      const rows = await infra.status(p.name);
      printStatus(p, rows);
      return rows.every((row) => row.running && row.healthy) ? 0 : 3;
    }
    case 'env':
      for (const [key, value] of Object.entries(p.env)) console.log(`${key}=${value}`);
      return 0;
    default:
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      console.error(`error: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`[infra] FAILED: ${err.message}`);
    if (process.env.CF_DEBUG && err.stack) console.error(err.stack);
    process.exit(1);
  },
);
