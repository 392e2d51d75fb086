import { DocumentLocks } from './document-locks';

describe('DocumentLocks', () => {
  const tick = () => new Promise((r) => setTimeout(r, 5));

  it('runs work on one key one at a time, in arrival order, even when one fails', async () => {
    const locks = new DocumentLocks();
    const log: string[] = [];
    const step = (name: string, fail = false) =>
      locks.run('doc-1', async () => {
        log.push(`${name}:start`);
        await tick();
        log.push(`${name}:end`);
        if (fail) throw new Error(name);
      });
    const results = await Promise.allSettled([step('a'), step('b', true), step('c')]);
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('lets different keys run concurrently', async () => {
    const locks = new DocumentLocks();
    const log: string[] = [];
    await Promise.all(
      ['x', 'y'].map((key) =>
        locks.run(key, async () => {
          log.push(`${key}:start`);
          await tick();
          log.push(`${key}:end`);
        }),
      ),
    );
    expect(log.slice(0, 2).sort()).toEqual(['x:start', 'y:start']);
  });
});
