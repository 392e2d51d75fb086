import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ApiClient } from './api-client';
import { TEST_PROFILE } from './infra';

/**
 * Bookable at any hour in the demo data: `urgent-care` (15 min, telehealth, no lead time, 30-day
 * horizon) with the virtual provider `prov-urgent-care`, at both demo sites.
 */
export const URGENT_CARE = { appointmentTypeId: 'urgent-care', providerId: 'prov-urgent-care', minutes: 15, horizonDays: 30 } as const;

const STATE = path.join(os.tmpdir(), `clinic-flow-e2e-slots-${TEST_PROFILE}`);
const LOCK = `${STATE}.lock`;
const SLOT_MS = URGENT_CARE.minutes * 60_000;
const FIRST_AHEAD_MS = 60 * 60_000;
/** Past this the allocator starts again near now (bookings of a long-gone run may then collide). */
const LAST_AHEAD_MS = (URGENT_CARE.horizonDays - 2) * 86_400_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function withLock<T>(work: () => T): T {
  for (let waited = 0; ; waited += 5) {
    try {
      fs.mkdirSync(LOCK);
      break;
    } catch {
      // A lock left by a killed test process is broken after a few seconds.
      if (waited > 3000) fs.rmSync(LOCK, { recursive: true, force: true });
      sleepSync(5);
    }
  }
  try {
    return work();
  } finally {
    fs.rmSync(LOCK, { recursive: true, force: true });
  }
}

/**
 * A 15-minute start for `prov-urgent-care` that no test of this profile has used: an allocator
 * shared by every test file and process (a file under a lock) hands out consecutive slots from
 * an hour ahead, so reruns against the same database never collide.
 */
export function nextFreeSlot(): string {
  return withLock(() => {
    const now = Date.now();
    const floor = Math.ceil((now + FIRST_AHEAD_MS) / SLOT_MS) * SLOT_MS;
    const stored = Number(fs.existsSync(STATE) ? fs.readFileSync(STATE, 'utf8') : 0) || 0;
    const next = stored >= floor && stored <= now + LAST_AHEAD_MS ? stored : floor;
    fs.writeFileSync(STATE, String(next + SLOT_MS));
    return new Date(next).toISOString();
  });
}

/** A booking request for `urgent-care` with `prov-urgent-care` at a fresh slot; override what the test is about. */
export function urgentCareBooking(patientId: string, overrides: Record<string, unknown> = {}) {
  return {
    patientId,
    providerId: URGENT_CARE.providerId,
    siteId: 'site-downtown',
    appointmentTypeId: URGENT_CARE.appointmentTypeId,
    start: nextFreeSlot(),
    reason: 'Sore throat',
    ...overrides,
  };
}

/**
 * A provider of its own for a test, available around the clock at a site unless `sessions` give
 * its weekly template (a fresh calendar: any time within a type's horizon is free). Needs a client
 * allowed to manage the schedule (office-manager).
 */
export async function createTestProvider(
  officeManager: ApiClient,
  options: { siteId?: string; role?: string; name?: string; sessions?: Array<{ weekday: number; start: string; end: string; appointmentTypeIds?: string[] }> } = {},
): Promise<{ id: string; name: string; siteId: string }> {
  const siteId = options.siteId ?? 'site-downtown';
  const id = `prov-e2e-${randomUUID().slice(0, 8)}`;
  const name = options.name ?? `Dr. Test ${id.slice(-8)}`;
  const created = await officeManager.post('/providers', { id, name, role: options.role ?? 'physician', specialty: 'Testing', siteIds: [siteId] });
  if (created.status !== 201) throw new Error(`provider creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  const sessions = options.sessions ?? [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  const template = await officeManager.put(`/providers/${id}/availability/${siteId}`, { sessions });
  if (template.status !== 200) throw new Error(`availability template failed: ${template.status} ${JSON.stringify(template.body)}`);
  return { id, name, siteId };
}
