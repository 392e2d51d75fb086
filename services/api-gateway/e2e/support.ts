import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { ApiClient, urgentCareBooking } from '@clinic-flow/testing';

/**
 * A fresh patient with unique contact points, so each test reads only its own messages. Its last
 * name carries 16 random hex digits: registration warns of a duplicate when first name and date of
 * birth match and the last name is one typo away, and every run adds patients to the same database.
 * Names no log says by itself (not "Test" or "Patient"), so the scan of the logs after the run
 * (logs-hold-no-patient-data.after-e2e-spec.ts) finds them only where a service leaked them.
 */
export async function registerPatient(api: ApiClient, overrides: Record<string, string> = {}) {
  const tag = randomUUID().slice(0, 8);
  const res = await api.post('/patients', {
    firstName: 'Zephyrine',
    lastName: `Quillfeather-${randomUUID().replace(/-/g, '').slice(0, 16)}`,
    dateOfBirth: '1980-05-17',
    email: `patient-${tag}@example.com`,
    phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    preferredChannel: 'email',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`patient registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; email: string; phone: string; mrn: string; firstName: string; lastName: string; dateOfBirth: string };
}

/** A start time on the 1-minute test grid, `minSeconds` or more from now. */
export function startAtLeast(minSeconds: number): string {
  const t = new Date(Date.now() + minSeconds * 1000);
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  return t.toISOString();
}

/** A valid booking request for a patient (urgent care, bookable at any hour); override what the test is about. */
export function bookingRequest(patientId: string, overrides: Record<string, unknown> = {}) {
  return urgentCareBooking(patientId, overrides);
}

/** `iso` plus some minutes, as ISO-8601. */
export const plusMinutes = (iso: string, minutes: number): string => new Date(new Date(iso).getTime() + minutes * 60_000).toISOString();

/**
 * A random weekday (not a demo holiday) 2 to 150 days ahead at a random time between 08:00 and
 * 16:00 in New York (Downtown's zone; in-person types keep to the opening hours), as an ISO
 * instant: reruns against the same database do not meet the rooms they used before.
 */
export function downtownOpeningHoursSlot(): string {
  const holidays = ['2026-11-26', '2026-12-25', '2027-01-01', '2027-01-18', '2027-05-31', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24'];
  let day = DateTime.now().setZone('America/New_York').startOf('day').plus({ days: 2 + Math.floor(Math.random() * 148) });
  while (day.weekday > 5 || holidays.includes(day.toISODate()!)) day = day.plus({ days: 1 });
  return day.plus({ minutes: 8 * 60 + Math.floor(Math.random() * 8 * 60) }).toUTC().toISO()!;
}

/** A new staff account created by an office manager, with a password of its own (each test signs in as its own accounts). */
export async function createStaffAccount(manager: ApiClient, overrides: { roles?: string[]; siteIds?: string[]; name?: string } = {}) {
  const tag = randomUUID().slice(0, 8);
  const password = `pw-${randomUUID()}`;
  const res = await manager.post('/users', { email: `staff-${tag}@example.org`, name: `Staff ${tag}`, password, roles: ['receptionist'], siteIds: ['site-downtown'], ...overrides });
  if (res.status !== 201) throw new Error(`account creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...(res.body as { id: string; email: string; name: string; roles: string[]; siteIds: string[] }), password };
}

const PAST_ACCEPTED = ['paid', 'partially-paid', 'denied', 'reversed'];

/**
 * Whether a claim awaited in one of `wanted` statuses got there. Other e2e files run the shared
 * clearinghouse simulator's pay cycle and poll at any time, so a claim awaited as accepted may
 * already be adjudicated: that counts as accepted.
 */
export function claimStatusReached(wanted: string[], status: string): boolean {
  return wanted.includes(status) || (wanted.includes('accepted') && PAST_ACCEPTED.includes(status));
}

const CLEARINGHOUSE_LOCK = path.join(os.tmpdir(), `clinic-flow-e2e-clearinghouse-${process.env.CLINIC_FLOW_TEST_PROFILE ?? 'test'}.lock`);

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Holds the clearinghouse simulator's pay cycle for one e2e file: its pay cycle and polls adjudicate
 * every queued claim of every file, so files that assert what a cycle did run one at a time (the
 * others go on in parallel). A lock left by a dead process is taken over. Returns the release.
 */
export async function holdClearinghouse(): Promise<() => void> {
  for (;;) {
    try {
      fs.writeFileSync(CLEARINGHOUSE_LOCK, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(CLEARINGHOUSE_LOCK, { force: true });
    } catch {
      const holder = Number(fs.readFileSync(CLEARINGHOUSE_LOCK, { encoding: 'utf8', flag: 'a+' }) || 0);
      if (!holder || !alive(holder)) fs.rmSync(CLEARINGHOUSE_LOCK, { force: true });
      else await new Promise((r) => setTimeout(r, 250));
    }
  }
}
