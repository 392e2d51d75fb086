/*
 * The clinical-administrative record through the gateway: each entry kind's round trip, every
 * bad-input code (with nothing half-written), who may record and read what, the events on the
 * patients topic, and the FHIR R4 reads validated against the official R4 JSON schema.
 */
import { Topics } from '@clinic-flow/contracts';
import { FHIR_JSON, problemCodeOf } from '@clinic-flow/fhir';
import { r4SchemaProblems } from '@clinic-flow/fhir/testing';
import { ApiClient, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { createStaffAccount, registerPatient } from './support';

const SITE = 'site-riverside';

describe('clinical record: allergies, ICD-10-CM problems, medications, vitals, FHIR reads', () => {
  let assistant: ApiClient; // medical assistant, works at Riverside
  let nurse: ApiClient;
  let receptionist: ApiClient; // works at Downtown only
  let coder: ApiClient;
  let manager: ApiClient;
  let patientId: string;
  const probe = new KafkaProbe();

  beforeAll(async () => {
    [assistant, nurse, receptionist, coder, manager] = await Promise.all(
      (['medical-assistant', 'registered-nurse', 'receptionist', 'billing-coder', 'office-manager'] as const).map((role) => ApiClient.loginAs(role)),
    );
    await probe.record([Topics.patients]);
    patientId = (await registerPatient(manager, { siteId: SITE })).id;
  });
  afterAll(() => probe.close());

  const eventOf = (type: string, entryId: string) =>
    waitFor(async () => probe.seen.find((m) => m.topic === Topics.patients && m.headers['event-type'] === type && m.key === patientId && JSON.parse(m.value!).data.entryId === entryId), {
      what: `${type} for ${entryId}`,
    });
  const fhir = (client: ApiClient, path: string) => client.get(`/fhir/R4/${path}`).set('accept', FHIR_JSON);
  const expectValidR4 = (body: unknown) => expect(r4SchemaProblems(body)).toEqual([]);

  describe('allergies', () => {
    it('records, corrects and withdraws an allergy; the event carries ids and severity, not the substance', async () => {
      const created = await assistant.post(`/patients/${patientId}/allergies`, { substance: 'Penicillin', reaction: 'Hives', severity: 'moderate', notedOn: '2024-02-10' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ patientId, siteId: SITE, substance: 'Penicillin', reaction: 'Hives', severity: 'moderate', status: 'active', notedOn: '2024-02-10' });
      const id = created.body.id as string;

      const recorded = JSON.parse((await eventOf('patient.allergy-recorded', id)).value!);
      expect(recorded).toMatchObject({ subject: patientId, siteId: SITE, data: { patientId, entryId: id, severity: 'moderate', status: 'active', by: assistant.user.id } });
      expect(JSON.stringify(recorded)).not.toMatch(/Penicillin|Hives/);

      const corrected = await nurse.patch(`/patients/${patientId}/allergies/${id}`, { severity: 'severe' });
      expect(corrected.status).toBe(200);
      expect(corrected.body).toMatchObject({ severity: 'severe', substance: 'Penicillin' });
      expect(JSON.parse((await eventOf('patient.allergy-updated', id)).value!).data).toMatchObject({ changed: ['severity'], severity: 'severe' });

      const noReason = await assistant.patch(`/patients/${patientId}/allergies/${id}`, { status: 'entered-in-error' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.code).toBe('CLINICAL.REASON_REQUIRED');

      const withdrawn = await assistant.patch(`/patients/${patientId}/allergies/${id}`, { status: 'entered-in-error', reason: 'recorded on the wrong patient' });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'entered-in-error', enteredInErrorReason: 'recorded on the wrong patient' });

      expect((await assistant.get(`/patients/${patientId}/allergies`)).body.items.map((a: { id: string }) => a.id)).not.toContain(id);
      const all = await assistant.get(`/patients/${patientId}/allergies?includeEnteredInError=true`);
      expect(all.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id, status: 'entered-in-error', severity: 'severe' })]));

      const again = await assistant.patch(`/patients/${patientId}/allergies/${id}`, { status: 'active' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CLINICAL.ENTRY_ENTERED_IN_ERROR');
    });

    it('refuses a bad severity and an unknown patient', async () => {
      const bad = await assistant.post(`/patients/${patientId}/allergies`, { substance: 'Latex', reaction: 'Rash', severity: 'extreme' });
      expect(bad.status).toBe(400);
      expect(bad.body.code).toBe('REQUEST.VALIDATION_FAILED');
      const unknown = await assistant.post('/patients/no-such-patient/allergies', { substance: 'Latex', reaction: 'Rash', severity: 'mild' });
      expect(unknown.status).toBe(404);
      expect(unknown.body.code).toBe('PATIENT.NOT_FOUND');
    });
  });

  describe('problem list (ICD-10-CM, the full current code set)', () => {
    it('takes billable codes, with their description, and refuses unknown and category codes without writing anything', async () => {
      const before = (await nurse.get(`/patients/${patientId}/problems`)).body.items.length;
      const unknown = await nurse.post(`/patients/${patientId}/problems`, { code: 'E11.99' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.code).toBe('CLINICAL.UNKNOWN_CODE');
      const category = await nurse.post(`/patients/${patientId}/problems`, { code: 'E11' });
      expect(category.status).toBe(400);
      expect(category.body.code).toBe('CLINICAL.CODE_NOT_BILLABLE');
      expect(category.body.detail).toMatch(/E11\.\d/);
      const future = await nurse.post(`/patients/${patientId}/problems`, { code: 'I10', onsetDate: '2999-01-01' });
      expect(future.status).toBe(400);
      expect((await nurse.get(`/patients/${patientId}/problems`)).body.items).toHaveLength(before);

      const diabetes = await nurse.post(`/patients/${patientId}/problems`, { code: 'e119', onsetDate: '2019-06-01' });
      expect(diabetes.status).toBe(201);
      expect(diabetes.body).toMatchObject({ code: 'E11.9', system: 'http://hl7.org/fhir/sid/icd-10-cm', description: 'Type 2 diabetes mellitus without complications', status: 'active', onsetDate: '2019-06-01' });
      const exam = await assistant.post(`/patients/${patientId}/problems`, { code: 'Z00.00' });
      expect(exam.status).toBe(201);
      const recorded = JSON.parse((await eventOf('patient.problem-recorded', diabetes.body.id)).value!);
      expect(recorded.data).toMatchObject({ patientId, code: 'E11.9', status: 'active' });

      const recode = await nurse.patch(`/patients/${patientId}/problems/${exam.body.id}`, { code: 'Z00.01' });
      expect(recode.status).toBe(200);
      expect(recode.body).toMatchObject({ code: 'Z00.01', description: 'Encounter for general adult medical examination with abnormal findings' });
      expect(JSON.parse((await eventOf('patient.problem-updated', exam.body.id)).value!).data).toMatchObject({ code: 'Z00.01', previousCode: 'Z00.00' });
      const badRecode = await nurse.patch(`/patients/${patientId}/problems/${exam.body.id}`, { code: 'Z00', status: 'resolved' });
      expect(badRecode.body.code).toBe('CLINICAL.CODE_NOT_BILLABLE');

      const resolved = await nurse.patch(`/patients/${patientId}/problems/${exam.body.id}`, { status: 'resolved', resolvedDate: '2025-01-15' });
      expect(resolved.body).toMatchObject({ status: 'resolved', resolvedDate: '2025-01-15', code: 'Z00.01' });
    });

    it('the billing coder reads the problem list but not allergies, medications or vitals', async () => {
      const problems = await coder.get(`/patients/${patientId}/problems`);
      expect(problems.status).toBe(200);
      expect(problems.body.items.map((p: { code: string }) => p.code)).toContain('E11.9');
      for (const kind of ['allergies', 'medications', 'vitals']) {
        const res = await coder.get(`/patients/${patientId}/${kind}`);
        expect([kind, res.status, res.body.code]).toEqual([kind, 403, 'AUTH.ROLE_FORBIDDEN']);
      }
      expect((await coder.post(`/patients/${patientId}/problems`, { code: 'I10' })).status).toBe(403);
    });

    it("the timeline shows a clinical entry's line only to who may read the entry: none to the desk, problems but no allergy to the office manager", async () => {
      expect((await manager.get(`/patients/${patientId}/allergies`)).body.code).toBe('AUTH.ROLE_FORBIDDEN');
      expect((await manager.get(`/patients/${patientId}/problems`)).status).toBe(200);
      const kindsOn = async (client: ApiClient) => ((await client.get(`/patients/${patientId}/timeline?limit=200`)).body.items as Array<{ kind: string }>).map((i) => i.kind);
      // Once the nurse's timeline shows the problem and allergy lines, they are stored: the others read the same entries.
      const clinical = ['allergy', 'problem'];
      await waitFor(
        async () => {
          const kinds = await kindsOn(nurse);
          return clinical.every((k) => kinds.includes(k));
        },
        { what: "the clinical lines on the nurse's timeline" },
      );
      const clinicalOn = async (client: ApiClient) => {
        const kinds = await kindsOn(client);
        expect(kinds).toContain('registration');
        return [...new Set(kinds.filter((k) => ['allergy', 'problem', 'medication', 'vitals'].includes(k)))];
      };
      const riversideDesk = await createStaffAccount(manager, { roles: ['receptionist'], siteIds: [SITE] });
      expect(await clinicalOn(await ApiClient.login(riversideDesk.email, riversideDesk.password))).toEqual([]);
      expect(await clinicalOn(manager)).toEqual(['problem']);
    });

    it('looks codes up for a screen to pick from, with the release loaded', async () => {
      const search = await coder.get('/code-sets/icd10cm?prefix=E11.6&billable=true&limit=5');
      expect(search.status).toBe(200);
      expect(search.body.codeSet).toMatchObject({ system: 'http://hl7.org/fhir/sid/icd-10-cm', version: '2026', release: '2026-04-01' });
      expect(search.body.codeSet.codes).toBeGreaterThan(98_000);
      expect(search.body.items.length).toBe(5);
      expect(search.body.items.every((c: { code: string; billable: boolean }) => c.code.startsWith('E11.6') && c.billable)).toBe(true);
      const words = await receptionist.get('/code-sets/icd10cm?q=essential%20hypertension');
      expect(words.body.items.map((c: { code: string }) => c.code)).toContain('I10');
      const category = await coder.get('/code-sets/icd10cm/E11');
      expect(category.body).toMatchObject({ code: 'E11', billable: false });
      expect(category.body.excludes1).toContain('type 1 diabetes mellitus (E10.-)');
      expect((await coder.get('/code-sets/icd10cm/E11.9')).body).toMatchObject({ billable: true, parent: 'E11' });
      const unknown = await coder.get('/code-sets/icd10cm/QQ1.23');
      expect([unknown.status, unknown.body.code]).toEqual([404, 'CODESET.UNKNOWN_CODE']);
    });
  });

  describe('medications', () => {
    it('records a medication with dose and frequency, then stops it', async () => {
      const created = await assistant.post(`/patients/${patientId}/medications`, { name: 'Metformin', dose: '500 mg', frequency: 'twice daily', note: 'patient reports taking with meals' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Metformin', dose: '500 mg', frequency: 'twice daily', status: 'active' });
      const stopped = await nurse.patch(`/patients/${patientId}/medications/${created.body.id}`, { status: 'stopped' });
      expect(stopped.body.status).toBe('stopped');
      const list = await nurse.get(`/patients/${patientId}/medications`);
      expect(list.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: created.body.id, status: 'stopped' })]));
      const event = JSON.parse((await eventOf('patient.medication-recorded', created.body.id)).value!);
      expect(JSON.stringify(event)).not.toMatch(/Metformin|meals/);
      const unknownEntry = await nurse.patch(`/patients/${patientId}/medications/no-such-medication`, { status: 'stopped' });
      expect([unknownEntry.status, unknownEntry.body.code]).toEqual([404, 'CLINICAL.MEDICATION_NOT_FOUND']);
    });
  });

  describe('vitals', () => {
    const checkIn = {
      appointmentId: 'appt-check-in-1',
      bloodPressure: { systolic: 128, diastolic: 82 },
      pulse: 72,
      temperature: { value: 99.1, unit: 'F' },
      respiratoryRate: 16,
      spo2: 97,
      height: { value: 67, unit: 'in' },
      weight: { value: 160, unit: 'lb' },
    };

    it('records vitals at check-in with units and a computed BMI', async () => {
      const created = await assistant.post(`/patients/${patientId}/vitals`, checkIn);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ ...checkIn, bmi: 25.1, status: 'final', measured: ['blood-pressure', 'pulse', 'temperature', 'respiratory-rate', 'spo2', 'height', 'weight', 'bmi'] });
      const event = JSON.parse((await eventOf('patient.vitals-recorded', created.body.id)).value!);
      expect(event.data).toMatchObject({ appointmentId: 'appt-check-in-1', measured: expect.arrayContaining(['blood-pressure', 'bmi']) });
      expect(event.data.pulse).toBeUndefined();
    });

    it('refuses implausible values naming the field, wrong units and empty records, writing nothing', async () => {
      const before = (await nurse.get(`/patients/${patientId}/vitals?includeEnteredInError=true`)).body.items.length;
      const spo2 = await assistant.post(`/patients/${patientId}/vitals`, { pulse: 70, spo2: 140 });
      expect(spo2.status).toBe(400);
      expect(spo2.body).toMatchObject({ code: 'CLINICAL.VITALS_OUT_OF_RANGE', errors: [{ field: 'spo2' }] });
      const bp = await assistant.post(`/patients/${patientId}/vitals`, { bloodPressure: { systolic: 12, diastolic: 8 } });
      expect(bp.body).toMatchObject({ code: 'CLINICAL.VITALS_OUT_OF_RANGE', errors: [{ field: 'bloodPressure.systolic' }, { field: 'bloodPressure.diastolic' }] });
      const celsiusAsFahrenheit = await assistant.post(`/patients/${patientId}/vitals`, { temperature: { value: 37, unit: 'F' } });
      expect(celsiusAsFahrenheit.body).toMatchObject({ code: 'CLINICAL.VITALS_OUT_OF_RANGE', errors: [{ field: 'temperature' }] });
      const unit = await assistant.post(`/patients/${patientId}/vitals`, { weight: { value: 70, unit: 'stone' } });
      expect(unit.status).toBe(400);
      expect(unit.body).toMatchObject({ code: 'CLINICAL.VITALS_UNIT_INVALID', errors: [{ field: 'weight.unit' }] });
      const empty = await assistant.post(`/patients/${patientId}/vitals`, { appointmentId: 'appt-x' });
      expect(empty.body.code).toBe('CLINICAL.VITALS_EMPTY');
      expect((await nurse.get(`/patients/${patientId}/vitals?includeEnteredInError=true`)).body.items).toHaveLength(before);
    });

    it('receptionists cannot record or read vitals; users of another site cannot reach the patient', async () => {
      const receptionistAttempt = await receptionist.post(`/patients/${patientId}/vitals`, { pulse: 70 });
      expect([receptionistAttempt.status, receptionistAttempt.body.code]).toEqual([403, 'AUTH.ROLE_FORBIDDEN']);
      const receptionistRead = await receptionist.get(`/patients/${patientId}/vitals`);
      expect([receptionistRead.status, receptionistRead.body.code]).toEqual([403, 'AUTH.ROLE_FORBIDDEN']);
      const downtownPatient = (await registerPatient(receptionist, { siteId: 'site-downtown' })).id;
      const outsider = await assistant.post(`/patients/${downtownPatient}/vitals`, { pulse: 70 });
      expect([403, 404]).toContain(outsider.status);
      expect((await nurse.get(`/patients/${downtownPatient}/vitals`)).body.items).toEqual([]);
    });

    it('a wrong record is marked entered-in-error, not deleted', async () => {
      const wrong = await assistant.post(`/patients/${patientId}/vitals`, { pulse: 180 });
      const marked = await nurse.patch(`/patients/${patientId}/vitals/${wrong.body.id}`, { status: 'entered-in-error', reason: 'pulse of another patient' });
      expect(marked.body).toMatchObject({ status: 'entered-in-error', pulse: 180 });
      expect((await nurse.get(`/patients/${patientId}/vitals`)).body.items.map((v: { id: string }) => v.id)).not.toContain(wrong.body.id);
      expect(JSON.parse((await eventOf('patient.vitals-updated', wrong.body.id)).value!).data).toMatchObject({ status: 'entered-in-error', changed: ['status'] });
    });
  });

  describe('FHIR R4 reads', () => {
    let fhirPatient: string;
    let allergyId: string;
    let problemId: string;
    let vitalsId: string;

    beforeAll(async () => {
      fhirPatient = (await registerPatient(manager, { siteId: SITE })).id;
      allergyId = (await assistant.post(`/patients/${fhirPatient}/allergies`, { substance: 'Peanuts', reaction: 'Anaphylaxis', severity: 'severe' })).body.id;
      problemId = (await nurse.post(`/patients/${fhirPatient}/problems`, { code: 'I10', onsetDate: '2020-03-01' })).body.id;
      vitalsId = (await assistant.post(`/patients/${fhirPatient}/vitals`, { bloodPressure: { systolic: 142, diastolic: 91 }, pulse: 80, temperature: { value: 36.9, unit: 'C' }, respiratoryRate: 14, spo2: 99, height: { value: 180, unit: 'cm' }, weight: { value: 81, unit: 'kg' } })).body.id;
    });

    it('AllergyIntolerance search and read, valid R4 as application/fhir+json', async () => {
      const search = await fhir(nurse, `AllergyIntolerance?patient=${fhirPatient}`);
      expect(search.status).toBe(200);
      expect(search.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expectValidR4(search.body);
      expect(search.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1, link: [{ relation: 'self', url: `AllergyIntolerance?patient=${fhirPatient}` }] });
      expect(search.body.entry[0].resource).toMatchObject({ id: allergyId, patient: { reference: `Patient/${fhirPatient}` }, code: { text: 'Peanuts' }, reaction: [{ severity: 'severe' }] });
      const read = await fhir(nurse, `AllergyIntolerance/${allergyId}`);
      expectValidR4(read.body);
      expect(read.body).toMatchObject({ resourceType: 'AllergyIntolerance', id: allergyId, clinicalStatus: { coding: [{ code: 'active' }] } });
    });

    it('Condition coded in ICD-10-CM, readable by the billing coder', async () => {
      const search = await fhir(coder, `Condition?patient=Patient/${fhirPatient}`);
      expect(search.status).toBe(200);
      expectValidR4(search.body);
      expect(search.body.entry.map((e: { resource: { code: { coding: unknown[] } } }) => e.resource.code.coding)).toEqual([
        [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', version: '2026', code: 'I10', display: 'Essential (primary) hypertension' }],
      ]);
      const read = await fhir(coder, `Condition/${problemId}`);
      expectValidR4(read.body);
      expect(read.body).toMatchObject({ onsetDateTime: '2020-03-01', category: [{ coding: [{ code: 'problem-list-item' }] }] });
      expect((await fhir(coder, `Condition?patient=${fhirPatient}&clinical-status=resolved`)).body.total).toBe(0);
    });

    it('vital-signs Observations, LOINC-coded in UCUM units, searchable by code', async () => {
      const search = await fhir(assistant, `Observation?patient=${fhirPatient}&category=vital-signs`);
      expect(search.status).toBe(200);
      expectValidR4(search.body);
      const codes = search.body.entry.map((e: { resource: { code: { coding: { code: string }[] } } }) => e.resource.code.coding[0].code);
      expect(codes.sort()).toEqual(['2708-6', '29463-7', '39156-5', '8302-2', '8310-5', '85354-9', '8867-4', '9279-1'].sort());
      const bp = await fhir(assistant, `Observation?patient=${fhirPatient}&code=http://loinc.org|85354-9`);
      expect(bp.body.total).toBe(1);
      const panel = bp.body.entry[0].resource;
      expect(panel.component.map((c: { code: { coding: { code: string }[] }; valueQuantity: { value: number; code: string } }) => [c.code.coding[0].code, c.valueQuantity.value, c.valueQuantity.code])).toEqual([
        ['8480-6', 142, 'mm[Hg]'],
        ['8462-4', 91, 'mm[Hg]'],
      ]);
      const bmi = await fhir(assistant, `Observation/${vitalsId}.bmi`);
      expectValidR4(bmi.body);
      expect(bmi.body.valueQuantity).toEqual({ value: 25, unit: 'kg/m2', system: 'http://unitsofmeasure.org', code: 'kg/m2' });
    });

    it('errors are OperationOutcomes with the problem code: unknown id, missing patient, wrong role, other site', async () => {
      const missing = await fhir(nurse, 'Condition/no-such-condition');
      expect(missing.status).toBe(404);
      expect(missing.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expectValidR4(missing.body);
      expect(problemCodeOf(missing.body)).toBe('CLINICAL.NOT_FOUND');
      const noPatient = await fhir(nurse, 'Observation');
      expect(noPatient.status).toBe(400);
      expectValidR4(noPatient.body);
      expect(problemCodeOf(noPatient.body)).toBe('FHIR.SEARCH_PARAMETER_REQUIRED');
      const role = await fhir(receptionist, `Observation?patient=${fhirPatient}`);
      expect(role.status).toBe(403);
      expectValidR4(role.body);
      expect(problemCodeOf(role.body)).toBe('AUTH.ROLE_FORBIDDEN');
      const downtownPatient = (await registerPatient(receptionist, { siteId: 'site-downtown' })).id;
      const otherSite = await fhir(assistant, `AllergyIntolerance?patient=${downtownPatient}`);
      expect([403, 404]).toContain(otherSite.status);
      expectValidR4(otherSite.body);
      const otherSiteEntry = await fhir(assistant, `Condition/${problemId}`);
      expect(otherSiteEntry.status).toBe(200); // Riverside's own entry: the assistant may read it
    });
  });
});
