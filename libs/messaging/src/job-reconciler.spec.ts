import { Logger } from '@nestjs/common';
import { Metrics } from '@clinic-flow/platform';
import { JobReconciler, jobSource, PlannedJob } from './job-reconciler';
import { defineJobQueue, JobQueue, TracedJobData } from './jobs';
import { JobMetrics } from './metrics';

interface Data extends TracedJobData {
  id: string;
}

const definition = defineJobQueue<Data>({ name: 'timers', jobId: (d) => `t_${d.id}`, attempts: 1, backoffMs: 100 });

/** A queue as the reconciler sees it: which job ids Redis holds, and what was added. */
function fakeQueue(held: string[]) {
  const jobs = new Map<string, { delayMs?: number; name?: string }>(held.map((id) => [id, {}]));
  const queue = {
    name: definition.name,
    holds: async (d: Data) => jobs.has(definition.jobId(d)),
    add: async (d: Data, options: { delayMs?: number; name?: string } = {}) => {
      const id = definition.jobId(d);
      if (!jobs.has(id)) jobs.set(id, options);
      return id;
    },
  };
  return { queue: queue as unknown as JobQueue<TracedJobData>, jobs };
}

const planned = (id: string, dueInMs: number): PlannedJob<Data> => ({ data: { id, correlationId: 'c' }, dueAt: new Date(Date.now() + dueInMs), name: 'timer' });
const plannedJob = planned;

