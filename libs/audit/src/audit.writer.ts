import { hostname } from 'node:os';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Collection, Connection } from 'mongoose';
import { APP_CONFIG, isDuplicateKeyError, MONGO_CONNECTION, SERVICE_NAME } from '@clinic-flow/platform';
import { AuditEntry, AuditRecord, entryId, sealEntry } from './chain';

/** The collection every service keeps its audit entries in (its own database). */
export const AUDIT_COLLECTION = 'audit_entries';

/** Positions taken by another writer of the same chain before we give up on a batch. */
const MAX_RACES = 20;

/** Entries written in one insert at most (those that queued while the previous insert ran). */
const MAX_BATCH = 100;

interface Pending {
  record: AuditRecord;
  resolve(entry: AuditEntry): void;
  reject(error: unknown): void;
}

type Head = { seq: number; hash: string } | null;

/**
 * Appends this process's entries to its own chain (`<service>:<instance>`), in the order they are
 * asked for, each a new document under a deterministic `_id` (`<chainId>:<seq>`): nothing is ever
 * updated, so FerretDB's lost updates and lack of transactions do not matter, and if two processes
 * share a chain id the database's unique `_id` lets only one take a position; the other reads on
 * to the new head and takes the next. Entries that queue while an insert runs go together in the
 * next insert (group commit); each caller's promise resolves once its own entry is stored. On start
 * (or after a failed write) the writer resumes from the newest entry of its chain.
 */
@Injectable()
export class AuditChainWriter implements OnApplicationBootstrap {
  readonly chainId: string;
  private readonly logger = new Logger('AuditChainWriter');
  private head: Head | undefined;
  private readonly pending: Pending[] = [];
  private draining = false;

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
    // For MongoDB (FerretDB 1.24 keeps them but scans): a patient's accesses, and resuming a chain.
    await Promise.all([this.entries.createIndex({ patientIds: 1, at: -1 }), this.entries.createIndex({ chainId: 1, seq: -1 })]).catch((error: unknown) =>
      this.logger.warn(`audit indexes not created: ${(error as Error).message}`),
    );
    try {
      this.head = await this.resume();
      this.logger.log(`audit chain ${this.chainId} resumes after seq ${this.head?.seq ?? 0}`);
    } catch (error) {
      // The first append tries again; until then audited requests answer 503.
      this.logger.warn(`audit chain ${this.chainId} not resumed yet: ${(error as Error).message}`);
    }
  }

  /** Seals `record` onto the chain and writes it; resolves once it is stored. */
  append(record: AuditRecord): Promise<AuditEntry> {
    return new Promise<AuditEntry>((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length) await this.writeBatch(this.pending.splice(0, MAX_BATCH));
    } finally {
      this.draining = false;
    }
  }

  private async writeBatch(batch: Pending[]): Promise<void> {
    let todo = batch;
    for (let races = 0; todo.length; ) {
      let head: Head;
      try {
        head = this.head === undefined ? await this.resume() : this.head;
      } catch (error) {
        return this.fail(todo, error);
      }
      const sealed: AuditEntry[] = [];
      for (const { record } of todo) sealed.push(sealEntry(this.chainId, sealed[sealed.length - 1] ?? head, record));
      try {
        await this.entries.insertMany(sealed as never[], { ordered: true });
        this.head = last(sealed);
        todo.forEach((p, i) => p.resolve(sealed[i]));
        return;
      } catch (error) {
        // Which of them landed (an ordered insert stops at the first failure): those whose place holds what we sealed.
        let landed = 0;
        try {
          for (const entry of sealed) {
            const stored = await this.entries.findOne({ _id: entry._id } as never);
            if (stored?.hash !== entry.hash) break;
            landed += 1;
          }
        } catch (lookup) {
          return this.fail(todo, lookup);
        }
        todo.slice(0, landed).forEach((p, i) => p.resolve(sealed[i]));
        todo = todo.slice(landed);
        if (!todo.length) {
          this.head = last(sealed);
          return;
        }
        races += 1;
        if (!isDuplicateKeyError(error) || races > MAX_RACES) return this.fail(todo, error);
        // Another writer of this chain took the next position: follow the chain to its end and go on from there.
        try {
          this.head = await this.readForward(landed ? last(sealed.slice(0, landed)) : head);
        } catch (lookup) {
          return this.fail(todo, lookup);
        }
      }
    }
  }

  private fail(todo: Pending[], error: unknown): void {
    // Whether a failed insert landed is unknown: read the head again before the next append.
    this.head = undefined;
    for (const p of todo) p.reject(error);
  }

  /** The newest entry of this chain (a scan: once at start and after a failure). */
  private async resume(): Promise<Head> {
    const [newest] = await this.entries.find({ chainId: this.chainId }).sort({ seq: -1 }).limit(1).toArray();
    return newest ? this.readForward({ seq: newest.seq, hash: newest.hash }) : null;
  }

  /** Follows the chain by `_id` from `from` to its current end (entries another writer added). */
  private async readForward(from: Head): Promise<Head> {
    let head = from;
    for (;;) {
      const next = await this.entries.findOne({ _id: entryId(this.chainId, (head?.seq ?? 0) + 1) } as never);
      if (!next) return head;
      head = { seq: next.seq, hash: next.hash };
    }
  }
}

function last(entries: AuditEntry[]): { seq: number; hash: string } {
  const entry = entries[entries.length - 1];
  return { seq: entry.seq, hash: entry.hash };
}
