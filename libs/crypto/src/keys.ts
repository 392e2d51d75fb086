import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync, statSync } from 'node:fs';

/*
 * Data keys: 256-bit AES keys with ids. Values are sealed under the current key and name the key
 * they were sealed under, so a rotation adds a key, makes it current and re-seals in the
 * background while the old keys still open what is not re-sealed yet. The blind-index key is a
 * separate key (HMAC-SHA-256) that is not rotated with the data keys: changing it changes every
 * look-up key and needs a rebuild of the look-ups.
 */

/** A key id names a key inside sealed values, so it is kept to letters, digits, `_` and `-`. */
export const KEY_ID = /^[A-Za-z0-9_-]{1,64}$/;

export interface DataKeyEntry {
  id: string;
  /** base64 of 32 random bytes */
  key: string;
  createdAt: string;
}

/** The key file / DATA_KEYS format. */
export interface KeySetJson {
  current: string;
  keys: DataKeyEntry[];
  /** base64 of 32 random bytes: the HMAC key of the blind indexes. */
  indexKey: string;
}

/** A KeySetJson that is not usable, with what is wrong. */
export class KeySetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeySetError';
  }
}

/** A sealed value names a key the provider does not have (retired too early, or the wrong key file). */
export class UnknownKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`data key "${keyId}" is not in the key set; it may have been retired while values were still sealed under it`);
    this.name = 'UnknownKeyError';
  }
}

/**
 * Where data keys come from. A KMS implements it by unwrapping data keys it holds wrapped (and
 * caching them); the key file and DATA_KEYS are the implementations here.
 */
export interface KeyProvider {
  /** Id of the key new values are sealed under. */
  currentKeyId(): Promise<string>;
  /** The 32-byte key of an id; rejects with UnknownKeyError for an id it does not have. */
  key(id: string): Promise<Buffer>;
  /** Every key id it can open (current included). */
  keyIds(): Promise<string[]>;
  /** The 32-byte blind-index (HMAC) key. */
  indexKey(): Promise<Buffer>;
  /** Looks for a changed key set (e.g. after a rotation); true when something changed. */
  refresh(): Promise<boolean>;
}

function decodeKey(value: unknown, what: string): Buffer {
  if (typeof value !== 'string') throw new KeySetError(`${what} must be base64 of 32 bytes`);
  const key = Buffer.from(value, 'base64');
  if (key.length !== 32) throw new KeySetError(`${what} must be base64 of 32 bytes (it is ${key.length} bytes)`);
  return key;
}

/** A parsed, checked key set. */
export class KeySet {
  private constructor(
    readonly current: string,
    private readonly keys: Map<string, Buffer>,
    readonly index: Buffer,
    readonly json: KeySetJson,
  ) {}

  static parse(text: string, source: string): KeySet {
    let json: KeySetJson;
    try {
      json = JSON.parse(text) as KeySetJson;
    } catch {
      throw new KeySetError(`${source} is not JSON`);
    }
    return KeySet.from(json, source);
  }

  static from(json: KeySetJson, source: string): KeySet {
    if (!json || typeof json !== 'object' || !Array.isArray(json.keys) || !json.keys.length) throw new KeySetError(`${source} has no "keys"`);
    const keys = new Map<string, Buffer>();
    for (const entry of json.keys) {
      if (typeof entry?.id !== 'string' || !KEY_ID.test(entry.id)) throw new KeySetError(`${source}: a key id must match ${KEY_ID}`);
      if (keys.has(entry.id)) throw new KeySetError(`${source}: key id "${entry.id}" appears twice`);
      keys.set(entry.id, decodeKey(entry.key, `${source}: key "${entry.id}"`));
    }
    if (!keys.has(json.current)) throw new KeySetError(`${source}: "current" (${json.current}) is not one of its keys`);
    const index = decodeKey(json.indexKey, `${source}: "indexKey"`);
    if ([...keys.values()].some((k) => k.equals(index))) throw new KeySetError(`${source}: "indexKey" must differ from every data key`);
    return new KeySet(json.current, keys, index, json);
  }

  key(id: string): Buffer {
    const key = this.keys.get(id);
    if (!key) throw new UnknownKeyError(id);
    return key;
  }

  ids(): string[] {
    return [...this.keys.keys()];
  }
}

/** A fresh key set with one data key (what infra generates per profile). */
export function newKeySet(firstKeyId: string, now = new Date()): KeySetJson {
  return {
    current: firstKeyId,
    keys: [{ id: firstKeyId, key: randomBytes(32).toString('base64'), createdAt: now.toISOString() }],
    indexKey: randomBytes(32).toString('base64'),
  };
}

