import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision } from '@clinic-flow/messaging';
import { ConsentRecord, ConsentSchema } from './consents.schema';

/** The only code that touches the consents collection. A consent belongs to its patient's site. */
@Injectable()
export class ConsentsRepository {
  private readonly consents: AggregateStore<ConsentRecord>;

  constructor(stores: AggregateStores) {
    this.consents = stores.create<ConsentRecord>({ name: 'Consent', collection: 'consents', schema: ConsentSchema, site: (c) => c.siteId,
      // Typed names, representatives, reasons and the signing device: sealed; kind, channel and status stay readable.
      sealed: ['signature', 'revocation', 'history'],
    });
  }

  findById(scope: SiteScope, id: string): Promise<ConsentRecord | null> {
    return this.consents.findById(scope, id);
  }

  /** Consents by id (one read each), missing ones left out. */
  findMany(scope: SiteScope, ids: string[]): Promise<ConsentRecord[]> {
    return this.consents.findMany(scope, ids);
  }

  /** Read-decide-write of one consent, created by the decision's `set` when there is none yet. */
  async upsert<R>(scope: SiteScope, id: string, decide: (current: ConsentRecord | null) => Decision<ConsentRecord, R>): Promise<R | undefined> {
    return (await this.consents.upsert(scope, id, decide)).result;
  }

  /** Read-decide-write of an existing consent; null if there is none. */
  async update<R>(scope: SiteScope, id: string, decide: (current: ConsentRecord) => Decision<ConsentRecord, R>): Promise<R | undefined | null> {
    const outcome = await this.consents.update(scope, id, decide);
    return outcome && outcome.result;
  }
}
