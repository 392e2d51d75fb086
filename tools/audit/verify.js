'use strict';
/*
 * `npm run audit:verify`: reads every audit chain straight from each service's database (the
 * profile's connection settings, as the services get them) and checks it with the same verifyChain
 * the services' GET /audit/verify uses. Prints one JSON document: per service and chain, ok or the
 * broken entries (seq, id, why). Exit code 1 when any chain is broken, 2 when it could not check.
 *
 *   npm run audit:verify                                     # dev profile (npm start)
 *   npm run audit:verify -- --profile test-b                 # another profile
 *   npm run audit:verify -- --service patient-records --collection audit_entries_copy
 *   MONGO_URL=mongodb://db:27017 npm run audit:verify        # a deployment's database
 */
const fs = require('node:fs');
const path = require('node:path');
const Module = require('node:module');

const ROOT = path.resolve(__dirname, '..', '..');
/** The services that keep an audit trail, and their databases (each service's MONGO_DB default). */
const AUDITED = { 'patient-records': 'clinic_patient_records', scheduling: 'clinic_scheduling', notification: 'clinic_notification', insurance: 'clinic_insurance', billing: 'clinic_billing' };

/** Loads libs/audit/src/chain.ts (pure: node:crypto only) compiled on the fly with the repo's SWC settings. */
function loadChain() {
  const swc = require('@swc/core');
  const { swcOptions } = require(path.join(ROOT, 'tools/build/swc-options.js'));
  const file = path.join(ROOT, 'libs/audit/src/chain.ts');
  const { code } = swc.transformSync(fs.readFileSync(file, 'utf8'), { ...swcOptions(), filename: file, sourceMaps: false });
  const m = new Module(file, module);
  m.filename = file;
  m.paths = Module._nodeModulePaths(path.dirname(file));
  m._compile(code, file);
  return m.exports;
}

function parseArgs(argv) {
  const args = { profile: process.env.CLINIC_FLOW_PROFILE || 'dev', services: [], collection: 'audit_entries' };
  for (let i = 0; i < argv.length; i += 1) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--profile') args.profile = value;
    else if (name === '--service') args.services.push(value);
    else if (name === '--collection') args.collection = value;
    else throw new Error(`unknown argument ${name} (use --profile, --service, --collection)`);
    i += 1;
  }
  for (const service of args.services) if (!AUDITED[service]) throw new Error(`${service} keeps no audit trail (${Object.keys(AUDITED).join(', ')} do)`);
  if (!/^audit_entries[A-Za-z0-9_]*$/.test(args.collection)) throw new Error('--collection must be audit_entries or start with audit_entries');
  if (!args.services.length) args.services = Object.keys(AUDITED);
  return args;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const { verifyChains } = loadChain();
  const { MongoClient } = require('mongodb');
  const url = process.env.MONGO_URL || require(path.join(ROOT, 'infra/lib/profile.js')).profile(args.profile).env.MONGO_URL;
  const client = await MongoClient.connect(url, { serverSelectionTimeoutMS: 10000 });
  try {
    const services = [];
    for (const service of args.services) {
      const entries = await client.db(AUDITED[service]).collection(args.collection).find({}).toArray();
      const chains = verifyChains(entries);
      services.push({ service, database: AUDITED[service], collection: args.collection, ok: chains.every((c) => c.ok), chains });
    }
    const ok = services.every((s) => s.ok);
    process.stdout.write(`${JSON.stringify({ ok, profile: process.env.MONGO_URL ? undefined : args.profile, services }, null, 2)}\n`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await client.close();
  }
}

main().catch((error) => {
  process.stderr.write(`audit:verify could not check: ${error.message}\n`);
  process.exitCode = 2;
});
