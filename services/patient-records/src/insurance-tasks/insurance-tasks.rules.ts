import type { EligibilityChangedData, EligibilityStatus } from '@clinic-flow/contracts';
import type { NewTask } from '../tasks/tasks.service';

/*
 * The front desk's task for an eligibility change (`eligibility.changed` from insurance): what
 * changed in words from the change kinds (never amounts or payer text, which stay in insurance
 * behind its audited API), for the desk of the visit's site, linking the coverage, the checks and
 * the visit. Pure rules, no I/O.
 */

const STATUS_WORDS: Record<EligibilityStatus, string> = {
  active: 'active',
  inactive: 'inactive',
  'needs-attention': 'not confirmed',
  'payer-unavailable': 'not answered by the payer',
};

/** One phrase per kind of change (ELIGIBILITY_CHANGE_KINDS); a kind this build does not know still tells the desk to look. */
function phrase(kind: string, data: Pick<EligibilityChangedData, 'status' | 'previousStatus'>): string {
  switch (kind) {
    case 'status':
      return `coverage went from ${STATUS_WORDS[data.previousStatus] ?? data.previousStatus} to ${STATUS_WORDS[data.status] ?? data.status}`;
    case 'terminated':
      return 'coverage terminated';
    case 'plan':
      return 'plan changed';
    case 'deductible-met':
      return 'deductible now met';
    case 'deductible-remaining':
      return 'remaining deductible changed';
    case 'copay':
      return 'copay changed';
    case 'coinsurance':
      return 'coinsurance changed';
    case 'authorization-required':
      return 'prior authorization now required for some services';
    default:
      return 'other benefits changed';
  }
}

/** What the desk reads: the changes, for which date of service or visit, and what to do. */
export function eligibilityChangeTitle(data: Pick<EligibilityChangedData, 'changes' | 'status' | 'previousStatus' | 'dateOfService' | 'appointmentId'>): string {
  const phrases = [...new Set((data.changes.length ? data.changes : ['other']).map((k) => phrase(k, data)))];
  const what = phrases.join('; ');
  const when = data.appointmentId ? `for the visit on ${data.dateOfService}` : `as of ${data.dateOfService}`;
  const lost = data.status !== 'active';
  const todo = lost ? 'confirm the coverage with the patient (a new card?) before the visit' : 'review the coverage and what the patient will owe';
  return `Insurance changed ${when}: ${what}. Please ${todo}.`;
}

/** The task's deterministic id: one task per change event's check, however often the event comes. */
export const eligibilityTaskId = (checkId: string): string => `task_eligibility-changed_${checkId}`;

/**
 * The task for a change: at the visit's site (the event's siteId), else the patient's registration
 * site; due at once (the change was seen now and the visit may be today).
 */
export function eligibilityChangeTask(data: EligibilityChangedData, patient: { id: string; registeredAtSiteId: string }, seenAt: Date): NewTask {
  return {
    id: eligibilityTaskId(data.checkId),
    kind: 'eligibility-changed',
    patientId: patient.id,
    siteId: data.siteId ?? patient.registeredAtSiteId,
    title: eligibilityChangeTitle(data),
    due: seenAt,
    reference: { type: 'eligibility-check', id: data.checkId },
    links: {
      coverageId: data.coverageId,
      checkId: data.checkId,
      previousCheckId: data.previousCheckId,
      ...(data.appointmentId ? { appointmentId: data.appointmentId } : {}),
    },
  };
}
