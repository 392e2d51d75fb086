import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { LetterRecord, LetterSchema } from './letters.schema';

/** The only code that touches the letters collection; a letter is kept under its patient's site. */
@Injectable()
export class LettersRepository {
  private readonly letters: AggregateStore<LetterRecord, 'byPatient' | 'printAtSite'>;

  constructor(stores: AggregateStores) {
    this.letters = stores.create<LetterRecord, 'byPatient' | 'printAtSite'>({
      name: 'Letter',
      collection: 'letters',
      schema: LetterSchema,
      site: (l) => l.siteId,
      lookups: {
        byPatient: { collection: 'patient_letters', field: 'letterIds', keys: (l) => [l.patientId] },
        // A site's printed-mail queue is one read by _id (printed ones are left out on read).
        printAtSite: { collection: 'site_print_queue', field: 'letterIds', keys: (l) => (l.delivery === 'print' ? [l.siteId] : []) },
      },
    });
  }

  insert(scope: SiteScope, letter: Omit<LetterRecord, 'version'>, events: OutboxEntry[]): Promise<LetterRecord> {
    return this.letters.insert(scope, letter, events);
  }

  findById(scope: SiteScope, id: string): Promise<LetterRecord | null> {
    return this.letters.findById(scope, id);
  }

  async ofPatient(scope: SiteScope, recordIds: string[]): Promise<LetterRecord[]> {
    return (await Promise.all(recordIds.map((id) => this.letters.findBy(scope, 'byPatient', id)))).flat();
  }

  toPrintAt(scope: SiteScope, siteId: string): Promise<LetterRecord[]> {
    return this.letters.findBy(scope, 'printAtSite', siteId);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: LetterRecord) => Decision<LetterRecord, R>): Promise<{ doc: LetterRecord; written: boolean } | null> {
    return this.letters.update(scope, id, decide);
  }
}
