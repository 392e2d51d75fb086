/**
 * A per-process cache in front of look-ups by _id. FerretDB answers one query at a time (~1-5 ms
 * each, measured), so a month of slots for a site of 20 providers (some 80 look-ups) cannot be
 * read fresh in well under 100 ms. Every write of these collections goes through this service's
 * repositories, which invalidate what they change, so within one process the cache never serves
 * a document older than its last write here; `ttlMs` bounds staleness when another process writes
 * (several instances, MongoDB only). Cached values are shared: callers must not mutate them.
 * Bookings stay safe either way: the booking path decides with unique slot claims, not with this.
 */
export class ReadCache<T> {
  private readonly values = new Map<string, { value: T; at: number }>();
  /** Bumped by every invalidation, so a read that started before a write cannot store the old value. */
  private readonly generations = new Map<string, number>();
  private epoch = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 20_000,
  ) {}

  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.values.get(key);
    if (hit && Date.now() - hit.at < this.ttlMs) return hit.value;
    const generation = this.generations.get(key) ?? 0;
    const epoch = this.epoch;
    const at = Date.now();
    const value = await load();
    if (this.ttlMs > 0 && epoch === this.epoch && generation === (this.generations.get(key) ?? 0)) {
      if (this.values.size >= this.maxEntries) this.values.clear();
      this.values.set(key, { value, at });
    }
    return value;
  }

  invalidate(key: string): void {
    this.values.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  clear(): void {
    this.values.clear();
    this.generations.clear();
    this.epoch++;
  }
}
