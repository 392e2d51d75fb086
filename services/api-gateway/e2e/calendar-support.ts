import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { DEMO_SITES } from '@clinic-flow/demo-data';
import { ApiClient, createTestProvider } from '@clinic-flow/testing';

/** Downtown's zone: the demo site these tests set calendars up at. */
export const NY = 'America/New_York';
const CLOSED = new Set(DEMO_SITES[0].closures.map((c) => c.date));

export interface Session {
  weekday: number;
  start: string;
  end: string;
  appointmentTypeIds?: string[];
}

/** A provider of the test's own at Downtown with exactly these weekly sessions (reruns never meet each other). */
export async function providerWithTemplate(manager: ApiClient, sessions: Session[], siteId = 'site-downtown'): Promise<string> {
  return (await createTestProvider(manager, { siteId, sessions, name: `Dr. Calendar ${randomUUID().slice(0, 8)}` })).id;
}

/** The first local date at least `minDays` ahead that falls on an ISO weekday and is no Downtown holiday. */
export function nextWeekday(weekday: number, minDays: number): string {
  let day = DateTime.now().setZone(NY).startOf('day').plus({ days: minDays });
  while (day.weekday !== weekday || CLOSED.has(day.toISODate()!)) day = day.plus({ days: 1 });
  return day.toISODate()!;
}

/** `date` at local `time` in New York, as the API writes it (ISO-8601 with the offset of that day). */
export const local = (date: string, time: string): string => DateTime.fromISO(`${date}T${time}`, { zone: NY }).toISO({ suppressMilliseconds: true })!;

/** Start times (local HH:mm) of a slot list. */
export const times = (items: Array<{ start: string }>): string[] => items.map((s) => s.start.slice(11, 16));
