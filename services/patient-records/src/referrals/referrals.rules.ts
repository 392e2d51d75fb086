import { Duration } from 'luxon';
import { ReferralAwaiting, ReferralStatus } from '@clinic-flow/contracts';
import { conflict, invalid } from '@clinic-flow/platform';

/*
 * A referral's way to its end, as pure rules: which step may follow which, what an open referral
 * waits for, and when it is chased if that does not come. No Nest, no I/O.
 */

/** The steps in their order; `cancelled` may end any open referral. */
const ORDER: ReferralStatus[] = ['created', 'sent', 'appointment-known', 'report-received', 'closed'];
export const OPEN_REFERRAL_STATUSES: ReferralStatus[] = ['created', 'sent', 'appointment-known', 'report-received'];
export const isOpen = (status: ReferralStatus): boolean => OPEN_REFERRAL_STATUSES.includes(status);

/** The statuses a chase is planned for, with a per-step waiting time. */
export type ChaseAfter = Record<(typeof OPEN_REFERRAL_STATUSES)[number], number>;

/**
 * `P14D` (every step) or `P14D,sent=P10D,appointment-known=P30D` (per-step overrides) -> ms per
 * open status. Throws with a message naming what is wrong.
 */
export function parseChaseAfter(value: string): ChaseAfter {
  const parts = value.split(',').map((p) => p.trim()).filter(Boolean);
  const ms = (text: string): number => {
    const duration = Duration.fromISO(text);
    if (!duration.isValid || duration.toMillis() <= 0) throw new Error(`'${text}' is not a positive ISO-8601 duration (e.g. P14D, PT20S)`);
    return duration.toMillis();
  };
  const [all, ...overrides] = parts;
  if (!all || all.includes('=')) throw new Error('must start with a duration for every step, e.g. P14D');
  const result = Object.fromEntries(OPEN_REFERRAL_STATUSES.map((s) => [s, ms(all)])) as ChaseAfter;
  for (const override of overrides) {
    const [step, duration] = override.split('=');
    if (!OPEN_REFERRAL_STATUSES.includes(step as ReferralStatus) || !duration) {
      throw new Error(`'${override}' must be <step>=<duration> with a step of ${OPEN_REFERRAL_STATUSES.join(', ')}`);
    }
    result[step as keyof ChaseAfter] = ms(duration);
  }
  return result;
}

/**
 * Whether `to` may follow `from`. Steps go forward (one may be skipped: a patient may book before
 * the letter is recorded as sent); the specialist appointment may be recorded again (moved);
 * cancelled ends any open referral; an ended one takes no step.
 */
export function assertStep(from: ReferralStatus, to: ReferralStatus): void {
  if (!isOpen(from)) throw conflict('REFERRAL.CLOSED', `The referral is ${from}; it takes no further step.`);
  if (to === 'created') throw invalid('REFERRAL.STEP_INVALID', 'A referral cannot go back to created.');
  if (to === 'cancelled') return;
  if (to === 'appointment-known' && from === 'appointment-known') return;
  if (ORDER.indexOf(to) <= ORDER.indexOf(from)) throw conflict('REFERRAL.STEP_OUT_OF_ORDER', `A referral that is ${from} cannot be marked ${to}.`);
}

/** What an open referral waits for, and whether the patient is the one to remind. */
export function awaitingOf(status: ReferralStatus): { awaiting: ReferralAwaiting; remindPatient: boolean } | null {
  switch (status) {
    case 'created':
      return { awaiting: 'letter', remindPatient: false };
    case 'sent':
      return { awaiting: 'appointment', remindPatient: true };
    case 'appointment-known':
      return { awaiting: 'report', remindPatient: true };
    case 'report-received':
      return { awaiting: 'review', remindPatient: false };
    default:
      return null;
  }
}

/**
 * When an open referral is chased if it makes no step: the waiting time of its status after the
 * step; waiting for the report counts from the specialist appointment when that is later.
 */
export function chaseDueAt(referral: { status: ReferralStatus; stepAt: Date; appointmentAt?: Date }, chaseAfter: ChaseAfter): Date | null {
  if (!isOpen(referral.status)) return null;
  const wait = chaseAfter[referral.status as keyof ChaseAfter];
  const from = referral.status === 'appointment-known' && referral.appointmentAt && referral.appointmentAt > referral.stepAt ? referral.appointmentAt : referral.stepAt;
  return new Date(from.getTime() + wait);
}

/** One chase per referral, status and step time: a duplicate plan is a no-op, a new step plans a new one. */
export const chaseKey = (referralId: string, status: ReferralStatus, stepAt: Date): string => `${referralId}_${status}_${stepAt.getTime()}`;

/** The desk's words for a chase task (no clinical content: the referral itself holds that). */
export const TASK_TITLES: Record<ReferralAwaiting, string> = {
  letter: 'Referral letter not sent yet: send it to the specialist',
  appointment: 'No specialist appointment known: call the patient',
  report: "Specialist's report not received: ask the specialist's office for it",
  review: 'Specialist report received: have it reviewed and close the referral',
};
