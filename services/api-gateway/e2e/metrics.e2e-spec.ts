import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import request from 'supertest';
import { AppointmentBookedV1, Topics } from '@clinic-flow/contracts';
import { findSamples, MetricSample, parsePrometheusText, sumSamples } from '@clinic-flow/platform';
import { ApiClient, gatewayUrl, KafkaProbe, registeredServices, servicePorts, testInfraEnv, urgentCareBooking, waitFor } from '@clinic-flow/testing';
import { booked, publish } from './notification-support';
import { registerPatient } from './support';

/*
 * Every service's GET /metrics in the running system, read as Prometheus reads it (the text
 * format, parsed) and compared before and after what the test does: a booking through the
 * gateway, a reminder job that runs, poison messages.
 */

const scrape = async (service: string): Promise<MetricSample[]> => {
  const res = await fetch(`http://127.0.0.1:${servicePorts()[service]}/metrics`);
  if (res.status !== 200) throw new Error(`${service} /metrics answered ${res.status}`);
  return parsePrometheusText(await res.text());
};

const NOTIFICATION = { group: 'notification', topic: Topics.appointments };

describe('metrics of every service', () => {
  let api: ApiClient;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    api = await ApiClient.loginAs('office-manager');
  });
  afterAll(() => probe.close());

  it('are served by every service without a token, in the text format, labelled with the service', async () => {
    for (const { name } of registeredServices()) {
      const res = await fetch(`http://127.0.0.1:${servicePorts()[name]}/metrics`);
      expect([name, res.status]).toEqual([name, 200]);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
      const samples = parsePrometheusText(await res.text());
      expect([name, findSamples(samples, 'process_cpu_seconds_total', { service: name }).length]).toEqual([name, 1]);
      expect([name, sumSamples(samples, 'process_resident_memory_bytes', { service: name }) > 0]).toEqual([name, true]);
    }
  });

  it('stay internal: the gateway does not forward /metrics and the public API document does not list it', async () => {
    expect((await api.get('/metrics')).status).toBe(404);
    const document = await request(gatewayUrl()).get('/api/docs-json').expect(200);
    expect(Object.keys(document.body.paths).length).toBeGreaterThan(20);
    expect(Object.keys(document.body.paths).filter((p) => /metrics/.test(p))).toEqual([]);
  });

  describe('after a booking through the gateway', () => {
    let before: Record<'gateway' | 'scheduling' | 'notification', MetricSample[]>;
    let appointmentId: string;

    beforeAll(async () => {
      const [gateway, scheduling, notification] = await Promise.all([scrape('api-gateway'), scrape('scheduling'), scrape('notification')]);
      before = { gateway, scheduling, notification };
      const patient = await registerPatient(api);
      const res = await api.post('/appointments', urgentCareBooking(patient.id));
      expect(res.status).toBe(201);
      appointmentId = res.body.id as string;
      expect((await api.get(`/appointments/${appointmentId}`)).status).toBe(200);
    });

    const delta = (name: string, labels: Record<string, string>, from: MetricSample[], to: MetricSample[]) => sumSamples(to, name, labels) - sumSamples(from, name, labels);

    it('scheduling counts it and times it by route template, never by the path with its id', async () => {
      const scheduling = await scrape('scheduling');
      const booking = { method: 'POST', route: '/appointments' };
      const moved = (name: string, labels: Record<string, string>) => delta(name, labels, before.scheduling, scheduling);
      // At least this file's booking: other e2e files book through the same system at the same time.
      expect(moved('http_requests_total', { ...booking, status: '201', service: 'scheduling' })).toBeGreaterThanOrEqual(1);
      expect(moved('http_request_duration_seconds_count', { ...booking, status_class: '2xx' })).toBeGreaterThanOrEqual(1);
      expect(moved('http_request_duration_seconds_bucket', { ...booking, status_class: '2xx', le: '+Inf' })).toBe(moved('http_request_duration_seconds_count', { ...booking, status_class: '2xx' }));
      expect(moved('http_request_duration_seconds_sum', { ...booking, status_class: '2xx' })).toBeGreaterThan(0);
      expect(moved('http_requests_total', { method: 'GET', route: '/appointments/{id}', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(findSamples(scheduling, 'http_requests_total').filter((s) => s.labels.route.includes(appointmentId))).toEqual([]);
    });

    it('the gateway names the owner\'s route template under the public prefix', async () => {
      const gateway = await scrape('api-gateway');
      expect(delta('http_requests_total', { method: 'POST', route: '/api/v1/appointments', status: '201' }, before.gateway, gateway)).toBeGreaterThanOrEqual(1);
      expect(delta('http_requests_total', { method: 'GET', route: '/api/v1/appointments/{id}', status: '200' }, before.gateway, gateway)).toBeGreaterThanOrEqual(1);
      expect(findSamples(gateway, 'http_requests_total').filter((s) => s.labels.route.includes(appointmentId))).toEqual([]);
    });

    it('scheduling\'s outbox published its event and has nothing left pending; the write was timed', async () => {
      const scheduling = await waitFor(
        async () => {
          const now = await scrape('scheduling');
          return delta('outbox_events_published_total', { topic: Topics.appointments, collection: 'appointments' }, before.scheduling, now) >= 1 && now;
        },
        { what: 'outbox_events_published_total of the appointments topic to move' },
      );
      expect(delta('outbox_publish_delay_seconds_count', { collection: 'appointments' }, before.scheduling, scheduling)).toBeGreaterThanOrEqual(1);
      // Back to nothing pending once the relay caught up (other files' bookings may be in flight at any one scrape).
      const drained = await waitFor(
        async () => {
          const now = await scrape('scheduling');
          const pending = findSamples(now, 'outbox_pending_events', { collection: 'appointments' }).map((s) => s.value);
          const age = findSamples(now, 'outbox_oldest_pending_age_seconds', { collection: 'appointments' }).map((s) => s.value);
          return pending.length === 1 && pending[0] === 0 && age.length === 1 && age[0] === 0 && { pending, age };
        },
        { what: "scheduling's outbox of appointments to show nothing pending" },
      );
      expect(drained).toEqual({ pending: [0], age: [0] });
      expect(delta('db_operation_duration_seconds_count', { collection: 'appointments', outcome: 'ok' }, before.scheduling, scheduling)).toBeGreaterThanOrEqual(1);
    });

    it('notification handled appointment.booked and shows its reminder queue by state', async () => {
      const handled = (samples: MetricSample[]) => sumSamples(samples, 'events_handled_total', { ...NOTIFICATION, type: 'appointment.booked' });
      const notification = await waitFor(
        async () => {
          const now = await scrape('notification');
          return handled(now) > handled(before.notification) && now;
        },
        { what: 'events_handled_total of appointment.booked to move in notification' },
      );
      expect(delta('event_handler_duration_seconds_count', { ...NOTIFICATION, type: 'appointment.booked' }, before.notification, notification)).toBeGreaterThanOrEqual(1);
      for (const state of ['waiting', 'delayed', 'active', 'failed', 'completed']) {
        expect([state, findSamples(notification, 'job_queue_depth', { queue: 'reminders', state }).length]).toEqual([state, 1]);
      }
      // The booking is an hour or more ahead: its reminders wait as delayed jobs.
      expect(sumSamples(notification, 'job_queue_depth', { queue: 'reminders', state: 'delayed' })).toBeGreaterThanOrEqual(1);
    });
  });

  it('report the lag of notification per partition of the topics it reads, back to 0 once it caught up', async () => {
    const kafka = new Kafka({ clientId: `metrics-e2e-${randomUUID()}`, brokers: testInfraEnv().KAFKA_BROKERS.split(','), logLevel: 0 });
    const admin = kafka.admin();
    await admin.connect();
    const partitions = (await admin.fetchTopicOffsets(Topics.appointments)).map((p) => String(p.partition)).sort();
    await admin.disconnect();
    const lagSeries = await waitFor(
      async () => {
        const samples = findSamples(await scrape('notification'), 'kafka_consumer_lag', NOTIFICATION);
        return samples.length === partitions.length && samples.every((s) => s.value === 0) && samples;
      },
      { what: 'notification lag of 0 on every partition of the appointments topic' },
    );
    expect(lagSeries.map((s) => s.labels.partition).sort()).toEqual(partitions);
  });

  it('observe how late a delayed reminder job started and how long it ran', async () => {
    const before = await scrape('notification');
    const patient = await registerPatient(api);
    // The 30-second reminder step of an appointment 45 s away is due in 15 s.
    const data = booked(patient.id, new Date(Date.now() + 45_000));
    await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
    const lateness = (samples: MetricSample[], name: string) => sumSamples(samples, name, { queue: 'reminders' });
    // Other files' reminders run too: wait until a delayed reminder's lateness was observed (this one's is due in 15 s).
    const after = await waitFor(
      async () => {
        const now = await scrape('notification');
        return lateness(now, 'job_lateness_seconds_count') > lateness(before, 'job_lateness_seconds_count') && now;
      },
      { what: 'a delayed reminder job to start', timeoutMs: 45_000 },
    );
    const ran = lateness(after, 'job_lateness_seconds_count') - lateness(before, 'job_lateness_seconds_count');
    expect(ran).toBeGreaterThanOrEqual(1);
    // A job on time starts within seconds of when it was due (the e2e system is not loaded).
    const meanLateness = (lateness(after, 'job_lateness_seconds_sum') - lateness(before, 'job_lateness_seconds_sum')) / ran;
    expect(meanLateness).toBeGreaterThanOrEqual(0);
    expect(meanLateness).toBeLessThan(10);
  });

  it('count poison messages as dead-lettered and unknown event types as skipped, by topic, type and group', async () => {
    const before = await scrape('notification');
    const key = `poison-${randomUUID()}`;
    await probe.publish(Topics.appointments, key, 'this is not an event');
    await probe.publishMalformed(Topics.appointments, key, 'appointment.booked', 2);
    await probe.publish(Topics.appointments, key, JSON.stringify({ id: randomUUID(), type: 'appointment.teleported', version: 1, source: 'scheduling', time: new Date().toISOString(), subject: key, siteId: null, correlationId: randomUUID(), causationId: null, data: {} }));
    const counted = (samples: MetricSample[], name: string, labels: Record<string, string>) => sumSamples(samples, name, { ...NOTIFICATION, ...labels });
    const after = await waitFor(
      async () => {
        const now = await scrape('notification');
        return counted(now, 'events_skipped_total', { reason: 'unknown-type' }) > counted(before, 'events_skipped_total', { reason: 'unknown-type' }) && now;
      },
      { what: 'the unknown event type to be skipped (it follows the poison messages on their partition)' },
    );
    const delta = (name: string, labels: Record<string, string>) => counted(after, name, labels) - counted(before, name, labels);
    // At least these two: other e2e files may dead-letter messages of their own meanwhile.
    expect(delta('events_dead_lettered_total', { type: 'unknown', reason: 'contract-violation' })).toBeGreaterThanOrEqual(1);
    expect(delta('events_dead_lettered_total', { type: 'appointment.booked', reason: 'contract-violation' })).toBeGreaterThanOrEqual(1);
    expect(delta('events_skipped_total', { type: 'appointment.teleported', reason: 'unknown-type' })).toBe(1);
    // A type no handler knows is skipped, never handled.
    expect(delta('events_handled_total', { type: 'appointment.teleported' })).toBe(0);
  });
});
