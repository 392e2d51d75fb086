import { Metrics, parsePrometheusText, sumSamples } from '@clinic-flow/platform';
import { ConsumerMetrics, eventTypeLabel, jobLatenessMs, JobMetrics, OutboxMetrics, partitionLag } from './metrics';

const scrape = async (metrics: Metrics) => parsePrometheusText(await metrics.exposition());

describe('partitionLag', () => {
  it('is the end offset minus the committed one', () => {
    expect(partitionLag({ high: '120', low: '0' }, '100')).toBe(20);
    expect(partitionLag({ high: '120', low: '0' }, '120')).toBe(0);
  });

  it('counts from the start of what is retained when the group committed nothing', () => {
    expect(partitionLag({ high: '120', low: '30' }, '-1')).toBe(90);
    expect(partitionLag({ high: '5', low: '0' }, undefined)).toBe(5);
  });
});

describe('eventTypeLabel', () => {
  it('names a known type and calls anything else unknown, so garbage mints no series', () => {
    expect(eventTypeLabel(Buffer.from(JSON.stringify({ type: 'appointment.booked', data: {} })))).toBe('appointment.booked');
    expect(eventTypeLabel(Buffer.from(JSON.stringify({ type: 'made.up.by.an.attacker' })))).toBe('unknown');
    expect(eventTypeLabel(Buffer.from('this is not an event'))).toBe('unknown');
    expect(eventTypeLabel(null)).toBe('unknown');
  });
});

describe('jobLatenessMs', () => {
  it('is processedOn minus (timestamp + delay), never negative', () => {
    expect(jobLatenessMs({ timestamp: 1000, opts: { delay: 500 }, processedOn: 1750 }, 9999)).toBe(250);
    expect(jobLatenessMs({ timestamp: 1000, delay: 500, processedOn: 1400 }, 9999)).toBe(0);
    expect(jobLatenessMs({ timestamp: 1000 }, 1300)).toBe(300);
  });
});

describe('JobMetrics', () => {
  it('observes the lateness of first attempts only, and reads queue depth by state on scrape', async () => {
    const metrics = new Metrics('svc', { processMetrics: false });
    const jobs = new JobMetrics(metrics);
    const now = Date.now();
    jobs.recordStart('reminders', { timestamp: now - 10_000, opts: { delay: 8000 }, processedOn: now, attemptsMade: 0 });
    jobs.recordStart('reminders', { timestamp: now - 60_000, opts: { delay: 0 }, processedOn: now, attemptsMade: 2 });
    jobs.watchDepth('reminders', async (...states) => Object.fromEntries(states.map((s, i) => [s, i + 1])));
    const samples = await scrape(metrics);
    expect(sumSamples(samples, 'job_lateness_seconds_count', { queue: 'reminders' })).toBe(1);
    expect(sumSamples(samples, 'job_lateness_seconds_sum', { queue: 'reminders' })).toBeCloseTo(2, 0);
    expect(sumSamples(samples, 'job_queue_depth', { queue: 'reminders', state: 'waiting' })).toBe(1);
    expect(sumSamples(samples, 'job_queue_depth', { queue: 'reminders', state: 'delayed' })).toBe(2);
    expect(sumSamples(samples, 'job_queue_depth', { queue: 'reminders', state: 'failed' })).toBe(4);
  });
});

describe('OutboxMetrics', () => {
  it('reports what scans and writes saw pending until it is published, with the age of the oldest', async () => {
    const metrics = new Metrics('svc', { processMetrics: false });
    const outbox = new OutboxMetrics(metrics);
    outbox.register('appointments');
    outbox.register('slots');
    const old = new Date(Date.now() - 60_000);
    const doc = { _id: 'a1', outbox: [{ topic: 't', createdAt: old }, { topic: 't', createdAt: new Date() }] };
    outbox.scanned('appointments', [doc]);
    outbox.seen('appointments', { _id: 'a2', outbox: [{ createdAt: new Date() }] });
    let samples = await scrape(metrics);
    expect(sumSamples(samples, 'outbox_pending_events', { collection: 'appointments' })).toBe(3);
    expect(sumSamples(samples, 'outbox_oldest_pending_age_seconds', { collection: 'appointments' })).toBeGreaterThanOrEqual(60);
    expect(sumSamples(samples, 'outbox_pending_events', { collection: 'slots' })).toBe(0);

    outbox.publishedDoc('appointments', doc);
    samples = await scrape(metrics);
    expect(sumSamples(samples, 'outbox_pending_events', { collection: 'appointments' })).toBe(1);
    expect(sumSamples(samples, 'outbox_oldest_pending_age_seconds', { collection: 'appointments' })).toBeLessThan(5);
    expect(sumSamples(samples, 'outbox_events_published_total', { collection: 'appointments', topic: 't' })).toBe(2);
    expect(sumSamples(samples, 'outbox_publish_delay_seconds_count', { collection: 'appointments' })).toBe(2);

    // A later scan is the truth: another instance published a2.
    outbox.scanned('appointments', []);
    samples = await scrape(metrics);
    expect(sumSamples(samples, 'outbox_pending_events', { collection: 'appointments' })).toBe(0);
    expect(sumSamples(samples, 'outbox_oldest_pending_age_seconds', { collection: 'appointments' })).toBe(0);
  });
});

describe('ConsumerMetrics.watchLag', () => {
  it('sets the lag of every partition of the topics on scrape, asking Kafka at most once per interval', async () => {
    const metrics = new Metrics('svc', { processMetrics: false });
    let high = 50;
    const calls = { fetchOffsets: 0, connect: 0, disconnect: 0 };
    const admin = {
      connect: async () => void calls.connect++,
      disconnect: async () => void calls.disconnect++,
      fetchOffsets: async ({ groupId, topics }: { groupId: string; topics: string[] }) => {
        calls.fetchOffsets++;
        expect([groupId, topics]).toEqual(['notification', ['t1']]);
        return [{ topic: 't1', partitions: [{ partition: 0, offset: '40' }, { partition: 1, offset: '-1' }] }];
      },
      fetchTopicOffsets: async () => [
        { partition: 0, high: String(high), low: '0', offset: String(high) },
        { partition: 1, high: '7', low: '2', offset: '7' },
      ],
    };
    const watch = new ConsumerMetrics(metrics, 'notification').watchLag({ admin: () => admin } as never, ['t1'], 60_000);
    let samples = await scrape(metrics);
    expect(sumSamples(samples, 'kafka_consumer_lag', { group: 'notification', topic: 't1', partition: '0' })).toBe(10);
    expect(sumSamples(samples, 'kafka_consumer_lag', { group: 'notification', topic: 't1', partition: '1' })).toBe(5);
    high = 90;
    samples = await scrape(metrics);
    // Within the interval the last reading stands, and Kafka is not asked again.
    expect(sumSamples(samples, 'kafka_consumer_lag', { partition: '0' })).toBe(10);
    expect(calls).toEqual({ fetchOffsets: 1, connect: 1, disconnect: 0 });
    await watch.stop();
    expect(calls.disconnect).toBe(1);
  });
});
