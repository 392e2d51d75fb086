/*
 * The FHIR R4 read API for other systems, through the gateway at both bases (/api/v1/fhir/R4 and
 * the /fhir/R4 alias FHIR clients expect): Patient read and search, DocumentReference and
 * Appointment, each answer validated against the official R4 JSON schema; the site scope, the
 * role checks behind the alias, and a merged record's id. (AllergyIntolerance, Condition and
 * Observation are in clinical-record.e2e-spec.ts.)
 */
import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { FHIR_JSON, problemCodeOf } from '@clinic-flow/fhir';
import { r4SchemaProblems } from '@clinic-flow/fhir/testing';
import { ApiClient, createTestProvider, gatewayUrl, waitFor } from '@clinic-flow/testing';
import { download, PDF, upload } from './document-support';
import { bookingRequest } from './support';

const SITE = 'site-downtown';

describe('FHIR R4 read API: Patient, DocumentReference, Appointment', () => {
  let desk: ApiClient; // receptionist, works at Downtown
  let outsider: ApiClient; // medical assistant, works at Riverside only
  let manager: ApiClient;
  let coder: ApiClient;
  let patient: { id: string; mrn: string };
  let family: string;

  const fhir = (client: ApiClient, path: string) => client.get(`/fhir/R4/${path}`).set('accept', FHIR_JSON);
  /** The same read at the alias FHIR clients use as their base. */
  const aliased = (client: ApiClient | undefined, path: string) => {
    const req = request(gatewayUrl()).get(`/fhir/R4/${path}`).set('accept', FHIR_JSON);
    return client ? req.set('authorization', `Bearer ${client.token}`) : req;
  };
  const expectValidR4 = (body: unknown) => expect(r4SchemaProblems(body)).toEqual([]);
  const hoursAhead = (h: number) => new Date(Math.ceil((Date.now() + h * 3600_000) / 60_000) * 60_000).toISOString();

  beforeAll(async () => {
    [desk, outsider, manager, coder] = await Promise.all((['receptionist', 'medical-assistant', 'office-manager', 'billing-coder'] as const).map((role) => ApiClient.loginAs(role)));
    expect(outsider.user.siteIds).not.toContain(SITE);
    // Letters only (hex digits become g..p): the tag must not read as a date or a phone number in a search.
    family = `Fhirvalley${randomUUID().replace(/-/g, '').slice(0, 16).replace(/\d/g, (d) => 'ghijklmnop'[Number(d)])}`;
    const registered = await desk.post('/patients', {
      siteId: SITE,
      firstName: 'Marisol',
      middleName: 'Inés',
      lastName: family,
      preferredName: 'Mari',
      dateOfBirth: '1961-07-04',
      sexAtBirth: 'female',
      genderIdentity: 'non-binary',
      address: { line1: '12 Elm St', line2: 'Unit 3', city: 'Springfield', state: 'IL', postalCode: '62701' },
      phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      homePhone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`,
      email: `marisol.${family.toLowerCase()}@example.com`,
      preferredChannel: 'sms',
      language: 'es',
      emergencyContact: { name: 'Rosa Vega', relationship: 'sibling', phone: '(217) 555-0199' },
    });
    expect(registered.status).toBe(201);
    patient = registered.body;
  });

  describe('Patient', () => {
    it('reads a patient as valid R4: MRN identifier, official and usual names, administrative gender, telecom, address, language, emergency contact', async () => {
      const res = await fhir(desk, `Patient/${patient.id}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/fhir\+json/);
      expectValidR4(res.body);
      expect(res.body).toMatchObject({
        resourceType: 'Patient',
        id: patient.id,
        identifier: [{ system: 'urn:clinic-flow:mrn', value: patient.mrn, type: { coding: [{ code: 'MR' }] } }],
        active: true,
        name: [
          { use: 'official', family, given: ['Marisol', 'Inés'] },
          { use: 'usual', family, given: ['Mari'] },
        ],
        // Gender identity non-binary -> administrative "other"; sex at birth in the US Core extension.
        gender: 'other',
        extension: [{ url: 'http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex', valueCode: 'F' }],
        birthDate: '1961-07-04',
        address: [{ use: 'home', line: ['12 Elm St', 'Unit 3'], city: 'Springfield', state: 'IL', postalCode: '62701', country: 'US' }],
        communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: 'es' }] }, preferred: true }],
        contact: [{ relationship: [{ coding: [{ code: 'C' }] }, { text: 'sibling' }], name: { text: 'Rosa Vega' }, telecom: [{ system: 'phone', value: '+12175550199' }] }],
      });
      expect(res.body.telecom.map((t: { system: string; use?: string }) => `${t.system}:${t.use ?? ''}`)).toEqual(['phone:mobile', 'phone:home', 'email:']);
      // Billing reads demographics too.
      expect((await fhir(coder, `Patient/${patient.id}`)).status).toBe(200);
    });

    it('searches by name (start of any name part, accents and case ignored, no typo tolerance), birthdate and MRN identifier', async () => {
      const byName = await fhir(desk, `Patient?name=${family.slice(0, -2).toUpperCase()}`);
      expect(byName.status).toBe(200);
      expectValidR4(byName.body);
      expect(byName.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 1, entry: [{ fullUrl: `Patient/${patient.id}`, resource: { id: patient.id }, search: { mode: 'match' } }] });
      expect((await fhir(desk, `Patient?name=ines ${family}`)).body.total).toBe(1);
      expect((await fhir(desk, `Patient?name=mari&birthdate=1961-07-04&name=${family}`)).body.total).toBe(1);
      expect((await fhir(desk, `Patient?name=${encodeURIComponent(`mari ${family}`)}&birthdate=1961-07-04`)).body.total).toBe(1);
      expect((await fhir(desk, `Patient?name=${family}&birthdate=eq1961-07-04`)).body.total).toBe(1);
      expect((await fhir(desk, `Patient?name=${family}&birthdate=1961-07-05`)).body.total).toBe(0);
      // The front desk's search forgives one typo; FHIR string search does not.
      const typo = `${family.slice(0, 3)}${family[4]}${family[3]}${family.slice(5)}`;
      expect((await desk.get(`/patients?q=${typo}`)).body.total).toBe(1);
      expect((await fhir(desk, `Patient?name=${typo}`)).body.total).toBe(0);

      const byMrn = await fhir(desk, `Patient?identifier=${encodeURIComponent(`urn:clinic-flow:mrn|${patient.mrn}`)}`);
      expect(byMrn.body).toMatchObject({ total: 1, entry: [{ resource: { id: patient.id } }] });
      expect((await fhir(desk, `Patient?identifier=${patient.mrn}`)).body.total).toBe(1);
      expect((await fhir(desk, `Patient?identifier=${encodeURIComponent(`http://example.org/other|${patient.mrn}`)}`)).body.total).toBe(0);
    });

    it('refuses a search without criteria and a birthdate that is not a date, as OperationOutcomes', async () => {
      const none = await fhir(desk, 'Patient');
      expect(none.status).toBe(400);
      expectValidR4(none.body);
      expect(problemCodeOf(none.body)).toBe('FHIR.SEARCH_PARAMETER_REQUIRED');
      const bad = await fhir(desk, `Patient?name=${family}&birthdate=ge1961`);
      expect(bad.status).toBe(400);
      expect(problemCodeOf(bad.body)).toBe('FHIR.SEARCH_PARAMETER_INVALID');
    });

    it("keeps another site's user out: the read answers as for no such patient, the search finds nothing", async () => {
      const read = await fhir(outsider, `Patient/${patient.id}`);
      expect(read.status).toBe(404);
      expectValidR4(read.body);
      expect(problemCodeOf(read.body)).toBe('PATIENT.NOT_FOUND');
      expect((await fhir(outsider, `Patient?name=${family}`)).body).toMatchObject({ resourceType: 'Bundle', total: 0 });
      expect((await fhir(outsider, `Patient?identifier=${patient.mrn}`)).body.total).toBe(0);
    });
  });

  describe('the /fhir/R4 base', () => {
    it('answers as /api/v1/fhir/R4 does, with the same sign-in, scope and role checks', async () => {
      const read = await aliased(desk, `Patient/${patient.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual((await fhir(desk, `Patient/${patient.id}`)).body);
      const search = await aliased(desk, `Patient?name=${family}`);
      expect(search.body).toMatchObject({ total: 1, link: [{ relation: 'self', url: `Patient?name=${family}` }] });

      expect((await aliased(undefined, `Patient/${patient.id}`)).status).toBe(401);
      expect((await aliased(outsider, `Patient/${patient.id}`)).status).toBe(404);
      // Receptionists do not read clinical entries: refused behind the alias as at /api/v1.
      const refused = await aliased(desk, `Condition?patient=${patient.id}`);
      expect(refused.status).toBe(403);
      expectValidR4(refused.body);
      expect(problemCodeOf(refused.body)).toBe('AUTH.ROLE_FORBIDDEN');
    });
  });

  describe('DocumentReference', () => {
    let documentId: string;

    beforeAll(async () => {
      const res = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'signed-form', title: 'Consent to treat (signed)' }, { content: PDF, filename: 'consent.pdf', contentType: 'application/pdf' });
      expect(res.status).toBe(201);
      documentId = res.body.id;
    });

    it('searches and reads a document as valid R4 whose attachment url downloads the content', async () => {
      const search = await fhir(desk, `DocumentReference?patient=Patient/${patient.id}`);
      expect(search.status).toBe(200);
      expectValidR4(search.body);
      expect(search.body).toMatchObject({ type: 'searchset', total: 1, entry: [{ resource: { id: documentId } }] });

      const read = await fhir(desk, `DocumentReference/${documentId}`);
      expect(read.status).toBe(200);
      expectValidR4(read.body);
      const sha256 = createHash('sha256').update(PDF).digest('base64');
      expect(read.body).toMatchObject({
        resourceType: 'DocumentReference',
        id: documentId,
        status: 'current',
        type: { coding: [{ system: 'urn:clinic-flow:document-kind', code: 'signed-form' }] },
        subject: { reference: `Patient/${patient.id}` },
        content: [{ attachment: { contentType: 'application/pdf', size: PDF.length, title: 'Consent to treat (signed)', extension: [{ url: 'urn:clinic-flow:attachment-sha256', valueBase64Binary: sha256 }] } }],
      });
      expect(Date.parse(read.body.content[0].attachment.creation)).not.toBeNaN();
      const url = new URL(read.body.content[0].attachment.url);
      expect(url.pathname).toBe(`/api/v1/patients/${patient.id}/documents/${documentId}/content`);
      const content = await download(gatewayUrl(), url.pathname, desk.token);
      expect(content.status).toBe(200);
      expect(Buffer.compare(content.body as Buffer, PDF)).toBe(0);
    });

    it("keeps another site's user out", async () => {
      expect(problemCodeOf((await fhir(outsider, `DocumentReference?patient=${patient.id}`)).body)).toBe('PATIENT.NOT_FOUND');
      const read = await fhir(outsider, `DocumentReference/${documentId}`);
      expect(read.status).toBe(404);
      expect(problemCodeOf(read.body)).toBe('DOCUMENT.NOT_FOUND');
      expect(problemCodeOf((await fhir(desk, 'DocumentReference/no-such-document')).body)).toBe('DOCUMENT.NOT_FOUND');
      expect(problemCodeOf((await fhir(desk, 'DocumentReference')).body)).toBe('FHIR.SEARCH_PARAMETER_REQUIRED');
    });
  });

  describe('Appointment', () => {
    let provider: { id: string; name: string };
    let visitId: string;
    let cancelledId: string;

    beforeAll(async () => {
      provider = await createTestProvider(manager, { siteId: SITE });
      const visit = await desk.post('/appointments', bookingRequest(patient.id, { providerId: provider.id, start: hoursAhead(1) }));
      const later = await desk.post('/appointments', bookingRequest(patient.id, { providerId: provider.id, start: hoursAhead(2) }));
      expect([visit.status, later.status]).toEqual([201, 201]);
      visitId = visit.body.id;
      cancelledId = later.body.id;
      expect((await desk.post(`/appointments/${visitId}/check-in`)).status).toBe(200);
      expect((await desk.post(`/appointments/${cancelledId}/cancel`, { reason: 'Patient called to cancel', party: 'patient' })).status).toBe(200);
    });

    it("searches a patient's appointments as valid R4, statuses mapped, participants referenced with their names", async () => {
      // The patient's name reaches scheduling from patient.registered.
      const search = await waitFor(
        async () => {
          const res = await fhir(desk, `Appointment?patient=${patient.id}`);
          return res.body.entry?.[0]?.resource.participant[0].actor.display ? res : undefined;
        },
        { what: 'the appointments with the patient named' },
      );
      expect(search.status).toBe(200);
      expectValidR4(search.body);
      expect(search.body).toMatchObject({ type: 'searchset', total: 2 });
      // Latest start first.
      const [cancelled, arrived] = search.body.entry.map((e: { resource: unknown }) => e.resource);
      expect(cancelled).toMatchObject({ id: cancelledId, status: 'cancelled', cancelationReason: { text: 'Patient called to cancel' } });
      expect(arrived).toMatchObject({
        resourceType: 'Appointment',
        id: visitId,
        status: 'arrived',
        participant: [
          { actor: { reference: `Patient/${patient.id}`, display: `Marisol ${family}` }, status: 'accepted' },
          { actor: { reference: `Practitioner/${provider.id}`, display: provider.name }, status: 'accepted' },
          { actor: { reference: `Location/${SITE}`, display: expect.any(String) }, status: 'accepted' },
        ],
      });
      expect(Date.parse(arrived.end) - Date.parse(arrived.start)).toBe(arrived.minutesDuration * 60_000);

      expect((await desk.post(`/appointments/${visitId}/check-out`)).status).toBe(200);
      const read = await fhir(desk, `Appointment/${visitId}`);
      expect(read.status).toBe(200);
      expectValidR4(read.body);
      expect(read.body).toMatchObject({ id: visitId, status: 'fulfilled' });
    });

    it("keeps another site's user out", async () => {
      const read = await fhir(outsider, `Appointment/${visitId}`);
      expect(read.status).toBe(403);
      expect(problemCodeOf(read.body)).toBe('AUTH.SITE_FORBIDDEN');
      expect(problemCodeOf((await fhir(desk, 'Appointment/no-such-appointment')).body)).toBe('APPOINTMENT.NOT_FOUND');
      expect((await fhir(outsider, `Appointment?patient=${patient.id}`)).body).toMatchObject({ resourceType: 'Bundle', total: 0 });
      expect(problemCodeOf((await fhir(desk, 'Appointment')).body)).toBe('FHIR.SEARCH_PARAMETER_REQUIRED');
    });
  });

  describe('a merged record', () => {
    it('answers 409 PATIENT.MERGED naming the survivor; its documents and appointments answer under the survivor', async () => {
      const tag = randomUUID().slice(0, 8);
      const person = { siteId: SITE, firstName: 'Dana', lastName: `Twice-${tag}`, dateOfBirth: '1979-02-03', preferredChannel: 'email' };
      const first = await desk.post('/patients', { ...person, email: `dana-${tag}@example.com` });
      const second = await desk.post('/patients', { ...person, email: `dana.${tag}@example.com`, duplicateOverride: { reason: 'Test: registered twice on purpose' } });
      expect([first.status, second.status]).toEqual([201, 201]);
      const [keep, duplicate] = [first.body as { id: string; mrn: string }, second.body as { id: string; mrn: string }];
      const document = await upload(desk, `/patients/${duplicate.id}/documents`, { kind: 'outside-record' }, { content: PDF, filename: 'outside.pdf', contentType: 'application/pdf' });
      expect(document.status).toBe(201);
      const provider = await createTestProvider(manager, { siteId: SITE });
      const booking = await desk.post('/appointments', bookingRequest(duplicate.id, { providerId: provider.id, start: hoursAhead(3) }));
      expect(booking.status).toBe(201);
      expect((await manager.post(`/patients/${keep.id}/merges`, { mergedPatientId: duplicate.id, reason: 'Same person, registered twice' })).status).toBe(201);

      const merged = await fhir(desk, `Patient/${duplicate.id}`);
      expect(merged.status).toBe(409);
      expectValidR4(merged.body);
      expect(problemCodeOf(merged.body)).toBe('PATIENT.MERGED');
      expect(merged.body.issue[0].diagnostics).toContain(keep.id);
      const survivor = await fhir(desk, `Patient/${keep.id}`);
      expectValidR4(survivor.body);
      expect(survivor.body.link).toEqual([{ other: { reference: `Patient/${duplicate.id}` }, type: 'replaces' }]);
      expect((await fhir(desk, `Patient?identifier=${duplicate.mrn}`)).body.total).toBe(0);

      const documents = await fhir(desk, `DocumentReference?patient=${keep.id}`);
      expect(documents.body.entry.map((e: { resource: { id: string; subject: unknown } }) => [e.resource.id, e.resource.subject])).toEqual([[document.body.id, { reference: `Patient/${keep.id}` }]]);
      const read = await fhir(desk, `DocumentReference/${document.body.id}`);
      expect(read.body.subject).toEqual({ reference: `Patient/${keep.id}` });
      expect((await download(gatewayUrl(), new URL(read.body.content[0].attachment.url).pathname, desk.token)).status).toBe(200);
      expect(problemCodeOf((await fhir(desk, `DocumentReference?patient=${duplicate.id}`)).body)).toBe('PATIENT.MERGED');

      // Scheduling applies the merge from patient.merged.
      const moved = await waitFor(
        async () => {
          const res = await fhir(desk, `Appointment?patient=${keep.id}`);
          return res.body.entry?.some((e: { resource: { id: string } }) => e.resource.id === booking.body.id) ? res : undefined;
        },
        { what: "the duplicate's appointment under the survivor" },
      );
      expectValidR4(moved.body);
      const gone = await fhir(desk, `Appointment?patient=${duplicate.id}`);
      expect(gone.status).toBe(409);
      expect(problemCodeOf(gone.body)).toBe('PATIENT.MERGED');
    });
  });
});
