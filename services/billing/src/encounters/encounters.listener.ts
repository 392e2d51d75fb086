import { Injectable, OnModuleInit } from '@nestjs/common';
import { VisitChange, VisitListener, VisitListeners } from '@clinic-flow/visits';
import { EncountersService } from './encounters.service';

/**
 * Checkout opens the visit's draft encounter. Only a completed visit is charged: a cancelled or
 * no-show visit makes none. Idempotent: the encounter's id is the appointment's, so a redelivered
 * event (or a second checkout event) finds the draft and writes nothing.
 */
@Injectable()
export class EncountersListener implements VisitListener, OnModuleInit {
  readonly name = 'encounters-at-checkout';

  constructor(
    private readonly listeners: VisitListeners,
    private readonly encounters: EncountersService,
  ) {}

  onModuleInit(): void {
    this.listeners.register(this);
  }

  async onVisitChanged({ kind, visit }: VisitChange): Promise<void> {
    if (kind !== 'completed') return;
    await this.encounters.draftFor(visit);
  }
}
