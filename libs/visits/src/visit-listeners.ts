import { Injectable } from '@nestjs/common';
import type { VisitRecord } from './visits.schema';

/** What happened to a visit: the scheduling event that changed insurance's copy. */
export type VisitChangeKind = 'booked' | 'rescheduled' | 'confirmed' | 'checked-in' | 'completed' | 'cancelled' | 'no-show';

export interface VisitChange {
  kind: VisitChangeKind;
  /** The visit after the change. */
  visit: VisitRecord;
  /** The visit before it (null when first seen). */
  previous: VisitRecord | null;
  /** The scheduling event's id (stable across redeliveries: listeners use it for idempotency). */
  eventId: string;
}

/** A feature that reacts to visits (eligibility at booking, authorizations' assessment and units). */
export interface VisitListener {
  readonly name: string;
  onVisitChanged(change: VisitChange): Promise<void>;
}

/**
 * The features that listen to visits register here when their module starts, so the one
 * consumer of scheduling's appointment events (a service has one handler per event type) can
 * hand each change to all of them without depending on them. A listener's error fails the
 * event: it is retried (transient) or dead-lettered like any other handler error, so listeners
 * must be idempotent (the inbox stops a handled event, not one that failed half-way).
 */
@Injectable()
export class VisitListeners {
  private readonly listeners: VisitListener[] = [];

  register(listener: VisitListener): void {
    if (this.listeners.some((l) => l.name === listener.name)) throw new Error(`visit listener ${listener.name} registered twice`);
    this.listeners.push(listener);
  }

  async notify(change: VisitChange): Promise<void> {
    for (const listener of this.listeners) await listener.onVisitChanged(change);
  }
}
