'use strict';
/*
 * Round trips per booking, counted rather than guessed: every service's own counters (the
 * database commands its driver sent, by command and collection, from MongoDB command monitoring;
 * the events its outbox relay published) and Redis's own per-command counts (INFO commandstats),
 * read before and after a run of bookings. The difference divided by the bookings is what one
 * booking costs, background work of that time included (relay sweeps, job reconciliation): on an
 * otherwise idle system that is the booking's share of every engine's work.
 */

/** Every series of a Prometheus text page whose name is one of `names`, as "name{labels}" -> value. */
function parseMetrics(text, names) {
  const out = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match || !names.includes(match[1])) continue;
    out[`${match[1]}${match[2] ?? ''}`] = Number(match[3]);
  }
  return out;
}

const label = (series, name) => new RegExp(`${name}="([^"]*)"`).exec(series)?.[1];

/** Redis INFO commandstats as command -> calls. */
function parseCommandStats(text) {
  const out = {};
  for (const line of text.split('\n')) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line.trim());
    if (match) out[match[1]] = Number(match[2]);
  }
  return out;
}

const COUNTERS = ['db_operation_duration_seconds_count', 'outbox_events_published_total', 'http_requests_total'];

/** What every service and Redis have counted so far. */
async function snapshot({ ports, redisUrl }) {
  const services = {};
  await Promise.all(
    Object.entries(ports).map(async ([service, port]) => {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(10_000) }).catch(() => null);
      services[service] = res?.ok ? parseMetrics(await res.text(), COUNTERS) : {};
    }),
  );
  const Redis = require('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  let redisCalls = {};
  try {
    await redis.connect();
    redisCalls = parseCommandStats(await redis.info('commandstats'));
  } finally {
    redis.disconnect();
  }
  return { services, redis: redisCalls };
}

const per = (n, count) => Math.round((n / count) * 100) / 100;

/**
 * Per booking, between two snapshots: database commands by service and `command collection`,
 * events published by service, HTTP requests served by service, Redis calls by command (the
 * INFO/commandstats reads of the measurement itself left out). Zero rows are dropped.
 */
function perBooking(before, after, bookings) {
  const db = {};
  const published = {};
  const http = {};
  let dbTotal = 0;
  for (const [service, series] of Object.entries(after.services)) {
    for (const [key, value] of Object.entries(series)) {
      const delta = value - (before.services[service]?.[key] ?? 0);
      if (delta <= 0) continue;
      if (key.startsWith('db_operation_duration_seconds_count')) {
        const row = `${label(key, 'command')} ${label(key, 'collection')}`;
        db[service] ??= {};
        db[service][row] = (db[service][row] ?? 0) + delta;
        dbTotal += delta;
      } else if (key.startsWith('outbox_events_published_total')) {
        published[service] = (published[service] ?? 0) + delta;
      } else if (key.startsWith('http_requests_total') && !/route="\/(metrics|health)/.test(key)) {
        http[service] = (http[service] ?? 0) + delta;
      }
    }
  }
  const redis = {};
  let redisTotal = 0;
  for (const [command, calls] of Object.entries(after.redis)) {
    if (command === 'info') continue;
    const delta = calls - (before.redis[command] ?? 0);
    if (delta <= 0) continue;
    redis[command] = per(delta, bookings);
    redisTotal += delta;
  }
  const scale = (table) => Object.fromEntries(Object.entries(table).map(([k, v]) => [k, typeof v === 'number' ? per(v, bookings) : scale(v)]));
  const sortRows = (rows) => Object.fromEntries(Object.entries(rows).sort((a, b) => b[1] - a[1]));
  return {
    bookings,
    databaseCommands: per(dbTotal, bookings),
    databaseByService: Object.fromEntries(Object.entries(scale(db)).map(([s, rows]) => [s, sortRows(rows)])),
    eventsPublished: scale(published),
    httpRequests: scale(http),
    redisCalls: per(redisTotal, bookings),
    redisByCommand: sortRows(redis),
  };
}

module.exports = { snapshot, perBooking, parseMetrics, parseCommandStats };
