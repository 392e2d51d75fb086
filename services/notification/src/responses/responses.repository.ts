import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, OutboxEntry } from '@clinic-flow/messaging';
import { PatientResponseRecord, PatientResponseSchema } from './responses.schema';

/** The only code that touches patient_responses. */
@Injectable()
export class ResponsesRepository {
  private readonly responses: AggregateStore<PatientResponseRecord>;

  constructor(stores: AggregateStores) {
    this.responses = stores.create<PatientResponseRecord>({ name: 'PatientResponse', collection: 'patient_responses', schema: PatientResponseSchema, site: (r) => r.siteId });
  }

  /**
   * Records a response with its event (one insert, atomic). The id is derived from what was
   * answered (the link token, the inbound SMS id), so a repeat finds the first one and adds nothing.
   */
  async record(scope: SiteScope, response: Omit<PatientResponseRecord, 'version'>, events: OutboxEntry[]): Promise<{ record: PatientResponseRecord; created: boolean }> {
    const { doc, created } = await this.responses.insertOnce(scope, response, events);
    return { record: doc, created };
  }

  find(scope: SiteScope, id: string): Promise<PatientResponseRecord | null> {
    return this.responses.findById(scope, id);
  }
}
