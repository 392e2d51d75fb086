'use strict';
/*
 * One way to run a whole system for a script (`npm run bench`, `npm run chaos`): check the profile's
 * service ports are free (before `up --fresh` would wipe the state of a run in progress), start the
 * profile's infrastructure with empty state and build (or reuse both), start every service (twice if
 * need be), hand the running system to the script, and stop what was started, also on SIGINT or
 * SIGTERM at any moment. A signal that arrives while the services start aborts their start, which
 * stops those already spawned, before the infrastructure goes down: nothing is left running.
 */
const net = require('node:net');

/** True if any of the ports answers: someone else's system is using them. */
async function anyPortOpen(ports) {
  const open = (port) =>
    new Promise((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
  return (await Promise.all(ports.map(open))).some(Boolean);
}

/**
 * Runs `body({ system, infra, gatewayUrl })` on a running system of `profile` and resolves to what it
 * resolves to. `tag` prefixes the log lines ("bench", "chaos"); `overrides` are the services'
 * settings (startSystem's); `reuseInfra`: the infrastructure is up and the build done already,
 * use them and leave the infrastructure up.
 */
async function runOnSystem({ profile, tag, overrides, reuseInfra = false, log }, body) {
  const infra = require('../infra');
  const { build } = require('../../tools/build/build');
  const { startSystem, servicePorts } = require('./system');
  if (await anyPortOpen(Object.values(servicePorts(profile)))) {
    throw new Error(`the ${profile} profile's service ports are in use (npm test, a bench or a chaos run?); try again when it is done`);
  }

  let infraStarted = false;
  let system = null;
  let starting = null;
  let cleaning = null;
  const interrupt = new AbortController();
  const cleanup = () =>
    (cleaning ??= (async () => {
      // Services still starting are stopped by their start (aborted), before the infrastructure goes.
      interrupt.abort();
      const started = system ?? (await starting?.catch(() => null));
      if (started) await started.stop().catch((e) => log(`[${tag}] stopping services failed: ${e.message}`));
      if (infraStarted && !reuseInfra) await infra.down(profile, { log }).catch((e) => log(`[${tag}] infra down failed: ${e.message}`));
    })());
  const onSignal = (sig) => {
    log(`[${tag}] ${sig}: cleaning up ...`);
    void cleanup().then(() => process.exit(130));
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, onSignal);

  // startSystem, tried twice: on a Kafka that has just come up, a service sometimes exits during
  // start-up ("This server does not host this topic-partition"). startSystem stops the rest first.
  const start = async () => {
    const options = { overrides, log, signal: interrupt.signal };
    try {
      return await startSystem(profile, options);
    } catch (error) {
      if (cleaning) throw error;
      log(`[${tag}] services failed to start, retrying once: ${error.message.split('\n')[0]}`);
      return startSystem(profile, options);
    }
  };

  try {
    infraStarted = true;
    if (!reuseInfra) {
      await infra.up(profile, { fresh: true, log });
      await build({ log });
    }
    if (cleaning) throw new Error('interrupted');
    starting = start();
    system = await starting;
    if (cleaning) throw new Error('interrupted');
    return await body({ system, infra, gatewayUrl: `http://127.0.0.1:${system.ports['api-gateway']}` });
  } finally {
    log(`[${tag}] stopping services${reuseInfra ? '' : ' and test infrastructure'} ...`);
    await cleanup();
    for (const sig of ['SIGINT', 'SIGTERM']) process.removeListener(sig, onSignal);
  }
}

module.exports = { runOnSystem, anyPortOpen };
