import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { AppointmentBookedV1, deadLetterTopic, PatientContactUpdatedV1, Topics } from '@clinic-flow/contracts';
import { DEFAULT_DEMO_PASSWORD } from '@clinic-flow/demo-data';
import { findSamples, parsePrometheusText } from '@clinic-flow/platform';
import { accessibilityViolations, ApiClient, gatewayUrl, KafkaProbe, launchBrowser, mailsTo, servicePorts, strictPage, waitFor } from '@clinic-flow/testing';
import { booked, notificationsOf, publish, typeWithPolicy } from './notification-support';
import { bookingRequest, registerPatient } from './support';

/*
 * The operations console (issue 13) in a real headless Chromium: signed in as the operations role,
 * it shows a poison message in the dead letters, refuses to replay it as it is, replays it with
 * the operator's correction (handled once: a second replay is skipped as a duplicate), lists a job
 * that failed for good and retries it after the fix, and shows consumer lag and queue depth move
 * under a load.
 */

const SCHEDULING_DLQ = deadLetterTopic('scheduling');

/** A scheduling metric's sum, read from its own /metrics (internal port). */
async function schedulingMetric(name: string, labels: Record<string, string>): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${servicePorts().scheduling}/metrics`);
  return findSamples(parsePrometheusText(await res.text()), name, labels).reduce((sum, s) => sum + s.value, 0);
}

/** A patient's confirmation of an appointment, as notification would publish it; `receivedAt` left out makes it break its contract. */
function patientResponse(appointmentId: string, patientId: string, withReceivedAt: boolean) {
  const id = randomUUID();
  return {
    id,
    type: 'patient-response.received',
    version: 1,
    source: 'notification',
    time: new Date().toISOString(),
    subject: appointmentId,
    siteId: 'site-downtown',
    correlationId: id,
    causationId: null,
    data: {
      responseId: `ops-e2e-${id}`,
      appointmentId,
      patientId,
      siteId: 'site-downtown',
      action: 'confirm',
      via: 'sms',
      messageId: `ops-e2e-message-${id}`,
      ...(withReceivedAt ? { receivedAt: new Date().toISOString() } : {}),
    },
  };
}

describe('operations console (headless Chromium)', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let desk: ApiClient;
  let ops: ApiClient;
  const probe = new KafkaProbe();
  /** A reminder whose job fails for good: notification does not know its patient's contact details (yet). */
  const unreachable = { patientId: `ops-e2e-patient-${randomUUID()}`, email: `ops-e2e-${randomUUID().slice(0, 8)}@example.test`, appointmentId: '' };

  const text = (selector: string) => page.$eval(selector, (e) => (e as unknown as { textContent: string }).textContent ?? '');
  const setFilter = async (selector: string, value: string) => {
    await page.$eval(selector, (e) => ((e as unknown as { value: string }).value = ''));
    if (value) await page.type(selector, value);
    // Filters apply on change, as when a person leaves the field.
    await page.$eval(selector, (e) => e.dispatchEvent(new Event('change', { bubbles: true })));
  };
  /** The number the console shows in `selector`, once it shows one. */
  /**
   * Clicks an element of a table the console re-renders every refresh: found and clicked in one
   * step inside the page (page.click finds it, then scrolls and clicks it from outside, and a
   * refresh in between detaches it: "Node is detached from document").
   */
  const clickInTable = async (selector: string) => {
    await page.waitForSelector(selector);
    await page.$eval(selector, (e) => (e as unknown as { click(): void }).click());
  };
  const shownNumber = (selector: string) => page.$eval(selector, (e) => Number((e as unknown as { textContent: string }).textContent)).catch(() => undefined);

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    ops = await ApiClient.loginAs('operations');
    // Started first, so its job fails for good (five attempts, 0.5-4 s apart in the e2e system) while the dead-letter test runs.
    const typeId = await typeWithPolicy(await ApiClient.loginAs('office-manager'), { steps: [{ offset: 'PT10M', channel: 'email' }] });
    const visit = booked(unreachable.patientId, new Date(Date.now() + 10 * 60_000 + 1000), { appointmentTypeId: typeId });
    unreachable.appointmentId = visit.appointmentId;
    await publish(probe, AppointmentBookedV1, visit.appointmentId, visit.siteId, visit);
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await strictPage(browser));
    page.setDefaultTimeout(30_000);
    await page.goto(`${gatewayUrl()}/ops?refreshMs=1000`);
    await page.type('#email', 'operations@demo.clinic');
    await page.type('#password', process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#console:not([hidden])');
    await page.waitForSelector('#services-table tr[data-service="scheduling"]');
  });

  afterAll(async () => {
    await browser?.close();
    await probe.close();
  });

  it('turns away a staff role: the console is for operations, and its API refuses everyone else', async () => {
    const other = await browser.newPage();
    await other.goto(`${gatewayUrl()}/ops`);
    await other.type('#email', 'receptionist@demo.clinic');
    await other.type('#password', process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD);
    await other.click('#sign-in-form button[type=submit]');
    await other.waitForFunction(() => ((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('sign-in-error').textContent ?? '').includes('operations role'));
    expect(await other.$eval('#console', (e) => e.hasAttribute('hidden'))).toBe(true);
    await other.close();
    const res = await desk.get('/ops/dead-letters');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('AUTH.ROLE_FORBIDDEN');
  });

  it('shows a poison message in the dead letters, replays it after the fix, and it is handled once', async () => {
    const patient = await registerPatient(desk);
    const booked = await desk.post('/appointments', bookingRequest(patient.id));
    expect(booked.status).toBe(201);
    const appointmentId: string = booked.body.id;

    // notification's confirmation from the patient, without receivedAt: scheduling dead-letters it.
    const poison = patientResponse(appointmentId, patient.id, false);
    await probe.publish(Topics.patientResponses, appointmentId, JSON.stringify(poison), { 'event-type': poison.type });

    await setFilter('#dl-key', appointmentId);
    const row = `#dl-table tr[data-event-id="${poison.id}"][data-position^="${SCHEDULING_DLQ}/"]`;
    await page.waitForSelector(row);
    expect(await text(row)).toContain('contract-violation');
    expect(await text(row)).toContain('receivedAt');
    expect(await page.$eval(row, (e) => e.getAttribute('data-status'))).toBe('open');

    await clickInTable(`${row} button.inspect`);
    await page.waitForSelector('#dl-detail:not([hidden])');
    await page.waitForFunction((id) => ((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('dl-detail-payload').textContent ?? '').includes(id), {}, poison.id);
    expect(await text('#dl-detail-facts')).toContain(Topics.patientResponses);

    // Replayed as it is, it would fail again: refused, nothing published.
    await page.click('#dl-replay');
    await page.waitForFunction(() => ((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('dl-replay-result').textContent ?? '').includes('OPS.REPLAY_STILL_INVALID'));
    expect(await text('#dl-replay-result')).toContain('receivedAt');

    // The fix: the missing field, then the replay.
    await page.type('#dl-correction', JSON.stringify({ 'data.receivedAt': new Date().toISOString() }));
    await page.type('#dl-replay-reason', 'notification left receivedAt out (bug fixed)');
    await page.click('#dl-replay');
    await page.waitForFunction(() => ((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('dl-replay-result').textContent ?? '').startsWith('Replayed 1'));

    const confirmed = await waitFor(
      async () => {
        const res = await desk.get(`/appointments/${appointmentId}`);
        return res.body.status === 'confirmed' ? res.body : undefined;
      },
      { what: 'the appointment confirmed by the replayed response' },
    );
    expect(confirmed.history.find((h: { action: string }) => h.action === 'confirmed')).toMatchObject({ by: 'patient', reason: 'by sms' });

    // A second replay of the same dead letter: scheduling skips the event as one it handled.
    const duplicatesBefore = await schedulingMetric('events_skipped_total', { group: 'scheduling', type: 'patient-response.received', reason: 'duplicate' });
    await page.$eval('#dl-replay-result', (e) => (e.textContent = ''));
    await page.click('#dl-replay');
    await page.waitForFunction(() => ((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('dl-replay-result').textContent ?? '').startsWith('Replayed 1'));
    // A later message on the same key (same partition, in order) marks that the replay was consumed.
    const marker = await probe.publishMalformed(Topics.patientResponses, appointmentId, 'patient-response.received', 1);
    await page.waitForSelector(`#dl-table tr[data-event-id="${marker}"][data-position^="${SCHEDULING_DLQ}/"]`);
    expect(await schedulingMetric('events_skipped_total', { group: 'scheduling', type: 'patient-response.received', reason: 'duplicate' })).toBeGreaterThan(duplicatesBefore);

    const after = await desk.get(`/appointments/${appointmentId}`);
    expect(after.body.history.filter((h: { action: string }) => h.action === 'confirmed')).toHaveLength(1);

    // The console shows it replayed (twice), once in scheduling's dead letters, and the audit log has both replays and the refusal.
    await page.select('#dl-status', 'all');
    await page.waitForSelector(`${row}[data-status="replayed"]`);
    expect(await page.$$eval(`#dl-table tr[data-event-id="${poison.id}"][data-position^="${SCHEDULING_DLQ}/"]`, (rows) => rows.length)).toBe(1);
    expect(await text(row)).toContain('2 replays');
    const position = await page.$eval(row, (e) => e.getAttribute('data-position'));
    const ofPoison = await page.$$eval(`#actions-table tr[data-target="${position}"]`, (rows) => rows.map((r) => (r as unknown as { textContent: string }).textContent));
    expect(ofPoison.some((line) => line.includes('replay (corrected data.receivedAt)') && line.includes('done'))).toBe(true);
    expect(ofPoison.some((line) => line.includes('refused'))).toBe(true);

    // Discard the marker with a reason.
    await page.select('#dl-status', 'open');
    await clickInTable(`#dl-table tr[data-event-id="${marker}"][data-position^="${SCHEDULING_DLQ}/"] input[type=checkbox]`);
    await page.type('#dl-discard-reason', 'test marker, nothing to replay');
    await page.click('#dl-discard-selected');
    await page.waitForFunction(() => ((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('dl-message').textContent ?? '').startsWith('Discarded 1'));
    // Other groups reading the topic (patient-records' analytics) dead-letter the marker too: only scheduling's was discarded.
    await page.waitForFunction((selector) => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(selector), {}, `#dl-table tr[data-event-id="${marker}"][data-position^="${SCHEDULING_DLQ}/"]`);
    await setFilter('#dl-key', '');
  });

  it('lists a job that failed for good, masked, and retries it from the console after the fix (audited)', async () => {
    const [reminder] = await waitFor(
      async () => {
        const items = await notificationsOf(desk, unreachable.appointmentId);
        return items.length === 1 && items[0].status === 'failed' && items;
      },
      { what: 'the reminder to a patient without contact details to fail for good', timeoutMs: 60_000 },
    );
    // The API: the job with its attempts and error; job data only as ids; everyone else refused.
    const listed = await ops.get('/ops/jobs/failed?service=notification&queue=reminders');
    expect(listed.status).toBe(200);
    const job = listed.body.items.find((j: { id: string }) => j.id === reminder.id);
    expect(job).toMatchObject({ service: 'notification', queue: 'reminders', name: 'appointment-reminder', attemptsMade: 5, maxAttempts: 5, data: { reminderId: reminder.id, correlationId: expect.any(String) } });
    expect(job.failedReason).toContain('contact details');
    expect(Object.keys(job.data).sort()).toEqual(['correlationId', 'reminderId']);
    expect(Date.parse(job.failedAt)).toBeGreaterThan(Date.parse(job.createdAt));
    expect((await desk.get('/ops/jobs/failed')).status).toBe(403);
    expect((await desk.post('/ops/jobs/retry', { service: 'notification', queue: 'reminders', id: reminder.id })).status).toBe(403);
    const missing = await ops.post('/ops/jobs/retry', { service: 'notification', queue: 'reminders', id: `no-such-job-${randomUUID()}` });
    expect([missing.status, missing.body.code]).toEqual([404, 'JOB.NOT_FOUND']);
    expect((await ops.post('/ops/jobs/retry', { service: 'notification', queue: 'no-such-queue', id: reminder.id })).body.code).toBe('JOB.QUEUE_NOT_FOUND');
    expect((await ops.post('/ops/jobs/retry', { service: 'gateway', queue: 'reminders', id: reminder.id })).status).toBe(400);

    // The fix: notification learns the patient's contact details. Then the retry, from the console.
    await publish(probe, PatientContactUpdatedV1, unreachable.patientId, 'site-downtown', {
      patientId: unreachable.patientId, firstName: 'Opsretry', email: unreachable.email, preferredChannel: 'email', language: 'en', optedOutChannels: [], changedBy: 'ops-e2e', changedAt: new Date().toISOString(),
    });
    // Notification has handled it once its group's committed offsets pass where the patients topic ended after it.
    type GroupTopic = { topic: string; partitions: Array<{ partition: number; committed: string | null; end: string }> };
    const patientsTopic = async () => ((await ops.get('/ops/consumer-groups')).body.items.find((g: { groupId: string }) => g.groupId === 'notification')?.topics as GroupTopic[] | undefined)?.find((t) => t.topic === Topics.patients);
    const ends = new Map((await waitFor(patientsTopic, { what: "notification's offsets on the patients topic" })).partitions.map((p) => [p.partition, BigInt(p.end)]));
    await waitFor(async () => (await patientsTopic())?.partitions.every((p) => BigInt(p.committed ?? -1) >= (ends.get(p.partition) ?? 0n)), { what: 'notification to handle the contact details' });

    const row = `#jobs-table tr[data-service="notification"][data-queue="reminders"][data-job-id="${reminder.id}"]`;
    await page.waitForSelector(row);
    expect(await text(row)).toContain('5 of 5');
    expect(await text(row)).toContain('contact details');
    await page.type('#jobs-retry-reason', 'contact details arrived late');
    expect(await mailsTo(unreachable.email)).toHaveLength(0);
    await clickInTable(`${row} button.retry`);
    await page.waitForFunction(() => ((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('jobs-message').textContent ?? '').startsWith('Retried notification/reminders/'));
    await page.waitForFunction((selector) => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(selector), {}, row);

    const [sent] = await waitFor(
      async () => {
        const items = await notificationsOf(desk, unreachable.appointmentId);
        return items[0]?.status === 'sent' && items;
      },
      { what: 'the retried reminder sent' },
    );
    expect(sent.id).toBe(reminder.id);
    expect(await mailsTo(unreachable.email)).toHaveLength(1);
    const target = `notification/reminders/${reminder.id}`;
    await page.waitForSelector(`#actions-table tr[data-action="retry-job"][data-target="${target}"]`);
    expect(await text(`#actions-table tr[data-action="retry-job"][data-target="${target}"]`)).toContain('contact details arrived late');

    // Done now: a second retry is refused (and audited as refused).
    const again = await ops.post('/ops/jobs/retry', { service: 'notification', queue: 'reminders', id: reminder.id });
    expect([again.status, again.body.code]).toEqual([409, 'JOB.NOT_FAILED']);
    const actions = (await ops.get('/ops/actions?limit=50')).body.items.filter((a: { target: string }) => a.target === target);
    expect(actions.map((a: { outcome: string }) => a.outcome)).toEqual(['refused', 'done']);
  });

  it('shows consumer lag and queue depth move under a load', async () => {
    const delayed = '#services-table tr[data-service="scheduling"] li[data-queue="scheduling-no-show"] span[data-state="delayed"]';
    const baseline = await waitFor(() => shownNumber(delayed), { what: 'the no-show queue depth in the console' });

    // Five bookings: five no-show timers wait in scheduling's queue.
    const patient = await registerPatient(desk);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await desk.post('/appointments', bookingRequest(patient.id));
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    await waitFor(async () => ((await shownNumber(delayed)) ?? 0) >= baseline + 5, { what: 'the no-show queue depth rising by 5 in the console' });

    // 300 responses to appointments that do not exist, on one key (one partition): scheduling works
    // through them in order. More would hold up other files' answers on that partition (the
    // analytics file timed out waiting for a confirmation behind 1,000); the console refreshes
    // every second in this test (?refreshMs=1000), so it sees the lag on a quiet machine too.
    const key = `ops-load-${randomUUID()}`;
    const load = Array.from({ length: 300 }, () => {
      const event = patientResponse(`ops-load-${randomUUID()}`, 'ops-load-patient', true);
      return { key, value: JSON.stringify({ ...event, subject: key }), headers: { 'event-type': event.type } };
    });
    const lag = `#groups-table tr[data-group="scheduling"][data-topic="${Topics.patientResponses}"] td.lag`;
    await probe.publishMany(Topics.patientResponses, load);
    const peak = await waitFor(async () => {
      const shown = await shownNumber(lag);
      return shown !== undefined && shown >= 100 ? shown : undefined;
    }, { what: 'consumer lag of scheduling on the patient responses in the console', intervalMs: 100, timeoutMs: 60_000 });
    expect(peak).toBeGreaterThanOrEqual(100);
    await waitFor(async () => ((await shownNumber(lag)) ?? Infinity) < peak, { what: 'the lag going down as scheduling catches up', timeoutMs: 120_000 });

    for (const id of ids) expect((await desk.post(`/appointments/${id}/cancel`, { reason: 'operations console test' })).status).toBe(200);
  }, 240_000);

  it('streams live events with their patient fields masked', async () => {
    await page.type('#live-topic', Topics.patients);
    await page.click('#live-start');
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('live-state').textContent === 'Watching');
    const patient = await registerPatient(desk);
    const line = `#live-events li[data-type="patient.registered"][data-key="${patient.id}"]`;
    await page.waitForSelector(line);
    const shown = await text(line);
    expect(shown).toContain(patient.id);
    expect(shown).not.toContain(patient.lastName);
    expect(shown).not.toContain(patient.email);
    expect(shown).toContain('•••');
    await page.click('#live-stop');
  });

  it('passes the axe-core accessibility rules and logged no script error', async () => {
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
