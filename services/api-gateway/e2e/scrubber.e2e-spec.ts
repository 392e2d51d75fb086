import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import request from 'supertest';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, gatewayUrl, KafkaProbe, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

/*
 * The claim scrubber through the gateway (billing): the versioned rule set with its fixtures; a claim
 * with many problems gets every finding with its path, message, fix hint and where to fix it (the
 * ICD-10-CM rules against the real provisioned code set); a CMS-layout code-pair table imported and
 * applied; overrides need a note, are refused for a rule no note can fix, are audited and published,
 * and let a later check pass; malformed bodies are refused.
 */
describe('claim scrubber', () => {
  let billing: ApiClient;
  let manager: ApiClient;
  let desk: ApiClient;
  let provider: ApiClient;
  const probe = new KafkaProbe();
  const mongo = new MongoClient(testInfraEnv().MONGO_URL);
  /** Every document of billing's database whose JSON holds `text` (the database is small in tests). */
  const billingDocsHolding = async (text: string) => {
    const db = mongo.db('clinic_billing');
    const found: string[] = [];
    for (const { name } of await db.listCollections().toArray()) {
      for (const doc of await db.collection(name).find({}).toArray()) if (JSON.stringify(doc).includes(text)) found.push(`${name}/${String(doc._id)}`);
    }
    return found;
  };
  const run = randomUUID().replace(/-/g, '').slice(0, 3).toUpperCase();
  // Placeholder procedure codes of this run only (CPT is licensed; the import is network-wide).
  const [COL1, COL2] = [`Z${run}1`, `Z${run}2`];

  const claim = (patientId: string, overrides: Record<string, unknown> = {}) => ({
    claimId: `claim-e2e-${randomUUID()}`,
    frequency: '1',
    siteId: 'site-downtown',
    patientId,
    patient: { dateOfBirth: '1980-05-17', sex: 'F' },
    subscriber: { memberId: 'PPO11122333', relationship: 'self' },
    payer: { payerId: 'payer-acme', timelyFilingDays: 90, priorAuthorizationCodes: ['SYN50'], memberIdPattern: '^PPO\\d{8}$' },
    billingProvider: { npi: '1234567893', taxId: '123456789' },
    renderingProviderNpi: '1245319599',
    serviceDateFrom: '2026-11-02',
    serviceDateTo: '2026-11-02',
    placeOfService: '11',
    diagnoses: ['E11.9', 'I10'],
    lines: [{ lineId: 'L1', procedureCode: 'SYN10', modifiers: [], units: 1, chargeCents: 15000, diagnosisPointers: [1, 2], serviceDate: '2026-11-02' }],
    totalChargeCents: 15000,
    submissionDate: '2026-11-20',
    earlierClaims: [],
    ...overrides,
  });

  beforeAll(async () => {
    [billing, manager, desk, provider] = await Promise.all([ApiClient.loginAs('billing-coder'), ApiClient.loginAs('office-manager'), ApiClient.loginAs('receptionist'), ApiClient.loginAs('physician')]);
    await probe.record([Topics.claims]);
  });
  afterAll(async () => {
    await probe.close();
    await mongo.close();
  });

  it('lists the versioned rule set with each rule, where to fix it and its fixtures; the desk may not', async () => {
    const res = await provider.get('/scrubber/rules');
    expect(res.status).toBe(200);
    expect(res.body.version).toMatch(/^\d{4}\.\d{1,2}\.\d+$/);
    const ids = res.body.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(expect.arrayContaining(['CF-REQ-001', 'CF-NPI-001', 'CF-DXPTR-001', 'CF-ICD-001', 'CF-EX1-001', 'CF-PTP-001', 'CF-PTP-002', 'CF-MUE-001', 'CF-TFL-001', 'CF-PA-001', 'CF-DUP-001']));
    const npi = res.body.rules.find((r: { id: string }) => r.id === 'CF-NPI-001');
    expect(npi).toMatchObject({ version: 1, severity: 'error', overridable: false, where: expect.stringContaining('NPI'), fixtures: { passes: expect.any(Object), fails: expect.any(Object), expected: [{ path: 'renderingProviderNpi' }] } });
    for (const rule of res.body.rules) expect(rule.fixtures.expected.length).toBeGreaterThan(0);
    expect((await desk.get('/scrubber/rules')).status).toBe(403);

    const tables = await billing.get('/scrubber/tables');
    expect(tables.status).toBe(200);
    expect(tables.body).toMatchObject({ ruleSetVersion: res.body.version, icd10cm: '2026 (2026-04-01)', codePairs: { sources: expect.arrayContaining([expect.stringContaining('synthetic')]) } });
    expect(tables.body.excludes1.rows).toBeGreaterThan(5000);
  });

  it('explains every problem of a bad claim with its path and fix hint, and stores nothing', async () => {
    const patient = await registerPatient(desk);
    const body = claim(patient.id, {
      subscriber: { relationship: 'self' },
      renderingProviderNpi: '1245319598',
      diagnoses: ['E11.9', 'E11', 'E10.9'],
      lines: [
        { lineId: 'L1', procedureCode: 'G0438', modifiers: [], units: 1, chargeCents: 20000, diagnosisPointers: [1], serviceDate: '2026-11-02' },
        { lineId: 'L2', procedureCode: 'G0439', modifiers: [], units: 1, chargeCents: 15000, diagnosisPointers: [4], serviceDate: '2026-11-02' },
        { lineId: 'L3', procedureCode: 'SYN10', modifiers: ['ZQ'], units: 1, chargeCents: -500, diagnosisPointers: [1], serviceDate: '2026-11-02' },
        { lineId: 'L4', procedureCode: 'SYN11', modifiers: [], units: 1.5, chargeCents: 3000, diagnosisPointers: [1], serviceDate: '2026-11-02' },
        { lineId: 'L5', procedureCode: 'SYN50', modifiers: [], units: 1, chargeCents: 9000, diagnosisPointers: [1], serviceDate: '2026-11-02' },
      ],
      totalChargeCents: 99999,
      submissionDate: '2027-02-15',
      earlierClaims: [{ claimId: 'claim-earlier', patientId: patient.id, serviceDate: '2026-11-02', procedureCode: 'SYN50', modifiers: [], payerId: 'payer-acme', frequency: '1' }],
    });
    const res = await billing.post('/scrubber/check', body);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ claimId: body.claimId, status: 'blocked', ruleSetVersion: expect.any(String), overridden: [] });
    expect(res.body.ruleVersions['CF-NPI-001']).toBe(1);
    const found = res.body.findings.map((f: { ruleId: string; path: string }) => `${f.ruleId} ${f.path}`);
    expect(found).toEqual(
      expect.arrayContaining([
        'CF-REQ-001 subscriber.memberId',
        'CF-NPI-001 renderingProviderNpi',
        'CF-DXPTR-001 lines[1].diagnosisPointers[0]',
        'CF-ICD-001 diagnoses[1]',
        'CF-EX1-001 diagnoses[2]',
        'CF-TOT-001 totalChargeCents',
        'CF-CHG-001 lines[2].chargeCents',
        'CF-UNT-001 lines[3].units',
        'CF-MOD-001 lines[2].modifiers[0]',
        'CF-PTP-001 lines[1].procedureCode',
        'CF-PTP-002 lines[3].modifiers',
        'CF-TFL-001 lines[0].serviceDate',
        'CF-PA-001 lines[4].procedureCode',
        'CF-DUP-001 lines[4]',
      ]),
    );
    for (const f of res.body.findings) {
      expect(f).toMatchObject({ message: expect.any(String), fix: expect.any(String), where: expect.any(String), severity: expect.stringMatching(/^(error|warning)$/) });
      expect(f.fix.length).toBeGreaterThan(10);
    }
    const byRule = (id: string) => res.body.findings.find((f: { ruleId: string }) => f.ruleId === id);
    expect(byRule('CF-DXPTR-001').message).toBe("Line 2's pointer 4 points at no diagnosis: the claim has 3 (1 to 3).");
    expect(byRule('CF-EX1-001').message).toBe('E10.9 and E11.9 may not be coded together: Excludes1 note on E11, "type 1 diabetes mellitus (E10.-)".');
    expect(byRule('CF-ICD-001').message).toContain('E11 (Type 2 diabetes mellitus) has codes below it');
    expect(byRule('CF-TFL-001').message).toBe('Sent 105 days after the date of service 2026-11-02; payer payer-acme accepts claims for 90 days (15 days late).');

    const clean = await billing.post('/scrubber/check', claim(patient.id));
    expect([clean.status, clean.body.status, clean.body.findings]).toEqual([200, 'clean', []]);
    // Nothing of the claim is kept: not the claim, not its findings (the audit entry names the patient and route only).
    expect(await billingDocsHolding(body.claimId)).toEqual([]);
    expect(await billingDocsHolding('1245319598')).toEqual([]);
  });

  it('imports a code-pair table and an MUE table in the CMS layouts and applies them; an unreadable file imports nothing', async () => {
    const lines = [claim('p-import', {}).lines[0], { lineId: 'L2', procedureCode: COL1, modifiers: [], units: 1, chargeCents: 5000, diagnosisPointers: [1], serviceDate: '2026-11-02' }, { lineId: 'L3', procedureCode: COL2, modifiers: [], units: 1, chargeCents: 2500, diagnosisPointers: [1], serviceDate: '2026-11-02' }];
    const body = claim('p-import', { lines, totalChargeCents: 22500 });
    const before = await billing.post('/scrubber/check', body);
    expect(before.body.findings).toEqual([]);

    const content = [
      'CPT only copyright 2025 American Medical Association. All rights reserved.',
      'Column 1\tColumn 2\t* = In existence prior to 1996\tEffective Date\tDeletion Date *=no data\tModifier 0=not allowed 1=allowed 9=not applicable\tPTP Edit Rationale',
      `${COL1}\t${COL2}\t\t20260101\t*\t1\tStandards of medical / surgical practice`,
    ].join('\n');
    const broken = await billing.post('/scrubber/tables/code-pairs/import', { source: `e2e ${run}`, version: '2026Q4', content: `${content}\n${COL1}\tZZZZ9\t\t2026XX01\t*\t1\tbad date` });
    expect([broken.status, broken.body.code]).toEqual([422, 'SCRUBBER.IMPORT_UNREADABLE']);
    expect(broken.body.errors[0].messages).toEqual(['line 4: effective date "2026XX01" is not a date (YYYYMMDD)']);
    expect((await billing.post('/scrubber/check', body)).body.findings).toEqual([]);

    const imported = await billing.post('/scrubber/tables/code-pairs/import', { source: `e2e ${run}`, version: '2026Q4', content });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ table: 'code-pairs', rows: 1, skipped: 2, source: `e2e ${run}`, version: '2026Q4', importedBy: billing.user.id });
    // A large CMS file goes in parts: a further part joins the current import of the same source and version.
    const part = await billing.post('/scrubber/tables/code-pairs/import', { source: `e2e ${run}`, version: '2026Q4', append: true, content: `${COL1}\tZ${run}3\t*\t19960101\t20200101\t0\told edit` });
    expect(part.body).toMatchObject({ importId: imported.body.importId, rows: 2, skipped: 2 });
    const orphan = await billing.post('/scrubber/tables/code-pairs/import', { source: 'another file', version: '2026Q4', append: true, content });
    expect([orphan.status, orphan.body.code]).toEqual([409, 'SCRUBBER.IMPORT_NOT_STARTED']);
    const tables = await billing.get('/scrubber/tables');
    expect(tables.body.codePairs.sources).toContain(`e2e ${run}`);

    const after = await billing.post('/scrubber/check', body);
    expect(after.body.findings.map((f: { ruleId: string; path: string; message: string }) => [f.ruleId, f.path])).toEqual([['CF-PTP-002', 'lines[2].modifiers']]);
    expect(after.body.findings[0].message).toContain(`e2e ${run}`);
    const withModifier = await billing.post('/scrubber/check', { ...body, lines: [lines[0], lines[1], { ...lines[2], modifiers: ['XU'] }] });
    expect(withModifier.body.findings).toEqual([]);
    expect((await desk.post('/scrubber/tables/code-pairs/import', { source: 'desk', version: 'x', content })).status).toBe(403);

    // An MUE file (CMS practitioner layout): two units of the column 1 code on one day are now over its limit.
    const mue = await manager.post('/scrubber/tables/mue/import', {
      source: `e2e MUE ${run}`,
      version: '2026Q4',
      content: `HCPCS/CPT Code\tPractitioner Services MUE Values\tMUE Adjudication Indicator\tMUE Rationale\n${COL1}\t1\t2 Date of Service Edit: Policy\tNature of Service/Procedure\n`,
    });
    expect(mue.status).toBe(201);
    expect(mue.body).toMatchObject({ table: 'mue', rows: 1, skipped: 1 });
    const twice = await billing.post('/scrubber/check', { ...body, lines: [lines[0], { ...lines[1], units: 2 }, { ...lines[2], modifiers: ['XU'] }] });
    expect(twice.body.findings.map((f: { ruleId: string; path: string }) => [f.ruleId, f.path])).toEqual([['CF-MUE-001', 'lines[1].units']]);
    expect(twice.body.findings[0].message).toBe(`2 units of ${COL1} on 2026-11-02; its MUE is 1 per day (indicator 2, e2e MUE ${run}).`);
  });

  it('overrides need a note, never fix a non-overridable rule, are audited and published, and let a later check pass', async () => {
    const patient = await registerPatient(desk);
    const late = claim(patient.id, { submissionDate: '2027-03-01' });
    const first = await billing.post('/scrubber/check', late);
    expect(first.body.status).toBe('blocked');
    expect(first.body.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['CF-TFL-001']);

    const base = { claimId: late.claimId, patientId: patient.id, siteId: 'site-downtown' };
    const noNote = await billing.post('/scrubber/overrides', { ...base, ruleId: 'CF-TFL-001' });
    expect([noNote.status, noNote.body.code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
    const shortNote = await billing.post('/scrubber/overrides', { ...base, ruleId: 'CF-TFL-001', note: 'ok' });
    expect(shortNote.status).toBe(400);
    expect(JSON.stringify(shortNote.body.errors)).toContain('note must say why in at least 10 characters');
    const npi = await billing.post('/scrubber/overrides', { ...base, ruleId: 'CF-NPI-001', note: 'The NPI is right, I checked NPPES' });
    expect([npi.status, npi.body.code]).toEqual([409, 'SCRUBBER.RULE_NOT_OVERRIDABLE']);
    expect(npi.body.detail ?? npi.body.message).toContain('cannot be overridden');
    const unknown = await billing.post('/scrubber/overrides', { ...base, ruleId: 'CF-NOPE-001', note: 'No such rule exists at all' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'SCRUBBER.RULE_NOT_FOUND']);

    const note = `Payer granted a timely-filing exception by phone, ref ${run}-55`;
    const made = await billing.post('/scrubber/overrides', { ...base, ruleId: 'CF-TFL-001', note });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ ...base, ruleId: 'CF-TFL-001', ruleVersion: 1, ruleSetVersion: first.body.ruleSetVersion, note, by: billing.user.id });
    const again = await manager.post('/scrubber/overrides', { ...base, ruleId: 'CF-TFL-001', note: 'A second override of the same rule' });
    expect([again.status, again.body.code]).toEqual([409, 'SCRUBBER.ALREADY_OVERRIDDEN']);

    const second = await billing.post('/scrubber/check', late);
    expect(second.body).toMatchObject({ status: 'clean', findings: [] });
    expect(second.body.overridden).toEqual([expect.objectContaining({ ruleId: 'CF-TFL-001', path: 'lines[0].serviceDate', override: { overrideId: made.body.id, by: billing.user.id, at: made.body.at, note } })]);

    const event = await waitFor(async () => probe.envelopes((m) => m.key === patient.id).find((e) => e.type === 'claim.scrub-overridden'), { what: 'claim.scrub-overridden' });
    expect(event).toMatchObject({ version: 1, source: 'billing', subject: patient.id, siteId: 'site-downtown', data: { overrideId: made.body.id, claimId: late.claimId, patientId: patient.id, ruleId: 'CF-TFL-001', ruleVersion: 1, overriddenBy: billing.user.id } });
    expect(JSON.stringify(event)).not.toContain(note);
    // The note is kept sealed at rest.
    expect(await billingDocsHolding(`ref ${run}-55`)).toEqual([]);

    const listing = await waitFor(async () => {
      const res = await manager.get(`/patients/${patient.id}/accesses?limit=200`);
      const entries = (res.body.items ?? []) as Array<{ service: string; phase: string; operation: { operationId: string }; actor: { userId: string }; status?: number }>;
      return entries.some((e) => e.service === 'billing' && e.operation.operationId === 'ScrubberController.override' && e.phase === 'completed' && e.status === 201) ? entries : undefined;
    }, { what: "the override in the patient's accesses" });
    const billingEntries = listing.filter((e) => e.service === 'billing');
    expect(billingEntries.filter((e) => e.operation.operationId === 'ScrubberController.override' && e.status === 201).map((e) => e.actor.userId)).toEqual([billing.user.id]);
    expect(billingEntries.some((e) => e.operation.operationId === 'ScrubberController.check')).toBe(true);
  });

  it('refuses malformed claims with 400 and says which fields', async () => {
    const bad = await billing.post('/scrubber/check', { ...claim('p-bad'), lines: 'none', totalChargeCents: 12.5, submissionDate: '20/11/2026', patient: { dateOfBirth: 'yesterday' } });
    expect([bad.status, bad.body.code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['lines', 'totalChargeCents', 'submissionDate', 'patient.dateOfBirth']));
    const notJson = await request(gatewayUrl()).post('/api/v1/scrubber/check').set('authorization', `Bearer ${billing.token}`).set('content-type', 'application/json').send('{"claimId": ');
    expect(notJson.status).toBe(400);
    expect((await billing.post('/scrubber/check', { ...claim('p-bad'), surprise: true })).status).toBe(400);
  });
});
