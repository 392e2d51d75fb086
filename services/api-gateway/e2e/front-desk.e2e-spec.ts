import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { DEFAULT_DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@clinic-flow/demo-data';
import { accessibilityViolations, ApiClient, gatewayUrl, KEEP_BACKGROUND_PAGES_RUNNING, launchBrowser, recordPatientIdentifiers, strictPage, totpCodeOf } from '@clinic-flow/testing';

/*
 * The front desk's web app (issue 15) in a real headless Chromium at 1366x768: a nurse (two
 * sites: the site picker) registers a patient, sees the duplicate warning for the same person and
 * opens the existing record, finds them by a typo from the keyboard, books the first available
 * slot, which a receptionist's day view in a SECOND page shows by itself (polling), checks them in
 * with vitals (a wrong value first: the error in words, the typing kept), checks them out. axe-core
 * runs on each screen (WCAG 2.1 A/AA, no violation allowed); screenshots go to docs/screenshots.
 */

const SHOTS = path.resolve(__dirname, '../../../docs/screenshots');
const PASSWORD = process.env.DEMO_PASSWORD || DEFAULT_DEMO_PASSWORD;
const VIEWPORT = { width: 1366, height: 768 };
/**
 * The pages' client address (the e2e gateway believes X-Forwarded-For from loopback): the wrong
 * password and code this file sends count against an address of its own, never against the
 * loopback address other files sign in from.
 */
const CLIENT_ADDRESS = `198.51.100.${1 + Math.floor(Math.random() * 254)}`;

/** Letters only (the registration form takes names), unique per run: no other file's or run's patient matches. */
const uniqueLetters = () =>
  randomUUID()
    .replace(/[^a-f]/g, '')
    .padEnd(10, 'e')
    .slice(0, 10);

describe('front desk web app (headless Chromium)', () => {
  let browser: Browser;
  let desk: Page;
  let deskErrors: string[];
  let dayPage: Page;
  let dayErrors: string[];
  let nurse: ApiClient;
  const patient = { firstName: 'Ottoline', lastName: `Brackenridge${uniqueLetters()}`, dateOfBirth: '1979-11-23', phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}` };
  let patientId = '';
  let appointmentId = '';

  const textOf = (page: Page, selector: string) => page.$eval(selector, (e) => (e as unknown as { textContent: string }).textContent ?? '');
  const noViolations = async (page: Page, screen: string) => {
    await page.bringToFront();
    const violations = await accessibilityViolations(page);
    expect({ screen, violations }).toEqual({ screen, violations: [] });
  };
  const shot = async (page: Page, name: string) => {
    await page.bringToFront();
    await page.screenshot({ path: path.join(SHOTS, `front-desk-${name}.png`) as `${string}.png` });
  };
  const signIn = async (page: Page, email: string) => {
    await page.goto(`${gatewayUrl()}/`);
    await page.waitForSelector('#email');
    await page.type('#email', email);
    await page.type('#password', PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
  };
  const waitForText = (page: Page, selector: string, text: string) =>
    page.waitForFunction(
      (sel, wanted) => ((globalThis as unknown as { document: { querySelector(s: string): { textContent: string } | null } }).document.querySelector(sel)?.textContent ?? '').includes(wanted),
      {},
      selector,
      text,
    );

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    nurse = await ApiClient.loginAs('registered-nurse');
    recordPatientIdentifiers(patient);
    browser = await launchBrowser(KEEP_BACKGROUND_PAGES_RUNNING);
    ({ page: desk, errors: deskErrors } = await strictPage(browser));
    ({ page: dayPage, errors: dayErrors } = await strictPage(browser));
    for (const page of [desk, dayPage]) {
      await page.setExtraHTTPHeaders({ 'x-forwarded-for': CLIENT_ADDRESS });
      await page.setViewport(VIEWPORT);
      page.setDefaultTimeout(20_000);
    }
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('signs in (wrong password told in words, the email kept), picks a site, and the receptionist goes straight to her one site', async () => {
    await desk.goto(`${gatewayUrl()}/`);
    await desk.waitForSelector('#email');
    expect(await desk.$eval('html', (e) => e.getAttribute('lang'))).toBe('en');
    await noViolations(desk, 'sign-in');
    await desk.type('#email', 'registered-nurse@demo.clinic');
    await desk.type('#password', 'not-the-password');
    await desk.click('#sign-in-form button[type=submit]');
    await waitForText(desk, '#sign-in-error', 'Email or password is wrong');
    expect(await desk.$eval('#email', (e) => (e as unknown as { value: string }).value)).toBe('registered-nurse@demo.clinic');
    await shot(desk, 'sign-in-error');

    await desk.click('#password', { count: 3 });
    await desk.type('#password', PASSWORD);
    await desk.click('#sign-in-form button[type=submit]');
    await desk.waitForSelector('#site-picker button[data-site-id="site-downtown"]');
    await noViolations(desk, 'site picker');
    await desk.click('#site-picker button[data-site-id="site-downtown"]');
    await desk.waitForSelector('#patient-search');

    // The second page: the receptionist works at Downtown only, so no picker; she watches the day.
    // (Input goes to the page in front: a background tab does not take clicks.)
    await dayPage.bringToFront();
    await signIn(dayPage, 'receptionist@demo.clinic');
    await dayPage.waitForSelector('#nav-day');
    expect(await dayPage.$('#site-picker')).toBeNull();
    await dayPage.click('#nav-day');
    await dayPage.waitForSelector('#day-totals');
  });

  it('registers a patient, warns of the duplicate when the same person is registered again, opens the existing record, and finds them by a typo from the keyboard', async () => {
    await desk.bringToFront();
    await noViolations(desk, 'patient search');
    await desk.type('#patient-search', `${patient.firstName} ${patient.lastName}`);
    await waitForText(desk, '#search-count', 'No patient matches');
    await desk.click('#open-register');
    await desk.waitForSelector('#register-form');
    // The search words became the names.
    expect(await desk.$eval('#reg-last', (e) => (e as unknown as { value: string }).value)).toBe(patient.lastName);
    await setDate(desk, '#reg-dob', patient.dateOfBirth);
    await desk.type('#reg-phone', patient.phone);
    await noViolations(desk, 'registration');
    await desk.click('#register-submit');
    await desk.waitForSelector('#patient-panel');
    patientId = (await desk.$eval('#patient-panel', (e) => e.getAttribute('data-patient-id')))!;
    const mrn = await textOf(desk, '#patient-mrn');
    expect(mrn).toMatch(/^MRN-/);
    const registered = await nurse.get(`/patients/${patientId}`);
    expect(registered.body).toMatchObject({ firstName: patient.firstName, lastName: patient.lastName, dateOfBirth: patient.dateOfBirth, mrn, preferredChannel: 'sms' });

    // The same person again: the warning names the record, with its score and reasons.
    // (The search box still holds the name, so the form starts with it.)
    await desk.click('#open-register');
    await desk.waitForSelector('#register-form');
    expect(await desk.$eval('#reg-first', (e) => (e as unknown as { value: string }).value)).toBe(patient.firstName);
    await setDate(desk, '#reg-dob', patient.dateOfBirth);
    await desk.type('#reg-phone', patient.phone);
    await desk.waitForSelector(`#duplicates li[data-candidate-id="${patientId}"]`);
    expect(await textOf(desk, '#duplicates')).toContain(mrn);
    expect(await textOf(desk, '#duplicates')).toMatch(/match \d+%/);
    // Registering anyway needs a reason: refused on the page, nothing sent.
    await desk.click('#register-submit');
    await waitForText(desk, '#duplicates', 'Say why this is a different person');
    await noViolations(desk, 'duplicate warning');
    await shot(desk, 'duplicate-warning');
    await desk.click(`#duplicates li[data-candidate-id="${patientId}"] button.open-candidate`);
    await waitForText(desk, '#patient-mrn', mrn);
    const found = await nurse.get(`/patients?q=${encodeURIComponent(patient.lastName)}`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([patientId]);

    // Found again from the keyboard: "/" to the search, the first name with two letters swapped, arrow down, Enter.
    await desk.click('#patient-title');
    await desk.keyboard.press('/');
    expect(await desk.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('patient-search');
    await desk.$eval('#patient-search', (e) => (e as unknown as { select(): void }).select());
    await desk.type('#patient-search', `Ottolnie ${patient.lastName}`);
    await desk.waitForSelector(`#search-results button[data-patient-id="${patientId}"]`);
    await shot(desk, 'search');
    await desk.keyboard.press('ArrowDown');
    await desk.keyboard.press('Enter');
    await waitForText(desk, '#patient-mrn', mrn);
  });

  it('books the first available slot, and the receptionist’s day view on another page shows it by itself', async () => {
    await desk.bringToFront();
    await desk.keyboard.down('Alt');
    await desk.keyboard.press('KeyB');
    await desk.keyboard.up('Alt');
    expect(await desk.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('book-type');
    await desk.select('#book-type', 'urgent-care');
    await desk.type('#book-reason', 'Sore throat');
    await desk.click('#book-find');
    await desk.waitForSelector('#book-slot');
    await noViolations(desk, 'booking');
    await shot(desk, 'booking');
    await desk.click('#book-confirm');
    await desk.waitForSelector('#patient-appointments li[data-status="booked"]');
    appointmentId = (await desk.$eval('#patient-appointments li[data-status="booked"]', (e) => e.getAttribute('data-appointment-id')))!;
    const booked = await nurse.get(`/appointments/${appointmentId}`);
    expect(booked.body).toMatchObject({ patientId, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', status: 'booked', reason: 'Sore throat' });

    // The receptionist's page was open on today before the booking; a later day is a click away.
    await dayPage.bringToFront();
    const today = await dayPage.$eval('#day-date', (e) => (e as unknown as { value: string }).value);
    const day = booked.body.start.slice(0, 10) as string;
    for (let d = new Date(`${today}T00:00:00Z`); d.toISOString().slice(0, 10) < day; d.setUTCDate(d.getUTCDate() + 1)) await dayPage.click('#day-next');
    const row = `#day-view tr[data-appointment-id="${appointmentId}"]`;
    await dayPage.waitForSelector(row, { timeout: 15_000 });
    expect(await textOf(dayPage, row)).toContain(patient.lastName);
    expect(await dayPage.$eval(row, (e) => e.getAttribute('data-status'))).toBe('booked');
    await noViolations(dayPage, 'day view');
    await shot(dayPage, 'day-view');
  });

  it('reschedules the visit with a reason, and cancels a second one with a reason; the day view follows', async () => {
    await desk.bringToFront();
    const item = `#patient-appointments li[data-appointment-id="${appointmentId}"]`;
    const before = (await nurse.get(`/appointments/${appointmentId}`)).body.start as string;
    await desk.click(`${item} button.reschedule`);
    await desk.type(`#reschedule-reason-${appointmentId}`, 'Patient running late');
    await desk.click(`${item} button.reschedule-find`);
    await desk.waitForSelector(`${item} button.reschedule-confirm`);
    await desk.click(`${item} button.reschedule-confirm`);
    await desk.waitForFunction((sel) => !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(sel), {}, `${item} form`);
    const moved = (await nurse.get(`/appointments/${appointmentId}`)).body;
    expect(new Date(moved.start).getTime()).toBeGreaterThan(new Date(before).getTime());
    expect(moved.history.at(-1)).toMatchObject({ action: 'rescheduled', reason: 'Patient running late', previous: expect.objectContaining({ start: before }) });

    // A second visit, booked at the next free time, then cancelled by the clinic.
    await desk.type('#book-reason', 'Ear ache');
    await desk.click('#book-find');
    await desk.waitForSelector('#book-slot');
    await desk.click('#book-confirm');
    await desk.waitForSelector(`#patient-appointments li[data-status="booked"]:not([data-appointment-id="${appointmentId}"])`);
    const second = (await desk.$eval(`#patient-appointments li[data-status="booked"]:not([data-appointment-id="${appointmentId}"])`, (e) => e.getAttribute('data-appointment-id')))!;
    await desk.click(`#patient-appointments li[data-appointment-id="${second}"] button.cancel`);
    await desk.type(`#cancel-reason-${second}`, 'Provider called in sick');
    await desk.click(`#patient-appointments li[data-appointment-id="${second}"] input[value="clinic"]`);
    await noViolations(desk, 'cancel form');
    await desk.click(`#patient-appointments li[data-appointment-id="${second}"] button.cancel-confirm`);
    await desk.waitForSelector(`#patient-appointments li[data-appointment-id="${second}"][data-status="cancelled"]`);
    expect((await nurse.get(`/appointments/${second}`)).body).toMatchObject({ status: 'cancelled', cancellation: expect.objectContaining({ reason: 'Provider called in sick', party: 'clinic' }) });
    await dayPage.waitForSelector(`#day-view tr[data-appointment-id="${second}"][data-status="cancelled"]`, { timeout: 15_000 });
  });

  it('checks in with vitals (an implausible pulse explained, the typing kept), and checks out; the other page follows', async () => {
    await desk.bringToFront();
    await desk.keyboard.down('Alt');
    await desk.keyboard.press('KeyI');
    await desk.keyboard.up('Alt');
    await desk.waitForSelector('#check-in-form');
    await desk.type('#vitals-systolic', '128');
    await desk.type('#vitals-diastolic', '82');
    await desk.type('#vitals-pulse', '720');
    await desk.type('#vitals-temperature', '99.1');
    await desk.type('#vitals-spo2', '97');
    await desk.click('#check-in-submit');
    await waitForText(desk, '#check-in-error', 'A vital sign looks wrong');
    expect(await textOf(desk, '#check-in-error')).toContain('pulse');
    expect(await desk.$eval('#vitals-systolic', (e) => (e as unknown as { value: string }).value)).toBe('128');
    expect((await nurse.get(`/appointments/${appointmentId}`)).body.status).toBe('booked');
    await noViolations(desk, 'check-in with an error');
    await shot(desk, 'check-in-error');

    await desk.bringToFront();
    await desk.click('#vitals-pulse', { count: 3 });
    await desk.type('#vitals-pulse', '72');
    await desk.click('#check-in-submit');
    await desk.waitForSelector(`#patient-appointments li[data-appointment-id="${appointmentId}"][data-status="checked-in"]`);
    const vitals = await nurse.get(`/patients/${patientId}/vitals`);
    expect(vitals.body.items).toEqual([expect.objectContaining({ appointmentId, pulse: 72, spo2: 97, bloodPressure: { systolic: 128, diastolic: 82 }, temperature: { value: 99.1, unit: 'F' } })]);
    await dayPage.waitForSelector(`#day-view tr[data-appointment-id="${appointmentId}"][data-status="checked-in"]`, { timeout: 15_000 });

    await desk.click(`#patient-appointments li[data-appointment-id="${appointmentId}"] button.check-out`);
    await desk.waitForSelector(`#patient-appointments li[data-appointment-id="${appointmentId}"][data-status="completed"]`);
    expect((await nurse.get(`/appointments/${appointmentId}`)).body.status).toBe('completed');
    await dayPage.waitForSelector(`#day-view tr[data-appointment-id="${appointmentId}"][data-status="completed"]`, { timeout: 15_000 });
  });

  it('speaks Spanish on request (lang attribute too), and signs out', async () => {
    await dayPage.bringToFront();
    await dayPage.select('#language', 'es');
    await waitForText(dayPage, '#day-title', 'Agenda del día');
    expect(await dayPage.$eval('html', (e) => e.getAttribute('lang'))).toBe('es');
    await dayPage.waitForSelector(`#day-view tr[data-appointment-id="${appointmentId}"]`);
    expect(await textOf(dayPage, `#day-view tr[data-appointment-id="${appointmentId}"]`)).toContain('Salida registrada');
    await noViolations(dayPage, 'day view in Spanish');
    await shot(dayPage, 'day-view-es');
    await dayPage.click('#sign-out');
    await dayPage.waitForSelector('#sign-in-form');
    expect(await dayPage.$('#day-view')).toBeNull();
    expect([...deskErrors, ...dayErrors]).toEqual([]);
  });

  it('asks an office manager for the authenticator code (a wrong one told in words, in the language chosen before), then lets them in', async () => {
    const { page, errors } = await strictPage(browser);
    await page.setExtraHTTPHeaders({ 'x-forwarded-for': CLIENT_ADDRESS });
    await page.setViewport(VIEWPORT);
    await page.bringToFront();
    await signIn(page, 'office-manager@demo.clinic');
    await page.waitForSelector('#code');
    expect(await page.$('#patient-search, #site-picker')).toBeNull();
    await noViolations(page, 'second factor');
    const right = totpCodeOf(DEMO_TOTP_SECRET);
    await page.type('#code', right === '000000' ? '111111' : '000000');
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#sign-in-error');
    // In Spanish: the browser remembers the language chosen on the other page.
    expect(await page.$eval('html', (e) => e.getAttribute('lang'))).toBe('es');
    expect(await textOf(page, '#sign-in-error')).toContain('El código no es correcto');
    await page.click('#code', { count: 3 });
    await page.type('#code', totpCodeOf(DEMO_TOTP_SECRET));
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#site-picker');
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** Types a date into a date input the way a person does (the field's own segments: month, day, year). */
async function setDate(page: Page, selector: string, isoDate: string): Promise<void> {
  const [year, month, day] = isoDate.split('-');
  await page.click(selector);
  await page.type(selector, `${month}${day}${year}`);
}
