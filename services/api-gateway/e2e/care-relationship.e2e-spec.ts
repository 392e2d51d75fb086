/*
 * The care-relationship boundary and breaking the glass, through the gateway (issue 10). A patient
 * of Downtown is invisible to a medical assistant of Riverside (the same 404 as an id that was
 * never issued, on every patient route, and nothing in search) until they have an appointment at
 * Riverside; breaking the glass with a reason opens the record for a while and the office managers
 * of the patient's sites are emailed, nobody else.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DEMO_USERS } from '@clinic-flow/demo-data';
import { ApiClient, gatewayUrl, mailsTo, waitFor } from '@clinic-flow/testing';
import { PDF, upload } from './document-support';
import { bookingRequest, createStaffAccount, registerPatient } from './support';

const DOWNTOWN = 'site-downtown';
const RIVERSIDE = 'site-riverside';
/** The demo office manager of both sites (so of Downtown), and the one of Riverside only. */
const DOWNTOWN_MANAGER = 'office-manager@demo.clinic';
const RIVERSIDE_MANAGER = 'riverside-manager@demo.clinic';

/** The demo medical assistant's name, as the email and the list name them. */
const ASSISTANT_NAME = DEMO_USERS.find((u) => u.email === 'medical-assistant@demo.clinic')!.name;

/** A patient's data as a random id would answer it: the status, and the body with the id (and the per-request fields) taken out. */
type Answer = { status: number; body: string };

