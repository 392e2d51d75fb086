import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

/*
 * Billing's part of a visit (issue 12): the fee schedule and its CPT importer, billing identities,
 * and the encounter a checkout drafts, coded by a coder (bad input refused field by field, nothing
 * written) and signed off. Own appointment type, provider, placeholder code and patients; the
 * placeholder code is new each run (X and four digits: never a real CPT code).
 */

type Line = { lineNumber: number; code: string; modifiers: string[]; units: number; unitChargeCents: number; chargeCents: number; chargeSource: string; diagnosisPointers: number[]; placeholder: boolean };
type Encounter = { id: string; appointmentId: string; patientId: string; siteId: string; status: string; dateOfService: string; diagnoses: Array<{ pointer: number; code: string }>; lines: Line[]; totalChargeCents: number; placeholder: boolean; version: number; patient?: { firstName: string; lastName: string; dateOfBirth: string } };

const SITE = 'site-downtown';
const ZONE = 'America/New_York';

describe('encounters: from checkout to ready to claim', () => {
  let manager: ApiClient;
  let coder: ApiClient;
  let desk: ApiClient;
  let riversideManager: ApiClient;
  let provider: { id: string };
  let typeId: string;
  /** X3000-X6999 (the demo's placeholders and the bulk file's are outside it). */
  const placeholder = `X${String(3000 + Math.floor(Math.random() * 4000))}`;
  const probe = new KafkaProbe();
  const today = DateTime.now().setZone(ZONE).toISODate()!;
  const tomorrow = DateTime.now().setZone(ZONE).plus({ days: 1 }).toISODate()!;
  /** On the 1-minute grid, from two minutes ahead (check-in is open), 20 minutes apart (the type takes 15). */
  let slot = 0;
  const soon = () => {
    const t = new Date(Date.now() + (120 + 20 * 60 * slot++) * 1000);
    t.setUTCSeconds(0, 0);
    return t.toISOString();
  };

  beforeAll(async () => {
    [manager, coder, desk, riversideManager] = await Promise.all([
      ApiClient.loginAs('office-manager'), ApiClient.loginAs('billing-coder'), ApiClient.loginAs('receptionist'), ApiClient.loginAsEmail('riverside-manager@demo.clinic'),
    ]);
    await probe.record([Topics.encounters, Topics.feeSchedule]);
    provider = await createTestProvider(manager);
    typeId = `e2e-enc-${randomUUID().slice(0, 8)}`;
    expect((await manager.post('/appointment-types', { id: typeId, name: 'Encounter test visit', durationMinutes: 15, providerRoles: ['physician'], telehealth: true, maxHorizonDays: 30 })).status).toBe(201);
  });
  afterAll(() => probe.close());

  describe('the CPT importer', () => {
    it('refuses a file with a bad line as a whole, naming each line, and loads nothing', async () => {
      const res = await coder.post('/fee-schedule/cpt-import', { source: 'e2e placeholders (not CPT)', content: `code\tdescriptor\n${placeholder}\tE2E visit (placeholder)\nG0439\tannual wellness\n99.13\tbad\n` });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('FEE_SCHEDULE.INVALID_CODE_FILE');
      expect(res.body.errors[0].messages).toEqual([expect.stringMatching(/^line 3: G0439 is a HCPCS Level II code/), expect.stringMatching(/^line 4: /)]);
      expect((await coder.get(`/fee-schedule/procedure-codes/${placeholder}`)).status).toBe(404);
    });

    it('loads placeholder codes flagged as such, only for someone of every site', async () => {
      const file = `code,descriptor\n${placeholder},"E2E office visit, established (placeholder)"\n`;
      expect((await riversideManager.post('/fee-schedule/cpt-import', { source: 'e2e', content: file })).body.code).toBe('AUTH.SITE_FORBIDDEN');
      expect((await desk.post('/fee-schedule/cpt-import', { source: 'e2e', content: file })).status).toBe(403);
      const res = await coder.post('/fee-schedule/cpt-import', { source: 'e2e placeholders (not CPT)', content: file });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ added: 1, updated: 0, unchanged: 0, placeholders: 1 });
      expect((await coder.get(`/fee-schedule/procedure-codes/${placeholder}`)).body).toMatchObject({ code: placeholder, system: 'CPT', placeholder: true, source: 'e2e placeholders (not CPT)' });
      const event = await waitFor(async () => probe.envelopes((m) => m.topic === Topics.feeSchedule && m.key === res.body.importId)[0], { what: 'procedure-codes.imported' });
      expect(event).toMatchObject({ type: 'procedure-codes.imported', data: { added: 1, placeholders: 1 } });
      expect((await coder.get('/fee-schedule/procedure-codes?q=G043')).body.items.map((c: { code: string }) => c.code)).toEqual(['G0438', 'G0439']);
    });

    it('loads a file of 2,000 codes in one request, and the same file again changes nothing', async () => {
      // X1000-X2999: placeholders only (never real CPT codes, none of the demo's); a rerun finds them unchanged.
      const file = Array.from({ length: 2000 }, (_, i) => `X${1000 + i}\tE2E bulk placeholder ${1000 + i}`).join('\n');
      const started = Date.now();
      const first = await coder.post('/fee-schedule/cpt-import', { source: 'e2e bulk placeholders (not CPT)', content: file });
      const ms = Date.now() - started;
      expect(first.status).toBe(200);
      expect(first.body.added + first.body.updated + first.body.unchanged).toBe(2000);
      expect(first.body.placeholders).toBe(2000);
      console.log(`cpt-import of 2,000 codes: ${ms} ms (added ${first.body.added}, unchanged ${first.body.unchanged})`);
      const again = await coder.post('/fee-schedule/cpt-import', { source: 'e2e bulk placeholders (not CPT)', content: file });
      expect(again.body).toMatchObject({ added: 0, updated: 0, unchanged: 2000 });
      expect((await coder.get('/fee-schedule/procedure-codes/X2999')).body).toMatchObject({ placeholder: true, description: 'E2E bulk placeholder 2999' });
    });
  });

  describe('the fee schedule', () => {
    it("prices codes per site with effective dates, and sets an appointment type's default lines", async () => {
      expect((await coder.put(`/fee-schedule/sites/${SITE}/fees`, { code: placeholder, chargeCents: 12345, effectiveFrom: '2026-01-01' })).status).toBe(200);
      // A new price from tomorrow: today's visits keep today's price.
      expect((await coder.put(`/fee-schedule/sites/${SITE}/fees`, { code: placeholder, chargeCents: 99999, effectiveFrom: tomorrow })).status).toBe(200);
      expect((await coder.put(`/fee-schedule/sites/${SITE}/fees`, { code: 'J3420', chargeCents: 2500, effectiveFrom: '2026-01-01' })).status).toBe(200);
      expect((await manager.put(`/fee-schedule/sites/${SITE}/allowed-amounts`, { payerId: 'payer-acme', code: placeholder, allowedCents: 10000, effectiveFrom: '2026-01-01' })).status).toBe(200);
      const lines = await coder.put(`/fee-schedule/sites/${SITE}/charge-lines/${typeId}`, { lines: [{ code: placeholder, units: 1 }, { code: 'J3420', modifiers: [], units: 2 }] });
      expect(lines.status).toBe(200);
      expect(lines.body).toMatchObject({ appointmentTypeId: typeId, placeholder: true });

      const schedule = await desk.get(`/fee-schedule/sites/${SITE}`);
      expect(schedule.status).toBe(200);
      expect(schedule.body.fees.filter((f: { code: string }) => f.code === placeholder).map((f: { chargeCents: number; effectiveFrom: string; placeholder: boolean }) => [f.chargeCents, f.effectiveFrom, f.placeholder])).toEqual([
        [12345, '2026-01-01', true],
        [99999, tomorrow, true],
      ]);
      expect((await desk.get(`/fee-schedule/sites/${SITE}/quote?procedureCode=${placeholder}&date=${today}&payerId=payer-acme`)).body).toMatchObject({ chargeCents: 12345, allowedCents: 10000, placeholder: true });
      expect((await desk.get(`/fee-schedule/sites/${SITE}/quote?procedureCode=${placeholder}&date=${tomorrow}`)).body.chargeCents).toBe(99999);
      await waitFor(async () => probe.envelopes((m) => m.topic === Topics.feeSchedule && m.key === SITE).find((e) => e.data.part === 'charge-lines' && e.data.appointmentTypeId === typeId), { what: 'fee-schedule.changed (charge lines)' });
    });

    it('refuses unknown codes and modifiers, other sites and the desk', async () => {
      const unknown = await coder.put(`/fee-schedule/sites/${SITE}/fees`, { code: 'W9999', chargeCents: 100, effectiveFrom: '2026-01-01' });
      expect([unknown.status, unknown.body.code, unknown.body.errors[0].field]).toEqual([422, 'FEE_SCHEDULE.UNKNOWN_CODE', 'code']);
      const modifier = await coder.put(`/fee-schedule/sites/${SITE}/fees`, { code: 'J3420', modifier: 'ZZ', chargeCents: 100, effectiveFrom: '2026-01-01' });
      expect([modifier.status, modifier.body.code, modifier.body.errors[0].field]).toEqual([422, 'FEE_SCHEDULE.INVALID', 'modifier']);
      expect((await riversideManager.put(`/fee-schedule/sites/${SITE}/fees`, { code: 'J3420', chargeCents: 1, effectiveFrom: '2026-01-01' })).body.code).toBe('AUTH.SITE_FORBIDDEN');
      expect((await desk.put(`/fee-schedule/sites/${SITE}/fees`, { code: 'J3420', chargeCents: 1, effectiveFrom: '2026-01-01' })).body.code).toBe('AUTH.ROLE_FORBIDDEN');
      expect((await coder.get(`/fee-schedule/sites/${SITE}/quote?procedureCode=J3420&date=${today}`)).body.chargeCents).toBe(2500);
    });
  });

  describe('billing identities', () => {
    it('bills a site under the network provider (valid NPI), and refuses an NPI with a wrong check digit', async () => {
      expect((await coder.get(`/billing-providers/${SITE}`)).body).toMatchObject({ scope: 'network', npi: '1234567893' });
      const bad = await manager.put(`/rendering-providers/${provider.id}`, { firstName: 'Test', lastName: 'Doctor', npi: '1234567890', taxonomyCode: '207Q00000X' });
      expect([bad.status, bad.body.code, bad.body.errors[0].field]).toEqual([400, 'BILLING.INVALID_IDENTITY', 'npi']);
      expect((await coder.get(`/rendering-providers/${provider.id}`)).status).toBe(404);
      const good = await manager.put(`/rendering-providers/${provider.id}`, { firstName: 'Test', lastName: 'Doctor', npi: '1245319599', taxonomyCode: '207Q00000X' });
      expect(good.status).toBe(200);
      expect((await coder.get(`/rendering-providers/${provider.id}`)).body).toMatchObject({ providerId: provider.id, npi: '1245319599' });
    });
  });

  const book = async (patientId: string) => {
    const res = await desk.post('/appointments', { patientId, providerId: provider.id, siteId: SITE, appointmentTypeId: typeId, start: soon(), reason: 'Check-up' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const checkOut = async (appointmentId: string) => {
    expect((await desk.post(`/appointments/${appointmentId}/check-in`)).status).toBe(200);
    expect((await desk.post(`/appointments/${appointmentId}/check-out`)).status).toBe(200);
  };
  const drafted = (appointmentId: string) =>
    waitFor(async () => {
      const list = await coder.get(`/encounters?siteId=${SITE}&status=draft`);
      expect(list.status).toBe(200);
      return (list.body.items as Encounter[]).find((e) => e.appointmentId === appointmentId);
    }, { what: `the draft encounter of ${appointmentId}` });
  const eventsOf = (patientId: string) => probe.envelopes((m) => m.topic === Topics.encounters && m.key === patientId);

  describe('a checked-out visit', () => {
    let patient: Awaited<ReturnType<typeof registerPatient>>;
    let encounter: Encounter;

    it('drafts an encounter with the default lines priced on the date of service; a cancelled visit drafts none', async () => {
      patient = await registerPatient(desk);
      const cancelled = await book(patient.id);
      expect((await desk.post(`/appointments/${cancelled}/cancel`, { reason: 'Feeling better', party: 'patient' })).status).toBe(200);
      const appointmentId = await book(patient.id);
      await checkOut(appointmentId);
      encounter = await drafted(appointmentId);
      expect(encounter).toMatchObject({ patientId: patient.id, siteId: SITE, status: 'draft', dateOfService: today, diagnoses: [], placeholder: true, totalChargeCents: 17345 });
      expect(encounter.lines.map((l) => [l.code, l.units, l.unitChargeCents, l.chargeCents, l.chargeSource, l.placeholder])).toEqual([
        [placeholder, 1, 12345, 12345, 'fee-schedule', true],
        ['J3420', 2, 2500, 5000, 'fee-schedule', false],
      ]);
      const event = await waitFor(async () => eventsOf(patient.id).find((e) => e.type === 'encounter.drafted'), { what: 'encounter.drafted' });
      expect(event.data).toMatchObject({ encounterId: encounter.id, appointmentId, status: 'draft', lineCount: 2, totalChargeCents: 17345, placeholder: true });
      // Same patient, same partition: the cancelled visit's events came before this draft's, and made no encounter.
      expect(eventsOf(patient.id).filter((e) => e.data.appointmentId === cancelled)).toEqual([]);
      expect((await coder.get(`/encounters?siteId=${SITE}`)).body.items.some((e: Encounter) => e.appointmentId === cancelled)).toBe(false);
    });

    it('refuses bad coding with field-level details and changes nothing', async () => {
      const before = (await coder.get(`/encounters/${encounter.id}`)).body as Encounter;
      const unknown = await coder.put(`/encounters/${encounter.id}/diagnoses`, { codes: ['J02.9', 'Q99.999'] });
      expect([unknown.status, unknown.body.code, unknown.body.errors.map((e: { field: string }) => e.field)]).toEqual([400, 'ENCOUNTER.INVALID_DIAGNOSES', ['codes[1]']]);
      const header = await coder.put(`/encounters/${encounter.id}/diagnoses`, { codes: ['J02'] });
      expect([header.status, header.body.errors[0].field]).toEqual([400, 'codes[0]']);
      expect(header.body.errors[0].messages[0]).toContain('not billable');
      const pointer = await coder.put(`/encounters/${encounter.id}/lines`, { lines: [{ code: placeholder, units: 1, diagnosisPointers: [1] }] });
      expect([pointer.status, pointer.body.code, pointer.body.errors[0].field]).toEqual([400, 'ENCOUNTER.INVALID_LINES', 'lines[0].diagnosisPointers']);
      const after = (await coder.get(`/encounters/${encounter.id}`)).body as Encounter;
      expect(after).toEqual(before);
    });

    it('is coded by a coder: diagnoses (with the patient a claim names), lines priced from the fee schedule', async () => {
      const diagnoses = await coder.put(`/encounters/${encounter.id}/diagnoses`, { codes: ['j029', 'R50.9'] });
      expect(diagnoses.status).toBe(200);
      expect(diagnoses.body).toMatchObject({ status: 'draft', diagnoses: [{ pointer: 1, code: 'J02.9' }, { pointer: 2, code: 'R50.9' }], patient: { firstName: patient.firstName, lastName: patient.lastName, dateOfBirth: patient.dateOfBirth } });
      const version = diagnoses.body.version;

      const bad = await coder.put(`/encounters/${encounter.id}/lines`, {
        lines: [
          { code: placeholder, units: 1, chargeCents: -500, diagnosisPointers: [1] },
          { code: 'J3420', units: 1, diagnosisPointers: [3] },
          { code: 'W9999', units: 1, diagnosisPointers: [1] },
          { code: 'G0202', units: 1, chargeCents: 100, diagnosisPointers: [1] },
          { code: 'J3420', modifiers: ['ZZ'], units: 1, diagnosisPointers: [1] },
        ],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(['lines[0].chargeCents', 'lines[1].diagnosisPointers', 'lines[2].code', 'lines[3].code', 'lines[4].modifiers']);
      expect(bad.body.errors[3].messages[0]).toContain(`not valid on the date of service ${today}`);
      expect((await coder.get(`/encounters/${encounter.id}`)).body.version).toBe(version);

      const coded = await coder.put(`/encounters/${encounter.id}/lines`, {
        lines: [{ code: placeholder, modifiers: ['25'], units: 1, diagnosisPointers: [1, 2] }, { code: 'J3420', units: 2, diagnosisPointers: [2] }],
      });
      expect(coded.status).toBe(200);
      expect(coded.body).toMatchObject({ status: 'coded', totalChargeCents: 17345 });
      expect(coded.body.lines.map((l: Line) => [l.code, l.modifiers, l.chargeCents, l.diagnosisPointers])).toEqual([
        [placeholder, ['25'], 12345, [1, 2]],
        ['J3420', [], 5000, [2]],
      ]);
    });

    it("is not another site's to see or code", async () => {
      expect((await riversideManager.get(`/encounters/${encounter.id}`)).status).toBe(404);
      expect((await riversideManager.put(`/encounters/${encounter.id}/diagnoses`, { codes: ['I10'] })).status).toBe(404);
      expect((await riversideManager.post(`/encounters/${encounter.id}/ready`)).status).toBe(404);
      expect((await riversideManager.get(`/encounters?siteId=${SITE}`)).body.code).toBe('AUTH.SITE_FORBIDDEN');
      expect((await desk.get(`/encounters/${encounter.id}`)).body.code).toBe('AUTH.ROLE_FORBIDDEN');
      expect((await coder.get(`/encounters/${encounter.id}`)).body.diagnoses).toHaveLength(2);
    });

    it('is signed off as ready to claim, then no longer changes; each step is an event without clinical or personal data', async () => {
      const ready = await coder.post(`/encounters/${encounter.id}/ready`);
      expect([ready.status, ready.body.status]).toEqual([200, 'ready']);
      expect((await coder.put(`/encounters/${encounter.id}/diagnoses`, { codes: ['I10'] })).body.code).toBe('ENCOUNTER.ALREADY_READY');
      expect((await coder.get(`/encounters?siteId=${SITE}`)).body.items.some((e: Encounter) => e.id === encounter.id)).toBe(false);
      expect((await coder.get(`/encounters?siteId=${SITE}&status=ready`)).body.items.some((e: Encounter) => e.id === encounter.id)).toBe(true);
      const events = await waitFor(async () => {
        const all = eventsOf(patient.id);
        return all.some((e) => e.type === 'encounter.ready') && all;
      }, { what: 'encounter.ready' });
      expect(events.map((e: { type: string; data: { status: string } }) => [e.type, e.data.status])).toEqual([
        ['encounter.drafted', 'draft'],
        ['encounter.coded', 'draft'],
        ['encounter.coded', 'coded'],
        ['encounter.ready', 'ready'],
      ]);
      const text = JSON.stringify(events);
      for (const secret of [patient.lastName, 'J02.9', patient.dateOfBirth]) expect(text).not.toContain(secret);
    });

    it('refuses to sign off a draft, saying what is missing', async () => {
      const other = await registerPatient(desk);
      const appointmentId = await book(other.id);
      await checkOut(appointmentId);
      const draft = await drafted(appointmentId);
      const res = await coder.post(`/encounters/${draft.id}/ready`);
      expect([res.status, res.body.code]).toEqual([409, 'ENCOUNTER.NOT_CODED']);
      expect(res.body.detail ?? res.body.message ?? res.body.title).toBeDefined();
      expect(JSON.stringify(res.body)).toContain('no diagnosis');
    });
  });
});
