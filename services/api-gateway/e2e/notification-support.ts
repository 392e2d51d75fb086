import { randomUUID } from 'node:crypto';
import { EventDefinition, Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, waitFor } from '@clinic-flow/testing';

/*
 * Notification tests drive the service with the events scheduling would publish, so they do not
 * depend on how far booking rules have come: the same contracts, published raw to Kafka.
 */

export type Notification = {
  id: string;
  kind: string;
  status: string;
  channel?: string;
  offset?: string;
  dueAt?: string;
  scheduledFor: string;
  sentAt?: string;
  reason?: string;
  appointmentId?: string;
};

/** Publishes an event as its producer would (envelope, key = subject). */
export async function publish<T extends object>(probe: KafkaProbe, def: EventDefinition<T>, subject: string, siteId: string, data: T): Promise<string> {
  const id = randomUUID();
  const envelope = { id, type: def.type, version: def.version, source: def.producer, time: new Date().toISOString(), subject, siteId, correlationId: `e2e-${id}`, causationId: null, data };
  await probe.publish(def.topic, subject, JSON.stringify(envelope));
  return id;
}

/** appointment.booked data for a fake appointment at Downtown (New York) starting at `start`. */
export function booked(patientId: string, start: Date, overrides: Record<string, unknown> = {}) {
  const appointmentId = `e2e-${randomUUID()}`;
  return {
    appointmentId,
    patientId,
    providerId: 'prov-ana-ruiz',
    providerName: 'Dr. Ana Ruiz',
    siteId: 'site-downtown',
    siteName: 'Downtown Family Clinic',
    siteTimeZone: 'America/New_York',
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    durationMinutes: 30,
    reason: 'Checkup',
    status: 'booked' as const,
    bookedBy: 'e2e',
    revision: 1,
    ...overrides,
  };
}

/** appointment.rescheduled data moving a `booked(...)` appointment to `start` (same provider and site). */
export function rescheduled(data: ReturnType<typeof booked>, start: Date, revision: number) {
  const { appointmentId, patientId, providerId, siteId, providerName, siteName, siteTimeZone } = data;
  return {
    appointmentId, patientId, providerId, siteId, providerName, siteName, siteTimeZone,
    start: start.toISOString(),
    end: new Date(start.getTime() + 30 * 60_000).toISOString(),
    previousProviderId: providerId,
    previousStart: data.start,
    previousEnd: data.end,
    rescheduledBy: 'e2e',
    status: 'booked' as const,
    revision,
  };
}

/** A policy for a fresh appointment type id, so a test's reminder timing is its own. */
export async function typeWithPolicy(manager: ApiClient, policy: object): Promise<string> {
  const typeId = `e2e-type-${randomUUID().slice(0, 8)}`;
  const res = await manager.put(`/reminder-policies/appointment-types/${typeId}`, policy);
  if (res.status !== 200) throw new Error(`policy not stored: ${res.status} ${JSON.stringify(res.body)}`);
  return typeId;
}

export const notificationsOf = async (api: ApiClient, appointmentId: string): Promise<Notification[]> => (await api.get(`/appointments/${appointmentId}/notifications`)).body.items ?? [];
export const patientNotifications = async (api: ApiClient, patientId: string): Promise<Notification[]> => (await api.get(`/patients/${patientId}/notifications`)).body.items ?? [];

/** Waits until the appointment lists messages matching `check`. */
export function waitForNotifications(api: ApiClient, appointmentId: string, check: (items: Notification[]) => boolean, what: string, timeoutMs = 30_000): Promise<Notification[]> {
  return waitFor(
    async () => {
      const items = await notificationsOf(api, appointmentId);
      return check(items) && items;
    },
    { what, timeoutMs },
  );
}

/** Events of a type seen by the probe (parsed). */
export function seenEvents<T = Record<string, unknown>>(probe: KafkaProbe, type: string): Array<{ id: string; data: T }> {
  return probe.envelopes().filter((e) => e.type === type);
}

export { Topics };
