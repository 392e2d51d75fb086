/*
 * Generated from the composed OpenAPI document: every non-public operation is called as a user of
 * another site and as every demo role its `x-roles` exclude, and must refuse (403/404). A route a
 * service adds is covered without touching this file; only a new kind of path parameter needs a
 * fixture below.
 */
import request from 'supertest';
import { DateTime } from 'luxon';
import { ROLES, Role } from '@clinic-flow/auth';
import { problemCodeOf } from '@clinic-flow/fhir';
import { ApiClient, createTestProvider, gatewayUrl, waitFor } from '@clinic-flow/testing';
import { unresolvedRefs } from '../src/routing/compose';
import { PDF, upload } from './document-support';
import { bookingRequest, registerPatient } from './support';

interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  items?: Schema;
  required?: string[];
  properties?: Record<string, Schema>;
  $ref?: string;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  'x-roles'?: Role[];
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** The edge routes anyone may call: their credential is a password, a sign-in challenge, a refresh token, a signed link or a webhook signature. */
const PUBLIC = [
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/login/second-factor',
  'POST /api/v1/auth/login/totp-enrolment',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'GET /api/v1/r/{token}',
  'POST /api/v1/r/{token}',
  'POST /api/v1/webhooks/sms',
  'GET /health',
  'GET /api/v1/d/{token}',
  'GET /api/v1/docs/events',
];

/** Network-wide data (the same for every site) or the caller's own sites or account: nothing of another site to reach. */
const NOT_SITE_DATA = [
  'GET /api/v1/sites',
  'GET /api/v1/appointment-types',
  'GET /api/v1/appointment-types/{id}',
  'GET /api/v1/code-sets/icd10cm',
  'GET /api/v1/code-sets/icd10cm/{code}',
  'GET /api/v1/consent-forms',
  'GET /api/v1/payers',
  'GET /api/v1/payers/{id}',
  'GET /api/v1/payers/{id}/requirements',
  'POST /api/v1/auth/totp/enrolment',
  'POST /api/v1/auth/totp/confirm',
];

/**
 * Breaking the glass is how a user of another site opens a patient on purpose (with a reason, on
 * record, office managers told): it succeeds for them, and would open the fixture patient to the
 * outsider for the calls after it. care-relationship.e2e-spec.ts tests it.
 */
const OPENS_ACROSS_SITES = ['POST /api/v1/patients/{id}/break-glass'];

/**
 * Patient data (patient-records' routes by patient or entry id, and the FHIR reads): another site's
 * user gets the 404 of an id that does not exist, never a site refusal (403) that says the patient
 * is there; only a role they lack is refused first, before anything is looked up.
 */
const PATIENT_DATA = /^\/api\/v1\/(patients\/\{id\}|fhir\/R4\/(Patient|AllergyIntolerance|Condition|Observation|DocumentReference)\b|referrals\/\{id\}|letters\/\{id\}|patients\/\{patientId\}\/coverages|coverages\/\{id\}|patients\/\{patientId\}\/authorizations|authorizations\/\{id\}|patients\/\{patientId\}\/good-faith-estimates|good-faith-estimates\/\{id\}|patients\/\{patientId\}\/account|accounts\/\{id\}|encounters\/\{id\}|claims\/\{id\}|patients\/\{patientId\}\/claims)/;

/** The site whose data the fixtures are, and a user who works only at another site. */
const SITE = 'site-downtown';
const OUTSIDER: Role = 'medical-assistant';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

