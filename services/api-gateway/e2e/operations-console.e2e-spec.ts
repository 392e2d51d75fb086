import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { deadLetterTopic, Topics } from '@clinic-flow/contracts';
import { DEFAULT_DEMO_PASSWORD } from '@clinic-flow/demo-data';
import { findSamples, parsePrometheusText } from '@clinic-flow/platform';
import { accessibilityViolations, ApiClient, gatewayUrl, KafkaProbe, launchBrowser, servicePorts, strictPage, waitFor } from '@clinic-flow/testing';
import { bookingRequest, registerPatient } from './support';

/*
 * The operations console (issue 13) in a real headless Chromium: signed in as the operations role,
 * it shows a poison message in the dead letters, refuses to replay it as it is, replays it with
 * the operator's correction (handled once: a second replay is skipped as a duplicate), and shows
 * consumer lag and queue depth move under a load.
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
  const probe = new KafkaProbe();

  const text = (selector: string) => page.$eval(selector, (e) => (e as unknown as { textContent: string }).textContent ?? '');
  const setFilter = async (selector: string, value: string) => {
    await page.$eval(selector, (e) => ((e as unknown as { value: string }).value = ''));
    if (value) await page.type(selector, value);
    // Filters apply on change, as when a person leaves the field.
    await page.$eval(selector, (e) => e.dispatchEvent(new Event('change', { bubbles: true })));
  };
  /** The number the console shows in `selector`, once it shows one. */
  const shownNumber = (selector: string) => page.$eval(selector, (e) => Number((e as unknown as { textContent: string }).textContent)).catch(() => undefined);

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    browser = await launchBrowser();
    ({ page, errors: pageErrors } = await strictPage(browser));
    page.setDefaultTimeout(30_000);
    await page.goto(`${gatewayUrl()}/ops`);
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

    await page.click(`${row} button.inspect`);
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
    await page.click(`#dl-table tr[data-event-id="${marker}"][data-position^="${SCHEDULING_DLQ}/"] input[type=checkbox]`);
    await page.type('#dl-discard-reason', 'test marker, nothing to replay');
    await page.click('#dl-discard-selected');
    await page.waitForFunction(() => ((globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }).document.getElementById('dl-message').textContent ?? '').startsWith('Discarded 1'));
    // Other groups reading the topic (patient-records' analytics) dead-letter the marker too: only scheduling's was discarded.
    await page.waitForFunction((selector) => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(selector), {}, `#dl-table tr[data-event-id="${marker}"][data-position^="${SCHEDULING_DLQ}/"]`);
    await setFilter('#dl-key', '');
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

    // 1,000 responses to appointments that do not exist, on one key (one partition): scheduling works
    // through them in order, for longer than the console's refresh (2 s) even on a quiet machine.
    const key = `ops-load-${randomUUID()}`;
    const load = Array.from({ length: 1000 }, () => {
      const event = patientResponse(`ops-load-${randomUUID()}`, 'ops-load-patient', true);
      return { key, value: JSON.stringify({ ...event, subject: key }), headers: { 'event-type': event.type } };
    });
    const lag = `#groups-table tr[data-group="scheduling"][data-topic="${Topics.patientResponses}"] td.lag`;
    await probe.publishMany(Topics.patientResponses, load);
    const peak = await waitFor(async () => {
      const shown = await shownNumber(lag);
      return shown !== undefined && shown >= 50 ? shown : undefined;
    }, { what: 'consumer lag of scheduling on the patient responses in the console', intervalMs: 100, timeoutMs: 60_000 });
    expect(peak).toBeGreaterThanOrEqual(50);
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
