import { KeyProvider } from './keys';

/*
 * Background re-sealing after a rotation. Each collection holding sealed values registers a
 * target that can sweep it: visit every document and re-seal what is not under a given key (or
 * still in plaintext) through the collection's own locked compare-and-set write, so no concurrent
 * change is lost. The rotation watches the key set (the key file is polled); when the current key
 * changes it sweeps every target until a pass finds nothing left under another key. A marker per
 * target remembers the key its last complete sweep was for, so a restart does not sweep again.
 */

/** What one sweep pass over a target found and did. */
export interface SweepCounts {
  /** Documents (or chunks) looked at. */
  scanned: number;
  /** Values re-sealed under the target key. */
  resealed: number;
  /** Values still under another key or in plaintext after the pass (a lost race, an outbox not relayed yet). */
  remaining: number;
}

/** A collection whose sealed values a rotation re-seals. */
export interface ResealTarget {
  /** Unique within the service, e.g. the collection name. */
  name: string;
  /** One pass: re-seal every value not sealed under `keyId`; `progress` is called now and then with the counts so far. */
  sweep(keyId: string, progress: (counts: SweepCounts) => void): Promise<SweepCounts>;
}

/** Remembers, per target, the key its last complete sweep was for. */
export interface SweepMarkers {
  get(target: string): Promise<string | null>;
  set(target: string, keyId: string): Promise<void>;
}

export interface TargetStatus extends SweepCounts {
  state: 'pending' | 'sweeping' | 'done' | 'failed';
  passes: number;
  error?: string;
}

/** What /health shows and `npm run keys:rotate` waits on. */
export interface RotationStatus {
  currentKeyId: string;
  keyIds: string[];
  /** The key the sweeps run (or ran) for; `done` when every target holds nothing under another key. */
  sweepKeyId?: string;
  state: 'idle' | 'sweeping' | 'done' | 'failed';
  targets: Record<string, TargetStatus>;
  startedAt?: string;
  finishedAt?: string;
  keyFileError?: string;
}

export interface RotationOptions {
  /** How often the key set is looked at for a new current key (the key file is re-read when it changed). */
  pollMs: number;
  /** A pass that leaves values behind is repeated after this long, at most `maxPasses` times per rotation. */
  retryMs: number;
  maxPasses: number;
  /** Told about failures (never about values). */
  onError?: (message: string, error: unknown) => void;
}

/** Thrown through a target's progress callback to end a pass whose key is no longer current (a newer rotation sweeps everything anyway). */
class SweepSuperseded extends Error {}

/** Watches the key set and re-seals every registered target in the background when the current key changes. */
export class KeyRotation {
  private readonly targets: ResealTarget[] = [];
  private readonly status: RotationStatus;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private stopped = true;
  private wanted?: string;

  constructor(
    private readonly keys: KeyProvider,
    private readonly markers: SweepMarkers,
    private readonly options: RotationOptions,
  ) {
    this.status = { currentKeyId: '', keyIds: [], state: 'idle', targets: {} };
  }

  register(target: ResealTarget): void {
    if (this.targets.some((t) => t.name === target.name)) throw new Error(`re-seal target ${target.name} registered twice`);
    this.targets.push(target);
  }

  /** Starts watching; sweeps (in the background) the targets whose last complete sweep was for another key (or none). */
  async start(): Promise<void> {
    this.stopped = false;
    await this.check(true);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Resolves when the sweep in flight (if any) has finished. */
  async idle(): Promise<void> {
    await this.running;
  }

  snapshot(): RotationStatus {
    const keyFileError = (this.keys as { lastError?: string }).lastError;
    return { ...this.status, targets: { ...this.status.targets }, ...(keyFileError ? { keyFileError } : {}) };
  }

  /** Looks at the key set now and starts a sweep in the background when the current key changed. */
  async check(atStart = false): Promise<void> {
    await this.keys.refresh();
    const current = await this.keys.currentKeyId();
    this.status.currentKeyId = current;
    this.status.keyIds = await this.keys.keyIds();
    if (!atStart && current === this.wanted) return;
    this.wanted = current;
    const previous = this.running;
    this.running = (async () => {
      await previous;
      if (this.wanted === current && !this.stopped) await this.sweepAll(current);
    })().catch((error) => this.options.onError?.('re-sealing failed', error));
  }

  private async sweepAll(keyId: string): Promise<void> {
    const due: ResealTarget[] = [];
    for (const target of this.targets) {
      if ((await this.markers.get(target.name)) === keyId) {
        this.status.targets[target.name] = { state: 'done', passes: 0, scanned: 0, resealed: 0, remaining: 0 };
      } else {
        due.push(target);
        this.status.targets[target.name] = { state: 'pending', passes: 0, scanned: 0, resealed: 0, remaining: 0 };
      }
    }
    this.status.sweepKeyId = keyId;
    if (!due.length) {
      this.status.state = 'done';
      return;
    }
    this.status.state = 'sweeping';
    this.status.startedAt = new Date().toISOString();
    this.status.finishedAt = undefined;
    let failed = false;
    for (const target of due) {
      const status = this.status.targets[target.name];
      status.state = 'sweeping';
      for (;;) {
        if (this.stopped || this.wanted !== keyId) return;
        status.passes++;
        try {
          const counts = await target.sweep(keyId, (c) => {
            if (this.stopped || this.wanted !== keyId) throw new SweepSuperseded(`${keyId} is no longer the current key`);
            Object.assign(status, c);
          });
          Object.assign(status, counts);
          if (counts.remaining === 0) {
            await this.markers.set(target.name, keyId);
            status.state = 'done';
            break;
          }
        } catch (error) {
          if (error instanceof SweepSuperseded) return;
          status.error = (error as Error).message;
          this.options.onError?.(`re-sealing ${target.name} failed`, error);
        }
        if (status.passes >= this.options.maxPasses) {
          status.state = 'failed';
          failed = true;
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs).unref());
      }
    }
    this.status.state = failed ? 'failed' : 'done';
    this.status.finishedAt = new Date().toISOString();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.check()
        .catch((error) => this.options.onError?.('key set check failed', error))
        .finally(() => this.schedule());
    }, this.options.pollMs);
    this.timer.unref();
  }
}
