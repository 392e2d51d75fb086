import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const keys = require('./keys') as {
  dataKeysEnv(profile: { name: string; stateDir: string }): Record<string, string>;
  rotateKeyFile(profile: { name: string; stateDir: string }): { file: string; keyId: string; previous: string };
};

describe('profile data keys (infra/run/keys.js)', () => {
  const profile = { name: 'unit', stateDir: fs.mkdtempSync(path.join(os.tmpdir(), 'cf-keys-')) };
  const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

  it('generates one key file per profile, readable by its owner only, with a dev- key and a separate index key', () => {
    const { DATA_KEYS_FILE } = keys.dataKeysEnv(profile);
    expect(DATA_KEYS_FILE).toBe(path.join(profile.stateDir, 'secrets', 'data-keys.json'));
    expect(fs.statSync(DATA_KEYS_FILE).mode & 0o077).toBe(0);
    const set = read(DATA_KEYS_FILE);
    expect(set.current).toMatch(/^dev-unit-/);
    expect(set.keys).toEqual([{ id: set.current, key: expect.any(String), createdAt: expect.any(String) }]);
    expect(Buffer.from(set.keys[0].key, 'base64')).toHaveLength(32);
    expect(set.indexKey).not.toBe(set.keys[0].key);
    expect(keys.dataKeysEnv(profile)).toEqual({ DATA_KEYS_FILE });
    expect(read(DATA_KEYS_FILE)).toEqual(set);
  });

  it('a rotation adds a current key and keeps the old ones and the index key', () => {
    const { DATA_KEYS_FILE } = keys.dataKeysEnv(profile);
    const before = read(DATA_KEYS_FILE);
    const rotated = keys.rotateKeyFile(profile);
    const after = read(DATA_KEYS_FILE);
    expect(rotated).toEqual({ file: DATA_KEYS_FILE, keyId: after.current, previous: before.current });
    expect(after.current).not.toBe(before.current);
    expect(after.keys.map((k: { id: string }) => k.id)).toEqual([...before.keys.map((k: { id: string }) => k.id), after.current]);
    expect(after.indexKey).toBe(before.indexKey);
  });
});
