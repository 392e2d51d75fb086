'use strict';
/*
 * Runs the e2e files that wait longest on real timers first, so the parallel workers end together.
 * Jest orders by the durations it cached on an earlier run; a fresh clone (CI) has none, and then
 * a long file started last would set the length of the whole step.
 */
const Sequencer = require('@jest/test-sequencer').default;

/** Longest first, as measured (seconds in one run): patient-responses 150, lifecycle 95, ..., referrals 50 (chase timers of 20 s) */
const SLOW_FIRST = ['patient-responses', 'lifecycle', 'waitlist-quiet-hours', 'reminders', 'referrals', 'walking-flow'];

const rank = (path) => {
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