describe('JobReconciler', () => {
  beforeEach(() => jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('adds back only the planned jobs Redis does not hold, at their due time, counts and logs them', async () => {
    const metrics = new Metrics('test', { processMetrics: false });
    const reconciler = new JobReconciler(0, new JobMetrics(metrics));
    const { queue, jobs } = fakeQueue(['t_kept']);
    const source = jobSource(definition, { inject: [], planned: async () => [planned('kept', 5000), planned('lost', 60_000), planned('overdue', -5000)] });
    reconciler.register(queue, source.source, []);

    const report = await reconciler.reconcile();
    expect(report).toEqual({ planned: { timers: 3 }, replanned: { timers: ['t_lost', 't_overdue'] }, failed: [] });
    expect(jobs.get('t_lost')).toMatchObject({ name: 'timer', delayMs: expect.any(Number) });
    expect(jobs.get('t_lost')!.delayMs).toBeGreaterThan(55_000);
    expect(jobs.get('t_overdue')!.delayMs).toBeLessThan(0);
    expect(await metrics.registry.getSingleMetricAsString('jobs_replanned_total')).toContain('jobs_replanned_total{queue="timers",service="test"} 2');
    expect(Logger.prototype.warn).toHaveBeenCalledWith(expect.stringContaining('re-planned 2 job(s) of queue timers'));

    // A second pass finds them held: nothing more.
    expect((await reconciler.reconcile()).replanned).toEqual({ timers: [] });
  });

  it('reports a source that fails (database or Redis down) and goes on with the others', async () => {
    const reconciler = new JobReconciler(0);
    const broken = fakeQueue([]);
    const fine = fakeQueue([]);
    reconciler.register(broken.queue, jobSource(definition, { inject: [], planned: async () => Promise.reject(new Error('database down')) }).source, []);
    reconciler.register({ ...fine.queue, name: 'other' } as unknown as JobQueue<TracedJobData>, jobSource(definition, { inject: [], planned: async () => [planned('a', 0)] }).source, []);
    const report = await reconciler.reconcile();
    expect(report.failed).toEqual(['timers']);
    expect(report.replanned).toEqual({ other: ['t_a'] });
  });

  it('joins a pass already running instead of running two at once', async () => {
    const reconciler = new JobReconciler(0);
    let calls = 0;
    const { queue } = fakeQueue([]);
    reconciler.register(queue, jobSource(definition, { inject: [], planned: async () => (calls++, []) }).source, []);
    await Promise.all([reconciler.reconcile(), reconciler.reconcile()]);
    expect(calls).toBe(1);
  });

  describe('with a marker in Redis', () => {
    /** Redis as the reconciler's marker and the queue see it: FLUSHALL empties both. */
    function fakeRedis(held: string[] = []) {
      const keys = new Map<string, string>();
      const q = fakeQueue(held);
      return {
        ...q,
        keys,
        redis: {
          exists: async (key: string): Promise<number> => (keys.has(key) ? 1 : 0),
          set: async (key: string, value: string) => void keys.set(key, value),
        },
        flushall: () => (keys.clear(), q.jobs.clear()),
      };
    }

    function withSource(options: { fullIntervalMs?: number }, redis: ReturnType<typeof fakeRedis>, planned: () => Promise<Array<PlannedJob<Data>>>) {
      const reconciler = new JobReconciler({ intervalMs: 0, fullIntervalMs: options.fullIntervalMs ?? 0, marker: { redis: redis.redis, prefix: 'svc' } });
      reconciler.register(redis.queue, jobSource(definition, { inject: [], planned }).source, []);
      return reconciler;
    }

    it('a tick reads nothing while the marker is there; once Redis lost it, every job is back', async () => {
      const redis = fakeRedis();
      const planned = jest.fn(async () => [plannedJob('a', 60_000), plannedJob('b', 120_000)]);
      const reconciler = withSource({}, redis, planned);

      // The first tick (start) passes and leaves the marker, named after the service's queues.
      expect((await reconciler.check())?.replanned).toEqual({ timers: ['t_a', 't_b'] });
      expect([...redis.keys.keys()]).toEqual(['svc:jobs-reconciled:timers']);
      // Later ticks only look at the marker.
      expect(await reconciler.check()).toBeNull();
      expect(await reconciler.check()).toBeNull();
      expect(planned).toHaveBeenCalledTimes(1);

      redis.flushall();
      const report = await reconciler.check();
      expect(report?.replanned).toEqual({ timers: ['t_a', 't_b'] });
      expect([...redis.jobs.keys()].sort()).toEqual(['t_a', 't_b']);
      expect(redis.keys.has('svc:jobs-reconciled:timers')).toBe(true);
      expect(await reconciler.check()).toBeNull();
      expect(planned).toHaveBeenCalledTimes(2);
    });

    it('a flush while a pass runs takes the marker written at its start, so the next tick passes again', async () => {
      const redis = fakeRedis();
      let flushDuringPass = true;
      const reconciler = withSource({}, redis, async () => {
        // The flush lands after the source was read and before the jobs are looked up.
        if (flushDuringPass) redis.flushall();
        flushDuringPass = false;
        return [plannedJob('a', 60_000)];
      });
      await reconciler.check();
      // The job this pass added is there, but the marker went with the flush: the next tick checks again.
      expect(redis.keys.size).toBe(0);
      const again = await reconciler.check();
      expect(again).not.toBeNull();
      expect(redis.keys.size).toBe(1);
    });

    it('passes again after a failed pass, and after fullIntervalMs even with the marker in place', async () => {
      const redis = fakeRedis();
      let down = true;
      const planned = jest.fn(async () => {
        if (down) throw new Error('database down');
        return [plannedJob('a', 60_000)];
      });
      const reconciler = withSource({ fullIntervalMs: 3_600_000 }, redis, planned);
      expect((await reconciler.check())?.failed).toEqual(['timers']);
      down = false;
      // The marker was written, but the pass failed: the next tick passes anyway.
      expect((await reconciler.check())?.replanned).toEqual({ timers: ['t_a'] });
      expect(await reconciler.check()).toBeNull();

      const now = Date.now();
      jest.spyOn(Date, 'now').mockReturnValue(now + 3_600_000 + 1);
      expect((await reconciler.check())?.planned).toEqual({ timers: 1 });
      expect(planned).toHaveBeenCalledTimes(3);
    });

    it('Redis unreachable for the marker: the tick reports every queue failed and reads nothing', async () => {
      const redis = fakeRedis();
      const planned = jest.fn(async () => [plannedJob('a', 60_000)]);
      const reconciler = withSource({}, redis, planned);
      await reconciler.check();
      redis.redis.exists = async () => Promise.reject(new Error('connection refused'));
      expect(await reconciler.check()).toEqual({ planned: {}, replanned: {}, failed: ['timers'] });
      expect(planned).toHaveBeenCalledTimes(1);
    });
  });
});
