import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KeyProvider } from './keys';

/*
 * Authenticated encryption of values at rest: AES-256-GCM with a random 96-bit IV per value and
 * the value's place (e.g. `patients/<id>/sealed`) as associated data, so a value copied into
 * another document or field fails to open instead of showing another patient's data.
 *
 * A sealed value is a string `cf1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts): the key id
 * is readable without opening, which is how a rotation finds the values still under an old key.
 * Values are JSON with dates kept as dates.
 */

const PREFIX = 'cf1';
const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DATE = '$cfDate';

/** A sealed value did not open: changed, truncated, or moved from another place (its associated data differs). */
export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SealError';
  }
}

/** Whether a stored value is a sealed string (as opposed to legacy plaintext). */
export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(`${PREFIX}.`);
}

/** The key id a sealed string names, or null for anything else. */
export function sealedKeyId(value: unknown): string | null {
  if (!isSealed(value)) return null;
  const end = value.indexOf('.', PREFIX.length + 1);
  return end > 0 ? value.slice(PREFIX.length + 1, end) : null;
}

function toJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? { [DATE]: raw.toISOString() } : v;
  });
}

function fromJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const date = (v as Record<string, unknown>)[DATE];
      if (typeof date === 'string' && Object.keys(v).length === 1) return new Date(date);
    }
    return v;
  }) as T;
}

/** Seals and opens values and byte strings under the provider's keys (see file header). */
export class Sealer {
  private readonly cache = new Map<string, Buffer>();

  constructor(readonly keys: KeyProvider) {}

  /** Id of the key new values are sealed under now. */
  currentKeyId(): Promise<string> {
    return this.keys.currentKeyId();
  }

  /** Seals a JSON value (dates kept) for one place, under the current key. */
  async seal(value: unknown, aad: string): Promise<string> {
    const keyId = await this.keys.currentKeyId();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, await this.key(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(toJson(value), 'utf8'), cipher.final()]);
    return [PREFIX, keyId, iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  /** Opens a value sealed for this place; SealError if it was changed or belongs elsewhere, UnknownKeyError for a key not in the set. */
  async open<T = unknown>(sealed: string, aad: string): Promise<T> {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== PREFIX) throw new SealError(`not a sealed value (${aad})`);
    const [, keyId, iv, ct, tag] = parts;
    const plain = this.decrypt(await this.key(keyId), Buffer.from(iv, 'base64url'), Buffer.from(ct, 'base64url'), Buffer.from(tag, 'base64url'), aad);
    return fromJson<T>(plain.toString('utf8'));
  }

  /** Seals bytes (document content) under the current key: `iv | tag | ciphertext`, with the key id beside it. */
  async sealBytes(data: Buffer, aad: string): Promise<{ keyId: string; data: Buffer }> {
    const keyId = await this.keys.currentKeyId();
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, await this.key(keyId), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(aad, 'utf8'));
    const ct = Buffer.concat([cipher.update(data), cipher.final()]);
    return { keyId, data: Buffer.concat([iv, cipher.getAuthTag(), ct]) };
  }

  /** Opens bytes sealed by sealBytes for this place. */
  async openBytes(keyId: string, data: Buffer, aad: string): Promise<Buffer> {
    if (data.length < IV_BYTES + TAG_BYTES) throw new SealError(`sealed content is truncated (${aad})`);
    return this.decrypt(await this.key(keyId), data.subarray(0, IV_BYTES), data.subarray(IV_BYTES + TAG_BYTES), data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES), aad);
  }

  private decrypt(key: Buffer, iv: Buffer, ct: Buffer, tag: Buffer, aad: string): Buffer {
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SealError(`sealed value is malformed (${aad})`);
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ct), decipher.final()]);
    } catch {
      throw new SealError(`sealed value did not authenticate (${aad}): changed, or sealed for another record or field`);
    }
  }

  private async key(id: string): Promise<Buffer> {
    let key = this.cache.get(id);
    if (!key) {
      key = await this.keys.key(id);
      this.cache.set(id, key);
    }
    return key;
  }
}
