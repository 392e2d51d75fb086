import type { Connection, Model, Schema } from 'mongoose';
import type { SweepCounts } from '@clinic-flow/crypto';
import type { DataProtection } from './aggregate-store';
import { DocumentLocks } from './document-locks';
import { SealedFields, SEALED_FIELD } from './sealed-fields';

/** A row of a projection: a copy of another service's state as of its event's time. */
export interface ProjectionRow {
  _id: string;
  asOf: Date;
}

/*
 * A service's copy of another service's data, kept from events that may arrive twice or late:
 * last writer by the source's time wins. Reads are by _id only (FerretDB scans for anything else).
 * Copies of patient data declare their `sealed` fields: stored as one sealed value like an
 * aggregate's (see sealed-fields.ts) and re-sealed by a key rotation.
 */
export class ProjectionStore<T extends ProjectionRow> {
  private readonly model: Model<T>;
  private readonly sealed?: SealedFields;

  constructor(
    connection: Connection,
    private readonly locks: DocumentLocks,
    def: { name: string; collection: string; schema: Schema; sealed?: ReadonlyArray<keyof T & string> },
    protection?: DataProtection,
  ) {
    if (def.sealed?.length) {
      if (!protection) throw new Error(`${def.name} seals patient data: import DataKeysModule.forRoot(...) in the service`);
      this.sealed = new SealedFields(protection.sealer, def.collection, def.sealed);
      this.sealed.adaptSchema(def.schema);
      const sealed = this.sealed;
      protection.rotation?.register({ name: def.collection, sweep: (keyId, progress) => this.resealAll(sealed, keyId, progress) });
    }
    this.model = connection.model<T>(def.name, def.schema as Schema<T>, def.collection);
  }

  /**
   * Stores the row unless a newer one is there (the same event twice leaves the same document);
   * fields left undefined are removed. Returns whether it applied.
   */
  async upsertIfNewer(row: T): Promise<boolean> {
    return this.locks.forDocument(this.model, row._id, async () => {
      const stored = await this.model.findById(row._id, { asOf: 1 }).lean<Pick<ProjectionRow, 'asOf'>>();
      if (stored?.asOf && stored.asOf.getTime() > row.asOf.getTime()) return false;
      const { _id, ...fields } = row;
      const plain = Object.entries(fields).filter(([k]) => !this.sealed?.isSealedPath(k));
      const set: Record<string, unknown> = Object.fromEntries(plain.filter(([, v]) => v !== undefined));
      const unset: Record<string, 1> = Object.fromEntries(plain.filter(([, v]) => v === undefined).map(([k]) => [k, 1]));
      if (this.sealed) {
        const value = await this.sealed.sealFor(_id, row as never);
        Object.assign(unset, this.sealed.unsetPlaintext());
        if (value) set[SEALED_FIELD] = value;
        else unset[SEALED_FIELD] = 1;
      }
      await this.model.updateOne({ _id } as never, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) } as never, { upsert: true, strict: !this.sealed });
      return true;
    });
  }

  async findById(id: string): Promise<T | null> {
    const raw = await this.model.findById(id).lean<T>();
    return this.sealed ? this.sealed.fromStored<T>(raw as never) : raw;
  }

  /** One rotation pass: re-seals (under the row lock, guarded by the stored value) every row not under `keyId`. */
  private async resealAll(sealed: SealedFields, keyId: string, progress: (counts: SweepCounts) => void): Promise<SweepCounts> {
    const counts: SweepCounts = { scanned: 0, resealed: 0, remaining: 0 };
    const projection = { _id: 1, [SEALED_FIELD]: 1, ...Object.fromEntries(sealed.fields.map((f) => [f, 1])) };
    const cursor = this.model.find({}, projection, { strict: false }).batchSize(500).lean<Array<Record<string, unknown>>>().cursor();
    for await (const raw of cursor) {
      counts.scanned++;
      if (counts.scanned % 1000 === 0) progress({ ...counts });
      if (!sealed.needsReseal(raw, keyId)) continue;
      const id = String(raw._id);
      const written = await this.locks.forDocument(this.model, id, async () => {
        const current = await this.model.findById(id, {}, { strict: false }).lean<Record<string, unknown>>();
        if (!current || !sealed.needsReseal(current, keyId)) return true;
        const opened = await sealed.fromStored<Record<string, unknown>>(current);
        const value = opened ? await sealed.sealFor(id, opened) : undefined;
        const unset: Record<string, 1> = { ...sealed.unsetPlaintext(), ...(value ? {} : { [SEALED_FIELD]: 1 as const }) };
        const filter = { _id: id, [SEALED_FIELD]: current[SEALED_FIELD] ?? { $exists: false } };
        const result = await this.model.updateOne(filter as never, { ...(value ? { $set: { [SEALED_FIELD]: value } } : {}), $unset: unset } as never, { strict: false });
        return result.modifiedCount === 1;
      });
      if (written) counts.resealed++;
      else counts.remaining++;
    }
    return counts;
  }

  /** Rows by id, one read each; missing ones are left out. */
  async findMany(ids: string[]): Promise<Map<string, T>> {
    const found: Array<T | null> = await Promise.all([...new Set(ids)].map((id) => this.findById(id)));
    return new Map(found.filter((r): r is T => r !== null).map((r) => [r._id, r]));
  }
}
