import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { defineJobQueue, JobQueue } from './jobs';
import { classifyError } from './retry';

/*
 * Redis that is down must not hold whoever plans a job: with the connection the services use
 * (maxRetriesPerRequest: null) a command would wait for Redis forever, so add() refuses at once
 * with a transient error (a consumer waits and retries; a request is not held).
 */
describe('JobQueue.add with Redis unreachable', () => {
  it('fails at once with a transient error instead of waiting for Redis', async () => {
    // Nothing listens on port 1: every connection attempt is refused, as with Redis stopped.
    const connection = new IORedis('redis://127.0.0.1:1', { maxRetriesPerRequest: null, lazyConnect: false, retryStrategy: () => 200 });
    connection.on('error', () => undefined);
    const queue = new Queue('unit-redis-down', { connection });
    queue.on('error', () => undefined);
    const jobs = new JobQueue(queue, defineJobQueue<{ id: string; correlationId: string }>({ name: 'unit-redis-down', jobId: (d) => d.id, attempts: 1, backoffMs: 100 }));
    try {
      const started = Date.now();
      const error = await jobs.add({ id: 'j-1', correlationId: 'c-1' }, { delayMs: 60_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(classifyError(error)).toBe('transient');
      expect((error as Error).message).toMatch(/Redis is not connected/);
      // A generous bound (the check waits 1 s for the connection at most): the point is "not forever".
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await queue.close().catch(() => undefined);
      connection.disconnect();
    }
  });
});