describe('every route refuses other sites and roles without the right (generated from the OpenAPI document)', () => {
  let doc: Document;
  const clients = new Map<Role, ApiClient>();
  const fixtures: Record<string, string> = {};

  beforeAll(async () => {
    doc = (await request(gatewayUrl()).get('/api/docs-json')).body as Document;
    for (const role of ROLES) clients.set(role, await ApiClient.loginAs(role));
    expect(clients.get(OUTSIDER)!.user.siteIds).not.toContain(SITE);

    const front = clients.get('receptionist')!;
    const patient = await registerPatient(front);
    const appointment = await front.post('/appointments', bookingRequest(patient.id, { siteId: SITE }));
    expect(appointment.status).toBe(201);
    const today = DateTime.now().setZone('America/New_York').toISODate()!;
    // A provider of its own, so the entry never takes an offer meant for another test's patient.
    const provider = await createTestProvider(clients.get('office-manager')!, { siteId: SITE });
    const entry = await front.post('/waitlist', { patientId: patient.id, siteId: SITE, appointmentTypeId: 'urgent-care', providerId: provider.id, from: today, to: DateTime.fromISO(today).plus({ days: 30 }).toISODate() });
    expect(entry.status).toBe(201);
    const document = await upload(front, `/patients/${patient.id}/documents`, { kind: 'signed-form' }, { content: PDF, filename: 'form.pdf', contentType: 'application/pdf' });
    expect(document.status).toBe(201);
    const consent = await front.post(`/patients/${patient.id}/consents`, { kind: 'consent-to-treat', formVersion: '2025-01', signerType: 'patient', typedName: `Zephyrine ${patient.lastName}` });
    expect(consent.status).toBe(201);
    const referral = await front.post(`/patients/${patient.id}/referrals`, { specialty: 'Cardiology', specialistName: 'Dr. Helen Park' });
    expect(referral.status).toBe(201);
    const coverage = await front.post(`/patients/${patient.id}/coverages`, { payerId: 'payer-acme', planId: 'acme-gold-ppo', order: 'primary', relationship: 'self', memberId: 'PPO11122333', effectiveDate: '2026-01-01' });
    expect(coverage.status).toBe(201);
    const authorization = await front.post(`/patients/${patient.id}/authorizations`, { coverageId: coverage.body.id, appointmentTypeIds: ['urgent-care'], diagnosisCodes: ['J45.909'], requestedUnits: 2, from: today, to: today, obtainedVia: 'phone', authorizationNumber: 'PA-CROSS-SITE', approvedUnits: 2 });
    expect(authorization.status).toBe(201);
    // A Good Faith Estimate of site A's patient (insured, so issued as self-pay on request); insurance learns of the visit from scheduling's event.
    const gfe = await waitFor(async () => {
      const res = await front.post(`/patients/${patient.id}/good-faith-estimates`, { appointmentId: appointment.body.id, selfPay: true });
      return res.status === 201 ? res.body : undefined;
    }, { what: 'a Good Faith Estimate of the fixture visit' });
    // The patient's guarantor account (billing); statements are not run here (a run would touch every account of the site).
    const account = await clients.get('billing-coder')!.post(`/patients/${patient.id}/account`, {});
    expect(account.status).toBe(200);
    Object.assign(fixtures, {
      patient: patient.id,
      patientId: patient.id,
      appointment: appointment.body.id,
      appointmentId: appointment.body.id,
      waitlist: entry.body.id,
      site: SITE,
      siteId: SITE,
      provider: 'prov-ana-ruiz',
      providerId: 'prov-ana-ruiz',
      'appointment-type': 'urgent-care',
      appointmentTypeId: 'urgent-care',
      typeId: 'urgent-care',
      // Offers and exceptions are not made here: a wrong site or role is refused before any lookup, and an unknown id is a 404.
      offerId: 'no-such-offer',
      exceptionId: 'no-such-exception',
      mergeId: 'no-such-merge',
      date: today,
      from: today,
      to: DateTime.fromISO(today).plus({ days: 7 }).toISODate()!,
      start: appointment.body.start,
      email: 'cross-site-check@example.com',
      // Clinical entries and their FHIR resources: refused before any lookup, and an unknown id is a 404.
      allergyId: 'no-such-allergy',
      problemId: 'no-such-problem',
      medicationId: 'no-such-medication',
      vitalsId: 'no-such-vitals',
      AllergyIntolerance: 'no-such-allergy',
      Condition: 'no-such-condition',
      Observation: 'no-such-observation',
      // FHIR reads of site A's patient, document and appointment; the Patient search by its MRN.
      Patient: patient.id,
      DocumentReference: document.body.id,
      Appointment: appointment.body.id,
      identifier: patient.mrn,
      code: 'E11.9',
      documentId: document.body.id,
      consentId: consent.body.id,
      // A staff account that works at site A only.
      user: clients.get('receptionist')!.user.id,
      referral: referral.body.id,
      // Tasks and letters are not made here (a task needs a chase, a letter a rendering): refused before any lookup, or a 404.
      task: 'no-such-task',
      letter: 'no-such-letter',
      // Payers are network-wide; changes need billing or the office manager (and every site).
      payer: 'payer-acme',
      // A coverage of site A's patient (insurance): 404 to someone outside the care relationship.
      coverage: coverage.body.id,
      // Eligibility batches are not run here (a batch checks a whole site's day): refused before any lookup, or a 404.
      batchId: 'no-such-batch',
      coverageId: coverage.body.id,
      // A prior authorization of that patient (recorded by phone): 404 to someone outside the care relationship.
      authorization: authorization.body.id,
      // What the patient will owe: the visit's estimate (appointmentId above), a GFE; price lists are by site (siteId, appointmentTypeId above).
      'good-faith-estimate': gfe.id,
      account: account.body.id,
      statement: 'no-such-statement',
      // Encounters are drafted at checkout (not done here): refused before any lookup, or a 404.
      encounter: 'no-such-encounter',
      // Claims are made from ready encounters (not here), remittances from 835s: refused before any lookup, or a 404.
      claim: 'no-such-claim',
      claimId: 'no-such-claim',
      denialId: 'no-such-denial',
      remittance: 'no-such-remittance',
      // The operations console's dead letters (network-wide, the operations role only): refused before any lookup.
      topic: 'clinic.deadletter.scheduling.v1',
      partition: '0',
      offset: '0',
    });
  });

  afterAll(async () => {
    if (fixtures.waitlist) expect((await clients.get('receptionist')!.delete(`/waitlist/${fixtures.waitlist}`)).status).toBe(204);
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ key: `${m.toUpperCase()} ${path}`, method: m, path, op: item[m] })));

  /** `{id}` takes the fixture named by the segment before it (`/patients/{id}` is a patient). */
  const fill = (path: string) =>
    path.replace(/\{(\w+)\}/g, (_, name: string, offset: number) => {
      const owner = name === 'id' ? path.slice(0, offset).split('/').filter(Boolean).pop()!.replace(/s$/, '') : name;
      const value = fixtures[owner] ?? fixtures[name];
      if (!value) throw new Error(`no fixture for {${name}} in ${path}: add one to the fixture map`);
      return encodeURIComponent(value);
    });

  const resolve = (schema: Schema | undefined): Schema | undefined => (schema?.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema);

  /** A value the validation accepts: a fixture of that name, else the schema's example, default or first allowed value. */
  const valueFor = (name: string, raw: Schema | undefined): unknown => {
    const schema = resolve(raw);
    if (fixtures[name]) return fixtures[name];
    if (schema?.example !== undefined) return schema.example;
    if (schema?.default !== undefined) return schema.default;
    if (schema?.enum?.length) return schema.enum[0];
    switch (schema?.type) {
      case 'integer':
      case 'number':
        return schema.minimum ?? 1;
      case 'boolean':
        return false;
      case 'array':
        return [];
      case 'object':
        return bodyFor(schema);
      default:
        return schema?.format === 'date-time' ? fixtures.start : schema?.format === 'date' ? fixtures.date : 'x';
    }
  };
  const bodyFor = (raw: Schema | undefined): Record<string, unknown> => {
    const schema = resolve(raw);
    // Required fields, and optional ones naming a fixture (an optional siteId must point at site A).
    const names = Object.keys(schema?.properties ?? {}).filter((name) => schema?.required?.includes(name) || fixtures[name]);
    return Object.fromEntries(names.map((name) => [name, valueFor(name, schema?.properties?.[name])]));
  };

  const call = (client: ApiClient, method: (typeof METHODS)[number], path: string, op: Operation) => {
    const query = new URLSearchParams();
    for (const p of op.parameters ?? []) {
      if (p.in === 'query' && (p.required || fixtures[p.name])) query.set(p.name, String(valueFor(p.name, p.schema)));
    }
    const url = `${fill(path)}${query.size ? `?${query}` : ''}`;
    const req = request(gatewayUrl())[method](url).set('authorization', `Bearer ${client.token}`);
    const schema = op.requestBody?.content?.['application/json']?.schema;
    return schema ? req.send(bodyFor(schema)) : req.send();
  };

  it('is one document with the routes of every service, every $ref resolvable', () => {
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/login', '/api/v1/appointments/{id}/cancel', '/api/v1/patients/{id}/contact', '/api/v1/appointments/{id}/notifications', '/api/v1/r/{token}']),
    );
    expect(unresolvedRefs(doc)).toEqual([]);
  });

  it('declares roles on every operation except the public edge routes', () => {
    const undeclared = operations()
      .filter(({ op }) => !op['x-roles']?.length)
      .map(({ key }) => key);
    expect(undeclared.sort()).toEqual([...PUBLIC].filter((k) => operations().some((o) => o.key === k)).sort());
  });

  it('refuses a user of another site on every operation that reaches site data', async () => {
    const outsider = clients.get(OUTSIDER)!;
    const answers: string[] = [];
    for (const { key, method, path, op } of operations()) {
      if (PUBLIC.includes(key) || NOT_SITE_DATA.includes(key) || OPENS_ACROSS_SITES.includes(key)) continue;
      const res = await call(outsider, method, path, op);
      // A list of the caller's own sites shows nothing of site A: an empty list (or FHIR searchset) is no leak.
      const emptyList =
        res.status === 200 && ((Array.isArray(res.body?.items) && res.body.items.length === 0) || (res.body?.resourceType === 'Bundle' && res.body.total === 0 && !res.body.entry?.length));
      // Patient data: 404, or the role refusal that comes before any look-up and says nothing of the patient.
      const refused = PATIENT_DATA.test(path) ? res.status === 404 || (res.status === 403 && res.body?.code === 'AUTH.ROLE_FORBIDDEN') : [403, 404].includes(res.status);
      if (!refused && !emptyList) answers.push(`${key} → ${res.status} ${JSON.stringify(res.body).slice(0, 600)}`);
    }
    expect(answers).toEqual([]);
  });

  it('refuses every role an operation does not declare', async () => {
    const answers: string[] = [];
    let calls = 0;
    for (const { key, method, path, op } of operations()) {
      if (PUBLIC.includes(key)) continue;
      for (const role of ROLES.filter((r) => !op['x-roles']!.includes(r))) {
        const res = await call(clients.get(role)!, method, path, op);
        calls += 1;
        // FHIR routes answer with an OperationOutcome that carries the same problem code.
        const code = res.body.code ?? problemCodeOf(res.body);
        if (res.status !== 403 || code !== 'AUTH.ROLE_FORBIDDEN') answers.push(`${key} as ${role} → ${res.status} ${code}`);
      }
    }
    expect(calls).toBeGreaterThan(0);
    expect(answers).toEqual([]);
  });
});
