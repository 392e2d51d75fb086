import type { Connection, Model, Schema } from 'mongoose';
import { DocumentLocks } from './document-locks';

/** A row of a projection: a copy of another service's state as of its event's time. */
export interface ProjectionRow {
  _id: string;
  asOf: Date;
}

/*
 * A service's copy of another service's data, kept from events that may arrive twice or late:
 * last writer by the source's time wins. Reads are by _id only (FerretDB scans for anything else).
 */
export class ProjectionStore<T extends ProjectionRow> {
  private readonly model: Model<T>;

  constructor(
    connection: Connection,
    private readonly locks: DocumentLocks,
    def: { name: string; collection: string; schema: Schema },
  ) {
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
      const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      const unset = Object.fromEntries(Object.entries(fields).filter(([, v]) => v === undefined).map(([k]) => [k, 1]));
      await this.model.updateOne({ _id } as never, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) } as never, { upsert: true });
      return true;
    });
  }

  findById(id: string): Promise<T | null> {
    return this.model.findById(id).lean<T>();
  }

  /** Rows by id, one read each; missing ones are left out. */
  async findMany(ids: string[]): Promise<Map<string, T>> {
    const found: Array<T | null> = await Promise.all([...new Set(ids)].map((id) => this.findById(id)));
    return new Map(found.filter((r): r is T => r !== null).map((r) => [r._id, r]));
  }
}
