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
});
