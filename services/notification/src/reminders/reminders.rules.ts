import { DateTime, Duration } from 'luxon';
import { Channel } from '@clinic-flow/contracts';

export interface PlannedReminder {
  id: string;
  offset: string;
  scheduledFor: Date;
}

/**
 * Deterministic id of one reminder of one appointment: the same event handled twice plans the
 * same ids, and the queue refuses a job id it already has, so nothing is scheduled twice.
 */
export function reminderId(appointmentId: string, offset: string): string {
  return `rem_${appointmentId}_${offset}`;
}

/** Reminders due before the start, at each offset; those whose time has already passed are not planned. */
export function planReminders(appointmentId: string, start: Date, offsets: string[], now: Date): PlannedReminder[] {
  return offsets
    .map((offset) => ({ id: reminderId(appointmentId, offset), offset, scheduledFor: new Date(start.getTime() - Duration.fromISO(offset).toMillis()) }))
    .filter((r) => r.scheduledFor.getTime() > now.getTime())
    .sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
}

export interface ContactPoints {
  email?: string;
  phone?: string;
  preferredChannel: Channel;
}

/** The patient's chosen channel if we can reach them on it, else the other one, else none. */
export function chooseChannel(contact: ContactPoints): { channel: Channel; address: string } | null {
  const address = (channel: Channel) => (channel === 'email' ? contact.email : contact.phone);
  const order: Channel[] = contact.preferredChannel === 'email' ? ['email', 'sms'] : ['sms', 'email'];
  for (const channel of order) {
    const to = address(channel);
    if (to) return { channel, address: to };
  }
  return null;
}

export interface ReminderContent {
  patientFirstName: string;
  providerName: string;
  siteName: string;
  siteTimeZone: string;
  start: Date;
}

/** What the patient reads: what it is about, when (in the site's time zone) and where. */
export function renderReminder(content: ReminderContent, channel: Channel): { subject: string; text: string } {
  const when = DateTime.fromJSDate(content.start, { zone: content.siteTimeZone }).toFormat("cccc, LLLL d 'at' h:mm a ZZZZ");
  const subject = `Appointment reminder: ${when}`;
  if (channel === 'sms') {
    return { subject, text: `Reminder: ${content.patientFirstName}, you see ${content.providerName} at ${content.siteName} on ${when}. Call the clinic to change it.` };
  }
  const text = [
    `Hello ${content.patientFirstName},`,
    '',
    `This is a reminder of your appointment with ${content.providerName}`,
    `at ${content.siteName} on ${when}.`,
    '',
    'If you cannot come, please call the clinic so we can offer the time to another patient.',
    '',
    'Clinic Flow',
  ].join('\n');
  return { subject, text };
}
