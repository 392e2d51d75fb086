import { randomUUID } from 'node:crypto';
import { ApiClient, nextFreeSlot } from '@clinic-flow/testing';

/** A fresh patient with unique contact points, so each test reads only its own messages. */
export async function registerPatient(api: ApiClient, overrides: Record<string, string> = {}) {
  const tag = randomUUID().slice(0, 8);
  const res = await api.post('/patients', {
    firstName: 'Test',
    lastName: `Patient-${tag}`,
    dateOfBirth: '1980-05-17',
    email: `patient-${tag}@example.com`,
    phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
    preferredChannel: 'email',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`patient registration failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; email: string; phone: string; mrn: string };
}

/** A start time on the 1-minute test grid, `minSeconds` or more from now. */
export function startAtLeast(minSeconds: number): string {
  const t = new Date(Date.now() + minSeconds * 1000);
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  return t.toISOString();
}

/** A valid booking request for a patient; override what the test is about. */
export function bookingRequest(patientId: string, overrides: Record<string, unknown> = {}) {
  return { patientId, providerId: 'prov-ana-ruiz', siteId: 'site-downtown', start: nextFreeSlot(), durationMinutes: 30, reason: 'Checkup', ...overrides };
}
