const { RestartBackoff } = require('./supervisor') as {
  RestartBackoff: new (options?: { initialMs?: number; maxMs?: number; stableMs?: number }) => { next(ranMs: number): number; restarts: number };
};

describe('RestartBackoff (npm start restarting a service that died)', () => {
  it('doubles the pause while the service keeps dying quickly, up to the cap', () => {
    const backoff = new RestartBackoff({ initialMs: 1000, maxMs: 8000, stableMs: 60_000 });
    expect([500, 500, 500, 500, 500, 500].map((ran) => backoff.next(ran))).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoff.restarts).toBe(6);
  });

  it('starts from the first pause again after a run that lasted stableMs', () => {
    const backoff = new RestartBackoff({ initialMs: 1000, maxMs: 30_000, stableMs: 60_000 });
    backoff.next(100);
    backoff.next(100);
    expect(backoff.next(100)).toBe(4000);
    expect(backoff.next(60_000)).toBe(1000);
    expect(backoff.next(59_999)).toBe(2000);
    expect(backoff.restarts).toBe(5);
  });
});
