'use strict';
/*
 * When `npm start` starts a service again after it died: at once the first time, then with a
 * doubling pause (1 s, 2 s, 4 s ... at most 30 s) while it keeps dying, so a service that cannot
 * start (its database is gone, a bad setting) does not spin. A run that lasted `stableMs` counts as
 * healthy: the next death starts from the beginning again.
 */

const DEFAULTS = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

class RestartBackoff {
  constructor(options = {}) {
    this.options = { ...DEFAULTS, ...options };
    /** Deaths in a row, each after a run shorter than stableMs. */
    this.failures = 0;
    /** Restarts so far, for the log. */
    this.restarts = 0;
  }

  /**
   * The pause before starting again a service that ran `ranMs` and died. The first death after a
   * stable run is restarted after `initialMs`; each quick death after that doubles it, up to `maxMs`.
   */
  next(ranMs) {
    if (ranMs >= this.options.stableMs) this.failures = 0;
    this.failures += 1;
    this.restarts += 1;
    return Math.min(this.options.maxMs, this.options.initialMs * 2 ** (this.failures - 1));
  }
}

module.exports = { RestartBackoff, DEFAULTS };
