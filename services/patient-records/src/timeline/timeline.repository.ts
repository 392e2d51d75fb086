import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores } from '@clinic-flow/messaging';
import { TimelineEntryRecord, TimelineEntrySchema } from './timeline.schema';

/** Timeline entries are written by the consumer and read for a patient the caller opened (PatientAccess decides). */
const TIMELINE = SiteScope.service('timeline entries of a patient opened through PatientAccess');

/** The only code that touches the timeline_entries collection and its per-patient look-up. */
@Injectable()
export class TimelineRepository {
  private readonly entries: AggregateStore<TimelineEntryRecord, 'byPatient'>;

  constructor(stores: AggregateStores) {
    this.entries = stores.create<TimelineEntryRecord, 'byPatient'>({
      name: 'TimelineEntry',
      collection: 'timeline_entries',
      schema: TimelineEntrySchema,
      // An entry belongs to its patient, whose access PatientAccess decides before any read.
      site: 'network-wide',
      // A patient's entries are one read by _id of the look-up, then one per entry (FerretDB scans for a filter on patientId).
      lookups: { byPatient: { collection: 'timeline_by_patient', field: 'entryIds', keys: (e) => [e.patientId] } },
      // A line's summary may name people, providers and what happened.
      sealed: ['summary'],
    });
  }

  /** Adds the entry unless it is there (a redelivered event adds nothing). */
  async add(entry: Omit<TimelineEntryRecord, 'version'>): Promise<void> {
    await this.entries.insertOnce(TIMELINE, entry);
  }

  /** Every entry kept under these record ids. */
  async forRecords(recordIds: string[]): Promise<TimelineEntryRecord[]> {
    return (await Promise.all(recordIds.map((id) => this.entries.findBy(TIMELINE, 'byPatient', id)))).flat();
  }
}
