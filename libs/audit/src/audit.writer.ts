import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { APP_CONFIG, isDuplicateKeyError, MONGO_CONNECTION, SERVICE_NAME } from '@clinic-flow/platform';
import { AuditEntry, AuditRecord, entryId, sealEntry } from './chain';

/** The collection every service keeps its audit entries in (its own database). */
export const AUDIT_COLLECTION = 'audit_entries';

/** Positions taken by another writer of the same chain before we give up on one append. */
const MAX_RACES = 20;

/**
 * Appends this process's entries to its own chain (`<service>:<instance>`), one at a time, each an
 * insert of a new document under a deterministic `_id` (`<chainId>:<seq>`): nothing is ever
 * updated, so FerretDB's lost updates and lack of transactions do not matter, and if two processes
 * share a chain id the database's unique `_id` lets only one take a position; the other reads on
 * to the new head and takes the next. On start (or after a failed write) the writer resumes from
 * the newest entry of its chain.
 */
@Injectable()
export class AuditChainWriter implements OnApplicationBootstrap {
  readonly chainId: string;
  private readonly logger = new Logger('AuditChainWriter');
  private head: { seq: number; hash: string } | null | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(MONGO_CONNECTION) private readonly connection: Connection,
    @Inject(SERVICE_NAME) readonly service: string,
    @Inject(APP_CONFIG) config: { AUDIT_INSTANCE_ID?: string },
  ) {
    this.chainId = `${service}:${config.AUDIT_INSTANCE_ID ?? hostname()}`;
  }

  private get entries(): Collection<AuditEntry> {
    return this.connection.collection<AuditEntry>(AUDIT_COLLECTION) as unknown as Collection<AuditEntry>;
  }

  async onApplicationBootstrap(): Promise<void> {
    try {
      this.head = await this.resume();
      this.logger.log(`audit chain ${this.chainId} resumes after seq ${this.head?.seq ?? 0}`);
    } catch (error) {
      // The first append tries again; until then audited requests answer 503.
      this.logger.warn(`audit chain ${this.chainId} not resumed yet: ${(error as Error).message}`);
    }
  }

  /** Seals `record` onto the chain and writes it; resolves once it is stored. Appends run in order. */
  append(record: AuditRecord): Promise<AuditEntry> {
    const next = this.queue.then(() => this.appendNow(record));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async appendNow(record: AuditRecord): Promise<AuditEntry> {
    try {
      let head = this.head === undefined ? await this.resume() : this.head;
      for (let race = 0; race < MAX_RACES; race += 1) {
        const entry = sealEntry(this.chainId, head, record);
        try {
          await this.entries.insertOne(entry as never);
          this.head = { seq: entry.seq, hash: entry.hash };
          return entry;
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          head = await this.readForward(head);
        }
      }
      throw new Error(`audit chain ${this.chainId}: position taken ${MAX_RACES} times in a row`);
    } catch (error) {
      // Whether the failed insert landed is unknown: read the head again before the next append.
      this.head = undefined;
      throw error;
    }
  }

  /** The newest entry of this chain (a scan: once at start and after a failure). */
  private async resume(): Promise<{ seq: number; hash: string } | null> {
    const [last] = await this.entries.find({ chainId: this.chainId }).sort({ seq: -1 }).limit(1).toArray();
    return last ? this.readForward({ seq: last.seq, hash: last.hash }) : null;
  }

  /** Follows the chain by `_id` from `from` to its current end (entries another writer added). */
  private async readForward(from: { seq: number; hash: string } | null): Promise<{ seq: number; hash: string } | null> {
    let head = from;
    for (;;) {
      const next = await this.entries.findOne({ _id: entryId(this.chainId, (head?.seq ?? 0) + 1) } as never);
      if (!next) return head;
      head = { seq: next.seq, hash: next.hash };
    }
  }
}