/** The key set with a new data key that is current; the old keys stay (they still open older values). */
export function withNewKey(set: KeySetJson, id: string, now = new Date()): KeySetJson {
  if (!KEY_ID.test(id)) throw new KeySetError(`a key id must match ${KEY_ID}`);
  if (set.keys.some((k) => k.id === id)) throw new KeySetError(`key id "${id}" is taken`);
  return { ...set, current: id, keys: [...set.keys, { id, key: randomBytes(32).toString('base64'), createdAt: now.toISOString() }] };
}

/** The key set without keys other than the current one (after every value is re-sealed under it). */
export function withoutOldKeys(set: KeySetJson): KeySetJson {
  return { ...set, keys: set.keys.filter((k) => k.id === set.current) };
}

/** A provider over one key set in memory; subclasses decide whether and how it is replaced. */
abstract class KeySetProvider implements KeyProvider {
  constructor(protected set: KeySet) {}

  async currentKeyId(): Promise<string> {
    return this.set.current;
  }

  async key(id: string): Promise<Buffer> {
    return this.set.key(id);
  }

  async keyIds(): Promise<string[]> {
    return this.set.ids();
  }

  async indexKey(): Promise<Buffer> {
    return this.set.index;
  }

  abstract refresh(): Promise<boolean>;
}

/** Keys given once (DATA_KEYS): a rotation needs a restart with the new set. */
export class StaticKeyProvider extends KeySetProvider {
  async refresh(): Promise<boolean> {
    return false;
  }
}

/**
 * Keys from a key file, read at start and again when the file changes (`refresh`, polled by the
 * rotation watcher). A file that is unreadable or invalid on refresh keeps the keys already
 * loaded and reports the error, so a half-written edit never takes a running service down.
 */
export class FileKeyProvider extends KeySetProvider {
  private mtimeMs: number;
  lastError?: string;

  constructor(readonly path: string) {
    const mtimeMs = statSync(path).mtimeMs;
    super(KeySet.parse(readFileSync(path, 'utf8'), path));
    this.mtimeMs = mtimeMs;
  }

  async refresh(): Promise<boolean> {
    try {
      const stat = await fs.stat(this.path);
      if (stat.mtimeMs === this.mtimeMs) return false;
      const next = KeySet.parse(await fs.readFile(this.path, 'utf8'), this.path);
      this.mtimeMs = stat.mtimeMs;
      this.lastError = undefined;
      const changed = next.current !== this.set.current || next.ids().join() !== this.set.ids().join();
      if (!next.index.equals(this.set.index)) throw new KeySetError(`${this.path}: "indexKey" changed; the blind indexes would no longer match (keep it)`);
      this.set = next;
      return changed;
    } catch (error) {
      this.lastError = (error as Error).message;
      return false;
    }
  }
}

/** The settings a service with sealed data reads (see dataKeysEnv). */
export interface DataKeysSettings {
  DATA_KEYS_FILE?: string;
  DATA_KEYS?: string;
}

/** The provider the settings name: the key file when set, else DATA_KEYS; neither is a KeySetError. */
export function keyProviderFrom(settings: DataKeysSettings): KeyProvider {
  if (settings.DATA_KEYS_FILE) return new FileKeyProvider(settings.DATA_KEYS_FILE);
  if (settings.DATA_KEYS) return new StaticKeyProvider(KeySet.parse(settings.DATA_KEYS, 'DATA_KEYS'));
  throw new KeySetError('no data keys: set DATA_KEYS_FILE (a key file) or DATA_KEYS (the key set as JSON)');
}

/** Key ids the project's tooling gives the keys it generates for development and tests. */
const DEV_KEY_ID = /^(dev|test)-/;

/** What production mode refuses about the data keys: none, an unusable set, or keys generated for development. */
export function dataKeyProblems(settings: DataKeysSettings): string[] {
  let set: KeySet;
  try {
    if (settings.DATA_KEYS_FILE) set = KeySet.parse(readFileSync(settings.DATA_KEYS_FILE, 'utf8'), 'DATA_KEYS_FILE');
    else if (settings.DATA_KEYS) set = KeySet.parse(settings.DATA_KEYS, 'DATA_KEYS');
    else return ['no data keys: set DATA_KEYS_FILE or DATA_KEYS (patient data is stored encrypted under them)'];
  } catch (error) {
    return [(error as Error).message];
  }
  const dev = set.ids().filter((id) => DEV_KEY_ID.test(id));
  return dev.length ? [`the data keys include keys generated for development or tests (${dev.join(', ')}); provision production keys`] : [];
}
