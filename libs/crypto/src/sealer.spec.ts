import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlindIndex } from './blind-index';
import { dataKeyProblems, FileKeyProvider, KeySet, KeySetError, newKeySet, StaticKeyProvider, UnknownKeyError, withNewKey } from './keys';
import { isSealed, SealError, sealedKeyId, Sealer } from './sealer';

const provider = (json = newKeySet('k1')) => new StaticKeyProvider(KeySet.from(json, 'test'));

describe('Sealer', () => {
  const sealer = new Sealer(provider());

  it('opens what it sealed for the same place, dates kept, and names the key', async () => {
    const value = { firstName: 'Ada', born: new Date('1990-02-03T00:00:00.000Z'), tags: ['x'] };
    const sealed = await sealer.seal(value, 'patients/p1/sealed');
    expect(isSealed(sealed)).toBe(true);
    expect(sealedKeyId(sealed)).toBe('k1');
    expect(sealed).not.toContain('Ada');
    const opened = await sealer.open<typeof value>(sealed, 'patients/p1/sealed');
    expect(opened).toEqual(value);
    expect(opened.born).toBeInstanceOf(Date);
  });

  it('gives a fresh IV to every value, so equal values do not look equal', async () => {
    expect(await sealer.seal('same', 'a')).not.toBe(await sealer.seal('same', 'a'));
  });

  it('refuses a changed ciphertext, IV or tag', async () => {
    const sealed = await sealer.seal({ allergy: 'penicillin' }, 'clinical/c1/sealed');
    const parts = sealed.split('.');
    for (const index of [2, 3, 4]) {
      const bytes = Buffer.from(parts[index], 'base64url');
      bytes[0] ^= 1;
      const tampered = [...parts.slice(0, index), bytes.toString('base64url'), ...parts.slice(index + 1)].join('.');
      await expect(sealer.open(tampered, 'clinical/c1/sealed')).rejects.toThrow(SealError);
    }
  });

  it('refuses a value moved to another record or field (associated data differs)', async () => {
    const sealed = await sealer.seal('Ada', 'patients/p1/sealed');
    await expect(sealer.open(sealed, 'patients/p2/sealed')).rejects.toThrow(SealError);
    await expect(sealer.open(sealed, 'patients/p1/other')).rejects.toThrow(/another record or field/);
  });

  it('says which key is missing when a value names one the set does not have', async () => {
    const other = new Sealer(provider(newKeySet('k9')));
    const sealed = await other.seal('x', 'a');
    await expect(sealer.open(sealed, 'a')).rejects.toThrow(UnknownKeyError);
    await expect(sealer.open(sealed, 'a')).rejects.toThrow(/"k9" is not in the key set/);
  });

  it('seals bytes with the key id beside them; a flipped bit or another chunk index fails', async () => {
    const { keyId, data } = await sealer.sealBytes(Buffer.from('%PDF secret'), 'document_chunks/c1:0');
    expect(keyId).toBe('k1');
    expect((await sealer.openBytes(keyId, data, 'document_chunks/c1:0')).toString()).toBe('%PDF secret');
    await expect(sealer.openBytes(keyId, data, 'document_chunks/c1:1')).rejects.toThrow(SealError);
    const flipped = Buffer.from(data);
    flipped[flipped.length - 1] ^= 1;
    await expect(sealer.openBytes(keyId, flipped, 'document_chunks/c1:0')).rejects.toThrow(SealError);
  });

  it('opens values under an old key after a rotation and seals new ones under the new key', async () => {
    const first = newKeySet('k1');
    const old = await new Sealer(provider(first)).seal('v', 'a');
    const rotated = new Sealer(provider(withNewKey(first, 'k2')));
    expect(await rotated.open(old, 'a')).toBe('v');
    expect(sealedKeyId(await rotated.seal('v', 'a'))).toBe('k2');
  });
});

describe('BlindIndex', () => {
  it('matches equal values after normalization, separates kinds and depends on the index key', async () => {
    const keys = newKeySet('k1');
    const index = new BlindIndex(provider(keys));
    expect(await index.of('email', ' Ada@Example.org ')).toBe(await index.of('email', 'ada@example.org'));
    expect(await index.of('phone', '+1 (555) 010-2030')).toBe(await index.of('phone', '+15550102030'));
    expect(await index.of('email', '+15550102030')).not.toBe(await index.of('phone', '+15550102030'));
    expect(await index.of('email', 'ada@example.org')).not.toContain('ada');
    const otherKey = new BlindIndex(provider(newKeySet('k1')));
    expect(await otherKey.of('email', 'ada@example.org')).not.toBe(await index.of('email', 'ada@example.org'));
  });
});

describe('key sets', () => {
  it('refuses a set whose current key is missing, a short key, or an index key equal to a data key', () => {
    const good = newKeySet('k1');
    expect(() => KeySet.from({ ...good, current: 'nope' }, 'f')).toThrow(KeySetError);
    expect(() => KeySet.from({ ...good, keys: [{ ...good.keys[0], key: Buffer.alloc(16).toString('base64') }] }, 'f')).toThrow(/32 bytes/);
    expect(() => KeySet.from({ ...good, indexKey: good.keys[0].key }, 'f')).toThrow(/differ/);
  });

  it('a key file is re-read when it changes; a broken edit keeps the keys loaded', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'keys-')), 'data-keys.json');
    const first = newKeySet('k1');
    writeFileSync(file, JSON.stringify(first));
    const keys = new FileKeyProvider(file);
    expect(await keys.currentKeyId()).toBe('k1');
    const future = new Date(Date.now() + 5000);
    writeFileSync(file, JSON.stringify(withNewKey(first, 'k2')));
    require('node:fs').utimesSync(file, future, future);
    expect(await keys.refresh()).toBe(true);
    expect(await keys.currentKeyId()).toBe('k2');
    writeFileSync(file, '{ half');
    const later = new Date(Date.now() + 10000);
    require('node:fs').utimesSync(file, later, later);
    expect(await keys.refresh()).toBe(false);
    expect(keys.lastError).toMatch(/not JSON/);
    expect(await keys.currentKeyId()).toBe('k2');
  });

  it('production refuses no keys and keys generated for development', () => {
    expect(dataKeyProblems({})).toEqual([expect.stringMatching(/no data keys/)]);
    expect(dataKeyProblems({ DATA_KEYS: JSON.stringify(newKeySet('dev-local-1')) })).toEqual([expect.stringMatching(/development/)]);
    expect(dataKeyProblems({ DATA_KEYS: JSON.stringify(newKeySet('prod-2026-12')) })).toEqual([]);
  });
});
