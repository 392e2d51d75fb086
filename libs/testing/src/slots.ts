import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const COUNTER = path.join(os.tmpdir(), 'clinic-flow-e2e-slots');
const BASE = Date.UTC(2035, 0, 1, 0, 0, 0);

/**
 * A slot (two free hours) nobody else in this machine's test runs has used: the counter is a file that
 * grows by one byte per slot, so test files (each with its own module registry) never collide.
 */
export function nextFreeSlot(): string {
  fs.appendFileSync(COUNTER, '.');
  const n = fs.statSync(COUNTER).size;
  return new Date(BASE + n * 2 * 3600_000).toISOString();
}
