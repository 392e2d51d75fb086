import request from 'supertest';
import { ApiClient, gatewayUrl, registeredServices } from '@clinic-flow/testing';
import { bookingRequest, registerPatient } from './support';

const expectProblem = (body: Record<string, unknown>, status: number, code: string) => {
  expect(body).toMatchObject({ status, code, type: expect.stringContaining('urn:clinic-flow:problem:'), title: expect.any(String), detail: expect.any(String) });
};

describe('gateway access, validation and discovery', () => {
  let receptionist: ApiClient;

  beforeAll(async () => {
    receptionist = await ApiClient.loginAs('receptionist');
  });

  it('logs a demo user in and returns a bearer token with roles and sites', async () => {
    expect(receptionist.token.split('.')).toHaveLength(3);
    expect(receptionist.user.roles).toEqual(['receptionist']);
    expect(receptionist.user.siteIds).toEqual(['site-downtown']);
  });

  it('refuses a wrong password with 401 and the problem shape', async () => {
    const res = await request(gatewayUrl()).post('/api/v1/auth/login').send({ email: 'receptionist@demo.clinic', password: 'wrong-password' });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expectProblem(res.body, 401, 'AUTH.INVALID_CREDENTIALS');
  });

  it('refuses a call without a token', async () => {
    const res = await request(gatewayUrl()).get('/api/v1/sites');
    expectProblem(res.body, 401, 'AUTH.UNAUTHENTICATED');
  });

  it('refuses a role that may not book (billing-coder) with 403', async () => {
    const biller = await ApiClient.loginAs('billing-coder');
    const patient = await registerPatient(receptionist);
    const res = await biller.post('/appointments', bookingRequest(patient.id));
    expect(res.status).toBe(403);
    expectProblem(res.body, 403, 'AUTH.ROLE_FORBIDDEN');
  });

  it("refuses booking at a site the user does not work at", async () => {
    const patient = await registerPatient(receptionist);
    const res = await receptionist.post('/appointments', bookingRequest(patient.id, { providerId: 'prov-david-kim', siteId: 'site-riverside' }));
    expect(res.status).toBe(403);
    expectProblem(res.body, 403, 'AUTH.SITE_FORBIDDEN');
  });

  it('refuses an invalid body with 400, field errors and nothing written', async () => {
    const res = await receptionist.post('/patients', { firstName: '', lastName: 'X', dateOfBirth: '12/03/1984', preferredChannel: 'fax', extra: 1 });
    expect(res.status).toBe(400);
    expectProblem(res.body, 400, 'REQUEST.VALIDATION_FAILED');
    const fields = (res.body.errors as Array<{ field: string }>).map((e) => e.field).sort();
    expect(fields).toEqual(expect.arrayContaining(['dateOfBirth', 'extra', 'firstName', 'preferredChannel']));
  });

  it('refuses malformed JSON with a problem, not a stack trace', async () => {
    const res = await request(gatewayUrl())
      .post('/api/v1/patients')
      .set('authorization', `Bearer ${receptionist.token}`)
      .set('content-type', 'application/json')
      .send('{"firstName": ');
    expect(res.status).toBe(400);
    expectProblem(res.body, 400, 'REQUEST.MALFORMED_JSON');
  });

  it('refuses a booking for an unknown patient with 422', async () => {
    const res = await receptionist.post('/appointments', bookingRequest('no-such-patient'));
    expectProblem(res.body, 422, 'APPOINTMENT.UNKNOWN_PATIENT');
  });

  it("lists only the caller's sites and the providers there", async () => {
    const sites = await receptionist.get('/sites');
    expect(sites.status).toBe(200);
    expect(sites.body.items.map((s: { id: string }) => s.id)).toEqual(['site-downtown']);
    const providers = await receptionist.get('/providers?siteId=site-downtown');
    expect(providers.status).toBe(200);
    for (const p of providers.body.items) expect(p.siteIds).toContain('site-downtown');
    expect(providers.body.items.map((p: { id: string }) => p.id)).toContain('prov-ana-ruiz');
    const elsewhere = await receptionist.get('/providers?siteId=site-riverside');
    expectProblem(elsewhere.body, 403, 'AUTH.SITE_FORBIDDEN');
  });

  it('serves the OpenAPI document and reports every service healthy', async () => {
    const doc = await request(gatewayUrl()).get('/api/docs-json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/appointments', '/api/v1/patients', '/api/v1/appointments/{id}/cancel']));
    const health = await request(gatewayUrl()).get('/health');
    expect(health.status).toBe(200);
    const gateway = registeredServices().find((s) => s.name === 'api-gateway')!;
    expect(Object.keys(health.body.services).sort()).toEqual([...gateway.calls].sort());
  });
});