describe('care relationship and break the glass', () => {
  let desk: ApiClient; // receptionist, Downtown only
  let assistant: ApiClient; // medical assistant, Riverside only
  let physician: ApiClient; // both sites
  let manager: ApiClient; // office manager, both sites
  let riversideManager: ApiClient;

  beforeAll(async () => {
    [desk, assistant, physician, manager, riversideManager] = await Promise.all([
      ApiClient.loginAs('receptionist'),
      ApiClient.loginAs('medical-assistant'),
      ApiClient.loginAs('physician'),
      ApiClient.loginAs('office-manager'),
      ApiClient.loginAsEmail(RIVERSIDE_MANAGER),
    ]);
    expect(desk.user.siteIds).toEqual([DOWNTOWN]);
    expect(assistant.user.siteIds).toEqual([RIVERSIDE]);
  });

  const call = async (client: ApiClient, method: 'get' | 'post' | 'patch', path: string, body?: object): Promise<Answer & { raw: request.Response }> => {
    const req = request(gatewayUrl())[method](`/api/v1${path}`).set('authorization', `Bearer ${client.token}`);
    const res = body ? await req.send(body) : await req.send();
    return { status: res.status, body: res.text, raw: res };
  };
  /** The answer with what differs between two requests (ids named in the path, correlation ids, instance) removed. */
  const normalized = (answer: Answer, ...ids: string[]) => {
    let text = answer.body;
    for (const id of ids) text = text.split(id).join(':id');
    const parsed = JSON.parse(text || '{}') as Record<string, unknown>;
    delete parsed.correlationId;
    delete parsed.instance;
    delete parsed.id; // a FHIR OperationOutcome's own id
    return { status: answer.status, body: parsed };
  };

  /** A Downtown patient with something on every route: an allergy, a document, a consent, a referral. */
  async function downtownPatientWithRecords() {
    const patient = await registerPatient(desk);
    expect((await physician.post(`/patients/${patient.id}/allergies`, { substance: 'Penicillin', reaction: 'Hives', severity: 'moderate' })).status).toBe(201);
    const document = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'signed-form' }, { content: PDF, filename: 'form.pdf', contentType: 'application/pdf' });
    expect(document.status).toBe(201);
    expect((await desk.post(`/patients/${patient.id}/consents`, { kind: 'consent-to-treat', formVersion: '2025-01', signerType: 'patient', typedName: 'Test Patient' })).status).toBe(201);
    const referral = await desk.post(`/patients/${patient.id}/referrals`, { specialty: 'Cardiology', specialistName: 'Dr. Helen Park' });
    expect(referral.status).toBe(201);
    return { patient, documentId: document.body.id as string, referralId: referral.body.id as string };
  }

  /** Every patient route, by the patient's id or an entry's. */
  const routes = (patientId: string, documentId: string, referralId: string) =>
    [
      ['get', `/patients/${patientId}`],
      ['patch', `/patients/${patientId}`, { preferredName: 'Taken' }],
      ['patch', `/patients/${patientId}/contact`, { language: 'es' }],
      ['get', `/patients/${patientId}/allergies`],
      ['post', `/patients/${patientId}/allergies`, { substance: 'Latex', reaction: 'Rash', severity: 'mild' }],
      ['get', `/patients/${patientId}/problems`],
      ['get', `/patients/${patientId}/medications`],
      ['get', `/patients/${patientId}/vitals`],
      ['post', `/patients/${patientId}/vitals`, { pulse: 70 }],
      ['get', `/patients/${patientId}/documents`],
      ['get', `/patients/${patientId}/documents/${documentId}`],
      ['get', `/patients/${patientId}/consents`],
      ['get', `/patients/${patientId}/letters`],
      ['get', `/patients/${patientId}/referrals`],
      ['post', `/patients/${patientId}/referrals`, { specialty: 'Dermatology', specialistName: 'Dr. Skin' }],
      ['get', `/patients/${patientId}/timeline`],
      ['get', `/referrals/${referralId}`],
      ['get', `/fhir/R4/Patient/${patientId}`],
      ['get', `/fhir/R4/AllergyIntolerance?patient=${patientId}`],
      ['get', `/fhir/R4/Condition?patient=${patientId}`],
      ['get', `/fhir/R4/Observation?patient=${patientId}`],
      ['get', `/fhir/R4/DocumentReference?patient=${patientId}`],
      ['get', `/fhir/R4/DocumentReference/${documentId}`],
    ] as Array<['get' | 'post' | 'patch', string, object?]>;

  it("answers a user of another site on every patient route exactly as for an id that does not exist, and search finds nothing", async () => {
    const { patient, documentId, referralId } = await downtownPatientWithRecords();
    const unknown = { patient: `no-such-${randomUUID()}`, document: randomUUID(), referral: randomUUID() };
    const real = routes(patient.id, documentId, referralId);
    const missing = routes(unknown.patient, unknown.document, unknown.referral);
    const differences: string[] = [];
    for (let i = 0; i < real.length; i++) {
      const [method, path, body] = real[i];
      const seen = normalized(await call(assistant, method, path, body), patient.id, documentId, referralId);
      const none = normalized(await call(assistant, missing[i][0], missing[i][1], missing[i][2]), unknown.patient, unknown.document, unknown.referral);
      expect(seen.status).toBe(404);
      if (JSON.stringify(seen) !== JSON.stringify(none)) differences.push(`${method.toUpperCase()} ${path}: ${JSON.stringify(seen)} vs ${JSON.stringify(none)}`);
    }
    expect(differences).toEqual([]);
    // Nothing was written by those calls: the desk still sees one allergy and the patient's own preferred name.
    expect((await physician.get(`/patients/${patient.id}/allergies`)).body.items).toHaveLength(1);
    expect((await desk.get(`/patients/${patient.id}`)).body.preferredName).toBeUndefined();

    expect((await assistant.get(`/patients?q=${encodeURIComponent(patient.lastName)}`)).body).toMatchObject({ items: [], total: 0 });
    expect((await assistant.get(`/patients?q=${encodeURIComponent(patient.mrn)}`)).body).toMatchObject({ items: [], total: 0 });
    const fhirSearch = await call(assistant, 'get', `/fhir/R4/Patient?identifier=${encodeURIComponent(patient.mrn)}`);
    expect(fhirSearch.status).toBe(200);
    expect(JSON.parse(fhirSearch.body)).toMatchObject({ resourceType: 'Bundle', total: 0 });
    // Its own desk finds it.
    expect((await desk.get(`/patients?q=${encodeURIComponent(patient.lastName)}`)).body.items.map((i: { id: string }) => i.id)).toEqual([patient.id]);

    // The duplicate check says a match exists elsewhere, never who.
    const typed = { firstName: patient.firstName, lastName: patient.lastName, dateOfBirth: patient.dateOfBirth };
    const check = await assistant.post('/patients/duplicate-check', typed);
    expect(check.status).toBe(200);
    expect(check.body.candidates).toEqual([]);
    expect(check.body.matchesElsewhere).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(check.body)).not.toContain(patient.id);
    const registering = await assistant.post('/patients', { ...typed, email: `dup-${randomUUID().slice(0, 8)}@example.com`, preferredChannel: 'email', siteId: RIVERSIDE });
    expect(registering.status).toBe(409);
    expect(registering.body).toMatchObject({ code: 'PATIENT.POSSIBLE_DUPLICATE', candidates: [], detail: expect.stringMatching(/elsewhere in the network.*break the glass/i) });
    expect(JSON.stringify(registering.body)).not.toContain(patient.id);
    expect(JSON.stringify(registering.body)).not.toContain(patient.mrn);
  });

  it("lets the site's staff see the patient once an appointment there is booked, in search too", async () => {
    const patient = await registerPatient(desk);
    expect((await assistant.get(`/patients/${patient.id}`)).status).toBe(404);
    const booked = await physician.post('/appointments', bookingRequest(patient.id, { siteId: RIVERSIDE }));
    expect(booked.status).toBe(201);
    // Visible once patient-records has applied appointment.booked (a moment after the booking).
    const opened = await waitFor(async () => {
      const res = await assistant.get(`/patients/${patient.id}`);
      return res.status === 200 && res;
    }, { what: 'the patient to open for the Riverside assistant' });
    expect(opened.body).toMatchObject({ id: patient.id, registeredAtSiteId: DOWNTOWN });
    expect((await assistant.get(`/patients/${patient.id}/allergies`)).status).toBe(200);
    expect((await assistant.post(`/patients/${patient.id}/vitals`, { pulse: 72 })).status).toBe(201);
    expect((await assistant.get(`/patients?q=${encodeURIComponent(patient.lastName)}`)).body.items.map((i: { id: string }) => i.id)).toEqual([patient.id]);
    const line = await waitFor(async () => (await assistant.get(`/patients/${patient.id}/timeline`)).body.items.find((i: { kind: string }) => i.kind === 'care-relationship'), {
      what: 'the care relationship on the timeline',
    });
    expect(line.summary).toBe(`Now also cared for at ${RIVERSIDE}`);
  });

  it("breaks the glass with a reason: the record opens for that user, the office managers of the patient's sites are emailed, nobody else", async () => {
    const { patient, documentId } = await downtownPatientWithRecords();
    expect((await assistant.get(`/patients/${patient.id}`)).status).toBe(404);

    const noReason = await assistant.post(`/patients/${patient.id}/break-glass`, {});
    expect([noReason.status, noReason.body.code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
    expect((await assistant.post(`/patients/${patient.id}/break-glass`, { reason: 'urgent' })).status).toBe(400);
    expect((await assistant.post(`/patients/${patient.id}/break-glass`, { reason: '          ' + '   ' })).status).toBe(400);
    expect((await assistant.get(`/patients/${patient.id}`)).status).toBe(404); // nothing opened
    expect((await (await ApiClient.loginAs('billing-coder')).post(`/patients/${patient.id}/break-glass`, { reason: 'Checking a claim for this patient' })).status).toBe(403);
    expect((await desk.post(`/patients/${patient.id}/break-glass`, { reason: 'I can see this patient anyway' })).body.code).toBe('BREAK_GLASS.NOT_NEEDED');

    const reason = `Patient collapsed in the Riverside waiting room ${randomUUID().slice(0, 8)}`;
    const broken = await assistant.post(`/patients/${patient.id}/break-glass`, { reason });
    expect(broken.status).toBe(201);
    expect(broken.body).toMatchObject({ patientId: patient.id, mrn: patient.mrn, patientSiteIds: [DOWNTOWN], userId: assistant.user.id, roles: ['medical-assistant'], userSiteIds: [RIVERSIDE], reason });
    const minutes = (new Date(broken.body.until).getTime() - new Date(broken.body.at).getTime()) / 60_000;
    expect(minutes).toBe(60);

    // The record works on every patient route for this user now.
    expect((await assistant.get(`/patients/${patient.id}`)).body).toMatchObject({ id: patient.id, mrn: patient.mrn });
    expect((await assistant.get(`/patients/${patient.id}/allergies`)).body.items).toHaveLength(1);
    expect((await assistant.get(`/patients/${patient.id}/documents/${documentId}`)).status).toBe(200);
    expect((await call(assistant, 'get', `/fhir/R4/DocumentReference/${documentId}`)).status).toBe(200);
    expect((await assistant.post(`/patients/${patient.id}/vitals`, { pulse: 96 })).status).toBe(201);
    // ... and for no one else of Riverside, and search still does not list it.
    expect((await riversideManager.get(`/patients/${patient.id}`)).status).toBe(404);
    expect((await assistant.get(`/patients?q=${encodeURIComponent(patient.lastName)}`)).body.items).toEqual([]);

    // One email to the office managers of the patient's sites; the same message shows who got it.
    const mail = await waitFor(async () => (await mailsTo(DOWNTOWN_MANAGER)).find((m) => m.text.includes(reason)), { what: 'the break-the-glass email to the Downtown office manager' });
    expect(mail.subject).toContain(patient.mrn);
    expect(mail.text).toContain(patient.id);
    expect(mail.text).toContain(ASSISTANT_NAME);
    for (const personal of [patient.firstName, patient.lastName, patient.email, patient.phone, patient.dateOfBirth]) expect(mail.text).not.toContain(personal);
    const recipients = mail.to.map((t) => t.address.toLowerCase());
    expect(recipients).toContain(DOWNTOWN_MANAGER);
    expect(recipients).not.toContain(RIVERSIDE_MANAGER);
    // The notice went out as that one message: the Riverside-only manager has nothing about it.
    expect((await mailsTo(RIVERSIDE_MANAGER)).filter((m) => m.text.includes(reason))).toEqual([]);

    // Office managers list the accesses of their sites; not of a site they do not manage.
    const listed = await manager.get(`/break-glass?siteId=${DOWNTOWN}`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.find((b: { id: string }) => b.id === broken.body.id)).toMatchObject({ patientId: patient.id, reason, userName: ASSISTANT_NAME });
    expect((await riversideManager.get(`/break-glass?siteId=${DOWNTOWN}`)).status).toBe(403);
    expect((await riversideManager.get(`/break-glass?siteId=${RIVERSIDE}`)).body.items.map((b: { id: string }) => b.id)).not.toContain(broken.body.id);
    expect((await assistant.get(`/break-glass?siteId=${RIVERSIDE}`)).status).toBe(403);

    // The audit trail holds the reason on the call that broke the glass and on each read through it.
    const accesses = (await manager.get(`/patients/${patient.id}/accesses?limit=200`)).body.items as Array<{
      actor: { userId: string };
      phase: string;
      operation: { method: string; route: string };
      breakGlass?: Array<{ patientId: string; reason: string }>;
    }>;
    const byAssistant = accesses.filter((e) => e.actor.userId === assistant.user.id && e.phase === 'completed');
    const withReason = (method: string, route: string) => byAssistant.find((e) => e.operation.method === method && e.operation.route === route)?.breakGlass;
    expect(withReason('POST', '/patients/:id/break-glass')).toEqual([expect.objectContaining({ patientId: patient.id, reason })]);
    expect(withReason('GET', '/patients/:id/allergies')).toEqual([expect.objectContaining({ patientId: patient.id, reason })]);
  });

  it('tells an office manager created through /users, once their account event has reached notification', async () => {
    const fresh = await createStaffAccount(manager, { roles: ['office-manager'], siteIds: [DOWNTOWN] });
    const patient = await registerPatient(desk);
    // user.created and patient.break-glass travel on different topics: until the account is known,
    // a notice goes to the others only. Breaking the glass again (a new access each time) shows when.
    const mail = await waitFor(
      async () => {
        const told = (await mailsTo(fresh.email)).find((m) => m.subject.includes(patient.mrn));
        if (told) return told;
        const again = await assistant.post(`/patients/${patient.id}/break-glass`, { reason: `Covering for Downtown tonight ${randomUUID().slice(0, 8)}` });
        expect(again.status).toBe(201);
        return undefined;
      },
      { intervalMs: 2000, what: `a break-the-glass email to the new office manager ${fresh.email}` },
    );
    expect(mail.to.map((t) => t.address.toLowerCase())).toEqual(expect.arrayContaining([fresh.email.toLowerCase(), DOWNTOWN_MANAGER]));
  });
});
