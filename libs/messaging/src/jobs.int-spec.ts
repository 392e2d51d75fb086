import { randomUUID } from 'node:crypto';
import { Global, Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { HealthRegistry } from '@clinic-flow/platform';
import { testInfraEnv, waitFor } from '@clinic-flow/testing';
import { defineJobQueue, JOBS_REDIS, JobQueue, jobQueueProviders, JobsModule, jobWorker, TracedJobData } from './jobs';

/*
 * Queues declared in two feature modules, against the real Redis: they share the one connection of
 * `JobsModule.forRoot`, their workers run jobs with their own module's providers, and closing the
 * application closes every worker and queue and then that connection once.
 */

interface RunData extends TracedJobData {
  id: string;
}

const run = randomUUID().slice(0, 8);
const done: string[] = [];

@Injectable()
class Recorder {
  constructor(readonly feature: string) {}
}

function feature(name: string) {
  const queue = defineJobQueue<RunData>({ name: `it-jobs-${name}-${run}`, jobId: (d) => d.id, attempts: 1, backoffMs: 100 });
  const worker = jobWorker(queue, {
    inject: [Recorder],
    concurrency: 1,
    exec: async (job, recorder: Recorder) => void done.push(`${recorder.feature}:${job.data.id}`),
  });
  @Module({ providers: [{ provide: Recorder, useValue: new Recorder(name) }, ...jobQueueProviders([worker])], exports: [queue.token] })
  class FeatureModule {}
  return { queue, FeatureModule };
}

@Global()
@Module({ providers: [HealthRegistry], exports: [HealthRegistry] })
class HealthModule {}

describe('jobs declared in several modules (real Redis)', () => {
  const a = feature('a');
  const b = feature('b');

  it('share one connection, run with their own providers, and close everything once', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [HealthModule, JobsModule.forRoot({ redisUrl: testInfraEnv().REDIS_URL, prefix: `itjobs${run}`, lockDurationMs: 5000, stalledIntervalMs: 5000 }), a.FeatureModule, b.FeatureModule],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const redis = app.get<Redis>(JOBS_REDIS);
    const queueA = app.get<JobQueue<RunData>>(a.queue.token);
    const queueB = app.get<JobQueue<RunData>>(b.queue.token);
    try {
      expect(queueA.queue.opts.connection).toBe(redis);
      expect(queueB.queue.opts.connection).toBe(redis);

      const { checks } = await app.get(HealthRegistry).report();
      expect(Object.keys(checks).sort()).toEqual(['redis', `${a.queue.name}-worker`, `${b.queue.name}-worker`].sort());
      expect(Object.values(checks).every((c) => c.status === 'up')).toBe(true);

      await queueA.add({ id: 'one', correlationId: 'c-1' });
      await queueB.add({ id: 'two', correlationId: 'c-2' });
      await waitFor(async () => done.length === 2, { what: 'both jobs ran' });
      expect(done.sort()).toEqual(['a:one', 'b:two']);
    } finally {
      await app.close();
    }
    // quit() answers before the socket is closed.
    await waitFor(async () => redis.status === 'end', { timeoutMs: 5000, what: 'the jobs connection closed' });
  });
});
