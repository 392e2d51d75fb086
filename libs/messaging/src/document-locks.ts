import type { Model } from 'mongoose';

/**
 * Serializes writes to one document within this process.
 *
 * FerretDB 1.24 on SQLite applies an update as an unisolated read-modify-write, so two concurrent
 * updates of one document can silently lose one of them (measured: about half of 200 races
 * between a conditional update and the relay's compare-and-set). Every update of an
 * outbox-carrying document, the relay's included, goes through here. On MongoDB updates are
 * atomic per document and this only costs a map look-up; running several instances of a service
 * needs MongoDB (see README).
 */
export class DocumentLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Runs `work` holding the lock of one document of a collection. */
  forDocument<T>(model: Pick<Model<never>, 'collection'>, id: string, work: () => Promise<T>): Promise<T> {
    return this.run(`${model.collection.collectionName}:${id}`, work);
  }
}
