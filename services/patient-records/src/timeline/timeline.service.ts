import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { EventEnvelope, TimelineDto } from '@clinic-flow/contracts';
import { PatientAccess } from '../patients/patient-access';
import { describe, mayReadTimelineKind, pageOf } from './timeline.rules';
import { TimelineRepository } from './timeline.repository';

@Injectable()
export class TimelineService {
  constructor(
    private readonly access: PatientAccess,
    private readonly entries: TimelineRepository,
  ) {}

  /** Keeps what an event says about patients (nothing for an event about none); idempotent per event and patient. */
  async record(event: EventEnvelope): Promise<void> {
    for (const draft of describe(event)) {
      await this.entries.add({
        _id: `${event.id}:${draft.patientId}`,
        eventId: event.id,
        patientId: draft.patientId,
        siteId: event.siteId ?? undefined,
        kind: draft.kind,
        type: event.type,
        occurredAt: new Date(event.time),
        summary: draft.summary,
        refId: draft.refId,
      });
    }
  }

  /**
   * A patient's timeline, newest first: the entries of the patient and of every record merged into
   * it (PatientAccess's recordIds), if the caller may open the patient at all.
   */
  async timeline(patientId: string, query: { before?: string; limit: number }, user: AuthUser): Promise<TimelineDto> {
    const { recordIds } = await this.access.open(SiteScope.of(user), patientId);
    const visible = (await this.entries.forRecords(recordIds)).filter((e) => mayReadTimelineKind(user.roles, e.kind));
    const { items, nextBefore } = pageOf(visible, query.before ? new Date(query.before) : undefined, query.limit);
    return {
      items: items.map((e) => ({
        id: e._id,
        kind: e.kind,
        type: e.type,
        occurredAt: e.occurredAt.toISOString(),
        summary: e.summary,
        refId: e.refId,
        patientId: e.patientId,
        siteId: e.siteId,
      })),
      nextBefore: nextBefore?.toISOString(),
    };
  }
}
