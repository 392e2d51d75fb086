import type { AcceptedWidening } from './compatibility';

/**
 * Enum values added within a published version after review. Each is safe only in the deploy order
 * it names: consumers validate the field against their own contract and dead-letter a value they do
 * not know, so they must run the new contract before the producer sends the value.
 */
export const ACCEPTED_WIDENINGS: readonly AcceptedWidening[] = [
  {
    events: ['notification.sent.v1', 'notification.failed.v1', 'notification.skipped.v1'],
    path: 'data.kind',
    values: ['statement-ready'],
    reason: "billing's statement messages (issue 12) are messages like any other; a new version of three events for one kind would split every consumer's handlers",
    deployOrder: 'scheduling and patient-records (the consumers of notification.*) before notification',
  },
];
