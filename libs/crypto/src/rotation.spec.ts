import { KeySet, KeySetJson, newKeySet, StaticKeyProvider, withNewKey } from './keys';
import { KeyRotation, SweepCounts } from './rotation';

/** A key provider whose set the test replaces, as a rewritten key file would be. */
class SwitchableKeys extends StaticKeyProvider {
  constructor(private json: KeySetJson) {
    super(KeySet.from(json, 'test'));
  }
  use(json: KeySetJson) {
    this.json = json;
  }
  override async currentKeyId() {
    return this.json.current;
  }
  override async keyIds() {
    return this.json.keys.map((k) => k.id);
  }
}

const options = { pollMs: 60_000, retryMs: 1, maxPasses: 5 };

describe('KeyRotation', () => {
  it('sweeps at start a target whose last sweep was for another key, repeats a pass that left values behind, and remembers the key', async () => {
    const markers = new Map<string, string>([['done-before', 'k1']]);
    const keys = new SwitchableKeys(newKeySet('k1'));
    const rotation = new KeyRotation(keys, { get: async (t) => markers.get(t) ?? null, set: async (t, k) => void markers.set(t, k) }, options);
    const passes: string[] = [];
    let left = 1;
    rotation.register({ name: 'people', sweep: async (keyId) => (passes.push(keyId), { scanned: 3, resealed: 1, remaining: left-- > 0 ? 1 : 0 }) });
    rotation.register({ name: 'done-before', sweep: async () => Promise.reject(new Error('not due')) });
    await rotation.start();
    await rotation.idle();
    expect(passes).toEqual(['k1', 'k1']);
    expect(rotation.snapshot()).toMatchObject({ state: 'done', sweepKeyId: 'k1', targets: { people: { state: 'done', passes: 2 }, 'done-before': { state: 'done', passes: 0 } } });
    expect(markers.get('people')).toBe('k1');
    await rotation.stop();
  });

  it('ends a pass for a key that stopped being current and sweeps for the new one', async () => {
    const markers = new Map<string, string>();
    const first = newKeySet('k1');
    const keys = new SwitchableKeys(first);
    const rotation = new KeyRotation(keys, { get: async (t) => markers.get(t) ?? null, set: async (t, k) => void markers.set(t, k) }, options);
    const finished: string[] = [];
    let rotated = false;
    rotation.register({
      name: 'people',
      sweep: async (keyId, progress) => {
        const counts: SweepCounts = { scanned: 0, resealed: 0, remaining: 0 };
        for (let batch = 0; batch < 3; batch++) {
          counts.scanned += 1000;
          if (keyId === 'k1' && !rotated) {
            rotated = true;
            keys.use(withNewKey(first, 'k2'));
            await rotation.check();
          }
          progress(counts);
        }
        finished.push(keyId);
        return counts;
      },
    });
    await rotation.start();
    await rotation.idle();
    await rotation.idle();
    expect(finished).toEqual(['k2']);
    expect(markers.get('people')).toBe('k2');
    expect(rotation.snapshot()).toMatchObject({ state: 'done', currentKeyId: 'k2', sweepKeyId: 'k2' });
    await rotation.stop();
  });
});
