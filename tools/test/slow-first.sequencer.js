'use strict';
/*
 * Runs the e2e files that wait longest on real timers first, so the parallel workers end together.
 * Jest orders by the durations it cached on an earlier run; a fresh clone (CI) has none, and then
 * a long file started last would set the length of the whole step.
 */
const Sequencer = require('@jest/test-sequencer').default;

/**
 * Longest first, as measured in a CI run of 3 workers (seconds): lifecycle 100 (an automatic
 * no-show), analytics-streams 98, patient-responses 90 (its tests side by side since), the
 * operations console 60-80, encryption-at-rest 63, reminders, waitlist-quiet-hours, audit-trail 55,
 * cross-site-and-roles, accounts and referrals 50 (chase timers of 20 s), encounters 50.
 */
const SLOW_FIRST = [
  'lifecycle', 'analytics-streams', 'patient-responses', 'operations-console', 'encryption-at-rest', 'reminders',
  'waitlist-quiet-hours', 'audit-trail', 'cross-site-and-roles', 'accounts', 'referrals', 'encounters', 'patient-merge',
];

/**
 * The after-e2e project's order (one after the other): the whole-API fuzzer's writes, then the log
 * scan, which must see the services' logs of every request, the fuzzer's included.
 */
const LAST = ['logs-hold-no-patient-data'];

const rank = (path) => {
  if (LAST.some((name) => path.endsWith(`/${name}.after-e2e-spec.ts`))) return SLOW_FIRST.length + 1;
  const i = SLOW_FIRST.findIndex((name) => path.endsWith(`/${name}.e2e-spec.ts`));
  return i === -1 ? SLOW_FIRST.length : i;
};

class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    return [...sorted].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = SlowFirstSequencer;
