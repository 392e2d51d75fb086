import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import request from 'supertest';
import { DateTime } from 'luxon';
import { Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, gatewayUrl, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { registerPatient } from './support';

const CATALOGUE = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../docs/asyncapi.json'), 'utf8'));

/** The catalogue's schemas as an outside consumer would use them (tools/docs/event-catalogue/validate.ts does the same for the unit tests). */
function catalogueValidator(document: typeof CATALOGUE) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat('date-time', (v: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v));
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  ajv.addFormat('email', /^[^@\s]+@[^@\s]+$/);
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S+$/i);
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addSchema(document, 'catalogue');
  return (message: string, part: 'payload' | 'headers', value: unknown): string[] => {
    const validate = document.components.messages[message] && ajv.getSchema(`catalogue#/components/messages/${message}/${part}`);
    if (!validate) return [`${message} is not in the catalogue`];
    return validate(value) ? [] : (validate.errors ?? []).map((e: { instancePath: string; message?: string }) => `${e.instancePath || '/'} ${e.message}`);
  };
}

describe('the event catalogue, served and true to the running system', () => {
  const probe = new KafkaProbe();

  beforeAll(() => probe.record([Topics.appointments, Topics.patients]));
  afterAll(() => probe.close());

  it('is served by the gateway to anyone, like the OpenAPI document, and listed in it as public', async () => {
    const res = await request(gatewayUrl()).get('/api/v1/docs/events');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(CATALOGUE);
    const openApi = (await request(gatewayUrl()).get('/api/docs-json')).body;
    expect(openApi.paths['/api/v1/docs/events'].get).toBeDefined();
    expect(openApi.paths['/api/v1/docs/events'].get['x-roles']).toBeUndefined();
  });

  it("describes the events a booking and its cancellation really publish: each one's payload and headers fit its message's schema", async () => {
    const api = await ApiClient.loginAs('office-manager');
    const provider = (await createTestProvider(api)).id;
    const patient = await registerPatient(api);
    const start = DateTime.now().setZone('America/New_York').startOf('day').plus({ days: 4, hours: 10 }).toUTC().toISO();
    const booked = await api.post('/appointments', { patientId: patient.id, providerId: provider, siteId: 'site-downtown', appointmentTypeId: 'urgent-care', start, reason: 'Catalogue' });
    expect(booked.status).toBe(201);
    expect((await api.post(`/appointments/${booked.body.id}/cancel`, { reason: 'Catalogue', party: 'patient' })).status).toBe(200);

    const ours = (key: string | null) => key === booked.body.id || key === patient.id;
    const messages = await waitFor(
      async () => {
        const found = probe.seen.filter((m) => ours(m.key));
        const types = found.map((m) => m.headers['event-type']);
        return ['patient.registered', 'appointment.booked', 'appointment.cancelled'].every((t) => types.includes(t)) && found;
      },
      { what: 'the patient, booking and cancellation events' },
    );
    const validate = catalogueValidator(CATALOGUE);
    const misfits = messages.flatMap((m) => {
      const envelope = JSON.parse(m.value!);
      const name = `${envelope.type}.v${envelope.version}`;
      return [...validate(name, 'payload', envelope), ...validate(name, 'headers', m.headers)].map((problem) => `${name}: ${problem}`);
    });
    expect(misfits).toEqual([]);
    expect(messages.map((m) => `${m.headers['event-type']}.v${m.headers['event-version']}`)).toEqual(expect.arrayContaining(['patient.registered.v1', 'appointment.booked.v2', 'appointment.cancelled.v2']));
  });
});
