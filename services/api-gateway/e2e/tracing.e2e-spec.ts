import { randomBytes, randomUUID } from 'node:crypto';
import { ApiClient, createTestProvider, smsTo, traceSpans, waitFor } from '@clinic-flow/testing';
import { registerPatient, startAtLeast } from './support';

const KIND = { server: 2, client: 3, producer: 4, consumer: 5 };

/**
 * One booking, one trace: the gateway's request, its call to scheduling, the outbox's publish,
 * notification's handling of appointment.booked, the reminder job and its SMS send, all under the
 * trace id the client sent (W3C traceparent), as the services export them to the e2e run's OTLP
 * receiver (libs/testing traces.ts).
 */
describe('tracing: one booking is one trace from the gateway to the send', () => {
  it('links the gateway, scheduling, notification and the SMS send in the trace the client started', async () => {
    const desk = await ApiClient.loginAs('receptionist');
    const manager = await ApiClient.loginAs('office-manager');
    const provider = await createTestProvider(manager);
    const typeId = `e2e-trace-${randomUUID().slice(0, 8)}`;
    const type = await manager.post('/appointment-types', { id: typeId, name: 'Tracing visit', durationMinutes: 15, providerRoles: ['physician'], telehealth: true, minLeadMinutes: 0, maxHorizonDays: 30 });
    expect(type.status).toBe(201);
    const patient = await registerPatient(desk, { preferredChannel: 'sms' });

    // The type's one reminder step falls a few seconds after the booking, so the send is soon.
    const start = startAtLeast(20);
    const offsetSeconds = Math.floor((new Date(start).getTime() - Date.now()) / 1000) - 6;
    const policy = await manager.put(`/reminder-policies/appointment-types/${typeId}`, { steps: [{ offset: `PT${offsetSeconds}S`, channel: 'sms' }] });
    expect(policy.status).toBe(200);

    const traceId = randomBytes(16).toString('hex');
    const booked = await desk
      .post('/appointments', { patientId: patient.id, providerId: provider.id, siteId: 'site-downtown', appointmentTypeId: typeId, start, reason: 'Trace me' })
      .set('traceparent', `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
    expect(booked.status).toBe(201);

    await waitFor(async () => (await smsTo(patient.phone))[0], { timeoutMs: 60_000, what: 'the reminder SMS' });

    // Each service exports its spans as they end (every 200 ms here): wait until the trace is whole.
    const expected: Array<[string, number, RegExp]> = [
      ['api-gateway', KIND.server, /^POST \/api\/v1\/appointments$/],
      ['api-gateway', KIND.client, /^POST scheduling$/],
      ['scheduling', KIND.server, /^POST \S*appointments$/],
      ['scheduling', KIND.producer, /^clinic\.scheduling\.appointment\.v1 publish$/],
      ['notification', KIND.consumer, /^clinic\.scheduling\.appointment\.v1 process$/],
      ['notification', KIND.consumer, /^reminders process$/],
      ['notification', KIND.client, /^sms send$/],
    ];
    const spans = await waitFor(
      async () => {
        const spans = await traceSpans(traceId);
        const missing = expected.filter(([service, kind, name]) => !spans.some((s) => s.service === service && s.kind === kind && name.test(s.name)));
        // One tree: every span's parent is in the trace, but the gateway's (the client's span).
        const ids = new Set(spans.map((s) => s.spanId));
        const orphans = spans.filter((s) => s.parentSpanId && !ids.has(s.parentSpanId) && !(s.service === 'api-gateway' && s.kind === KIND.server));
        if (missing.length || orphans.length) {
          throw new Error(`missing ${missing.map(([service, kind, name]) => `${service} kind ${kind} ${name}`).join(', ') || 'nothing'}; without parent ${orphans.map((s) => `${s.service} ${s.name}`).join(', ') || 'none'}`);
        }
        return spans;
      },
      { timeoutMs: 20_000, what: `trace ${traceId} to link the gateway, scheduling, notification and the send` },
    );
    const send = spans.find((s) => s.name === 'sms send')!;
    expect(send.attributes['clinic_flow.channel']).toBe('sms');

    // Nothing about the patient in any span: no name, phone or reason.
    const text = JSON.stringify(spans);
    for (const value of [patient.firstName, patient.lastName, patient.phone, 'Trace me', patient.id]) expect(text).not.toContain(value);
  });
});
