import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import request from 'supertest';
import { DateTime } from 'luxon';
import { analyticsTopic, deadLetterTopic, Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, gatewayUrl, KafkaProbe, linkIn, mailsTo, smsTo, testInfraEnv, waitFor } from '@clinic-flow/testing';
import { notificationsOf } from './notification-support';
import { registerPatient, startAtLeast } from './support';

type Rec = Record<string, unknown> & { id: string; type: string };

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DAY_MS = 24 * 3600 * 1000;
const PSEUDONYM_FIELDS = ['patient', 'appointment', 'message'];
const REFERENCE_FIELDS = ['siteId', 'appointmentTypeId', 'appointmentTypeName'];
/** Every field the record contracts allow (libs/contracts/src/analytics.ts), checked here independently of the producer's own check. */
const ALLOWED = {
  appointment: ['id', 'type', 'version', 'year', 'week', 'month', 'siteId', 'patient', 'appointment', 'appointmentTypeId', 'appointmentTypeName', 'leadTimeDays', 'hourOfDay', 'durationMinutes', 'telehealth', 'fromWaitlist', 'age', 'zip3', 'party', 'noticeDays', 'via', 'automatic'],
  message: ['id', 'type', 'version', 'year', 'week', 'month', 'siteId', 'patient', 'message', 'appointment', 'kind', 'channel', 'attempts', 'action', 'via'],
  eligibility: ['id', 'type', 'version', 'year', 'week', 'month', 'siteId', 'patient', 'appointment', 'payerId', 'status', 'reason', 'trigger', 'order'],
};
/** The pseudonym each stream is keyed by. */
const KEY_FIELD = { appointment: 'appointment', message: 'message', eligibility: 'patient' };

/**
 * The analytics streams over real activity: appointments booked, confirmed from a reminder's link,
 * checked in and out, cancelled, missed (the automatic no-show), reminders by email and SMS. Both
 * registered consumers' topics (research: weeks; quality: months) are read from the beginning and
 * hold no identifier from the Safe Harbor list, neither the values this test used nor anything
 * shaped like one; the pseudonyms of the two consumers do not match; `npm run analytics:duckdb`
 * reports this activity's numbers. Everything of this file is told apart by its own appointment type.
 */
describe('analytics streams (de-identified, per consumer)', () => {
  const probe = new KafkaProbe();
  const topics = {
    research: { appointment: analyticsTopic('research', 'appointment'), message: analyticsTopic('research', 'message'), eligibility: analyticsTopic('research', 'eligibility') },
    quality: { appointment: analyticsTopic('quality', 'appointment'), message: analyticsTopic('quality', 'message'), eligibility: analyticsTopic('quality', 'eligibility') },
  };
  const typeId = `e2e-analytics-${Date.now().toString(36)}`;
  let api: ApiClient;
  let manager: ApiClient;
  let patients: Array<Awaited<ReturnType<typeof registerPatient>> & { address: { line1: string; postalCode: string } }>;
  const appointments: Record<'attended' | 'missed' | 'cancelled' | 'pending', { id: string; start: string }> = {} as never;
  const providerIds: string[] = [];

  beforeAll(async () => {
    api = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    await probe.record([...Object.values(topics.research), ...Object.values(topics.quality), Topics.appointments, Topics.notifications, Topics.coverages]);
    const type = await manager.post('/appointment-types', { id: typeId, name: 'Analytics check visit', durationMinutes: 15, providerRoles: ['physician'], telehealth: true, maxHorizonDays: 30 });
    expect(type.status).toBe(201);
    // One reminder 50 s before the visit, so the two soon visits get theirs within the test.
    expect((await manager.put(`/reminder-policies/appointment-types/${typeId}`, { steps: [{ offset: 'PT50S' }] })).status).toBe(200);
    for (let i = 0; i < 2; i++) providerIds.push((await createTestProvider(manager)).id);
  });
  afterAll(() => probe.close());

  const book = async (patientId: string, providerId: string, start: string) => {
    const res = await api.post('/appointments', { patientId, providerId, siteId: 'site-downtown', appointmentTypeId: typeId, start, reason: 'Analytics sore throat' });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, start: res.body.start as string };
  };
  /** A topic's records, each once (a replay publishes a record again with the same id). */
  const records = (topic: string): Rec[] => {
    const all = probe.seen.filter((m) => m.topic === topic).map((m) => JSON.parse(m.value!) as Rec);
    return all.filter((r, i) => all.findIndex((o) => o.id === r.id) === i);
  };
  const reminders = (msgs: Rec[]) => msgs.filter((r) => r.type === 'message.sent' && r.kind === 'appointment-reminder');
  /** This file's appointments as a consumer sees them: the pseudonyms of the bookings of its own type. */
  const ownAppointments = (consumer: 'research' | 'quality') =>
    new Set(records(topics[consumer].appointment).filter((r) => r.type === 'appointment.booked' && r.appointmentTypeId === typeId).map((r) => r.appointment as string));

  it('publishes the activity de-identified: Safe Harbor identifiers absent, ages over 89 and restricted ZIP3s generalised', async () => {
    const withAddress = async (dateOfBirth: string, preferredChannel: string, address: { line1: string; postalCode: string }) => {
      const overrides = { dateOfBirth, preferredChannel, address: { ...address, city: 'Somewhere', state: 'NY', country: 'US' } };
      return { ...(await registerPatient(api, overrides as unknown as Record<string, string>)), address };
    };
    patients = [
      // 95 years old, ZIP3 036 (one of the restricted ones): "90+" and "000".
      await withAddress('1931-02-03', 'email', { line1: '41 Quillfeather Orchard Rd', postalCode: '03601' }),
      await withAddress('1980-05-17', 'sms', { line1: '7 Zephyrine Terrace', postalCode: '10027' }),
      await withAddress('1999-09-09', 'email', { line1: '300 Marlowe Vale', postalCode: '94103' }),
    ];
    // The third patient is insured: each booking of theirs is checked with the payer (eligibility.checked).
    const memberId = `PPO${String(Date.now() % 1e9).padStart(9, '0')}`;
    const coverage = await api.post(`/patients/${patients[2].id}/coverages`, { payerId: 'payer-acme', planId: 'acme-gold-ppo', order: 'primary', relationship: 'self', memberId, groupNumber: 'GRP-100', effectiveDate: '2026-01-01' });
    expect(coverage.status).toBe(201);
    const soon = startAtLeast(60);
    appointments.attended = await book(patients[0].id, providerIds[0], soon);
    appointments.missed = await book(patients[1].id, providerIds[1], soon);
    appointments.cancelled = await book(patients[2].id, providerIds[0], startAtLeast(3 * 3600));
    appointments.pending = await book(patients[2].id, providerIds[0], startAtLeast(5 * 3600));
    const cancelled = await api.post(`/appointments/${appointments.cancelled.id}/cancel`, { reason: 'Patient is travelling', party: 'patient' });
    // On a loaded machine the gateway may give up waiting (503) while scheduling still applies it.
    if (cancelled.status !== 200) expect(cancelled.body.code).toBe('UPSTREAM.UNAVAILABLE');
    await waitFor(async () => (await api.get(`/appointments/${appointments.cancelled.id}`)).body.status === 'cancelled', { what: 'the cancellation' });

    // The email reminder's confirm link, then check-in and check-out.
    const mail = await waitFor(async () => (await mailsTo(patients[0].email))[0], { what: 'the email reminder', timeoutMs: 90_000 });
    const confirmUrl = linkIn(mail.text.split('cancel it here')[0])!;
    expect((await request(gatewayUrl()).post(new URL(confirmUrl).pathname).set('accept', 'application/json')).status).toBe(200);
    await waitFor(async () => (await api.get(`/appointments/${appointments.attended.id}`)).body.status === 'confirmed', { what: 'the confirmation applied' });
    expect((await api.post(`/appointments/${appointments.attended.id}/check-in`)).status).toBe(200);
    expect((await api.post(`/appointments/${appointments.attended.id}/check-out`)).status).toBe(200);
    // The SMS reminder, then nobody comes: the automatic no-show.
    await waitFor(async () => (await smsTo(patients[1].phone)).length > 0, { what: 'the SMS reminder', timeoutMs: 90_000 });
    await waitFor(async () => (await api.get(`/appointments/${appointments.missed.id}`)).body.status === 'no-show', { what: 'the automatic no-show', timeoutMs: 120_000, intervalMs: 1000 });

    // Everything reached the research stream: four bookings and each outcome, two reminders sent, one answered.
    const research = await waitFor(async () => {
      const own = ownAppointments('research');
      const appts = records(topics.research.appointment).filter((r) => own.has(r.appointment as string));
      const msgs = records(topics.research.message).filter((r) => own.has(r.appointment as string));
      const checks = records(topics.research.eligibility).filter((r) => own.has(r.appointment as string));
      const types = appts.map((r) => r.type);
      const done = own.size === 4 && ['appointment.confirmed', 'appointment.checked-in', 'appointment.completed', 'appointment.cancelled', 'appointment.no-show'].every((t) => types.includes(t))
        && reminders(msgs).length === 2 && msgs.some((r) => r.type === 'message.answered') && checks.length >= 2;
      return done && { appts, msgs, checks };
    }, { what: "this file's records on the research topics", timeoutMs: 60_000 });

    // What each record says of this activity.
    const bookedOf = (patient: string) => research.appts.find((r) => r.type === 'appointment.booked' && r.patient === patient);
    const patientPseudonyms = [...new Set(research.appts.filter((r) => r.type === 'appointment.booked').map((r) => r.patient as string))];
    expect(patientPseudonyms).toHaveLength(3);
    const booked = research.appts.filter((r) => r.type === 'appointment.booked');
    const oldest = booked.find((r) => r.age === '90+');
    expect(oldest).toMatchObject({ zip3: '000', siteId: 'site-downtown', appointmentTypeId: typeId, appointmentTypeName: 'Analytics check visit', telehealth: true });
    const visitDay = DateTime.fromISO(appointments.missed.start);
    expect(booked.find((r) => r.zip3 === '100')).toMatchObject({ age: String(Math.floor(visitDay.diff(DateTime.fromISO('1980-05-17'), 'years').years)) });
    expect(booked.filter((r) => r.zip3 === '941')).toHaveLength(2);
    expect(bookedOf(oldest!.patient as string)).toBeDefined();
    const week = `${visitDay.toUTC().weekYear}-W${String(visitDay.toUTC().weekNumber).padStart(2, '0')}`;
    expect(research.appts.find((r) => r.type === 'appointment.no-show')).toMatchObject({ automatic: true, week, year: visitDay.toUTC().weekYear });
    expect(research.appts.find((r) => r.type === 'appointment.confirmed')).toMatchObject({ via: 'link' });
    expect(research.appts.find((r) => r.type === 'appointment.cancelled')).toMatchObject({ party: 'patient' });
    expect(reminders(research.msgs).map((r) => r.channel).sort()).toEqual(['email', 'sms']);
    expect(research.msgs.find((r) => r.type === 'message.answered')).toMatchObject({ action: 'confirm', via: 'link' });
    expect(research.checks[0]).toMatchObject({ type: 'eligibility.checked', payerId: 'payer-acme', status: 'active', trigger: 'booking', siteId: 'site-downtown' });

    // The Safe Harbor check: every record of both consumers' topics, all of this run and before.
    const messageIds = (await Promise.all(Object.values(appointments).map((a) => notificationsOf(api, a.id)))).flat().map((n) => n.id);
    expect(messageIds.length).toBeGreaterThanOrEqual(2);
    const sourceEvents = probe.envelopes((m) => m.topic === Topics.appointments || m.topic === Topics.notifications || m.topic === Topics.coverages).filter((e) => Object.values(appointments).some((a) => e.data.appointmentId === a.id));
    const checkIds = sourceEvents.filter((e) => e.type === 'eligibility.checked').flatMap((e) => [e.data.checkId, e.data.coverageId]);
    expect(checkIds.length).toBeGreaterThanOrEqual(4);
    expect(sourceEvents.length).toBeGreaterThanOrEqual(9);
    const identifiers: Array<[string, string]> = [
      ...patients.flatMap((p): Array<[string, string]> => [
        ['first name', p.firstName], ['last name', p.lastName], ['email', p.email], ['email user', p.email.split('@')[0]], ['phone', p.phone], ['phone digits', p.phone.replace(/\D/g, '').slice(-10)],
        ['MRN', p.mrn], ['patient id', p.id], ['date of birth', p.dateOfBirth], ['street', p.address.line1], ['ZIP', p.address.postalCode],
      ]),
      ...Object.values(appointments).flatMap((a): Array<[string, string]> => [['appointment id', a.id], ['visit date', a.start.slice(0, 10)], ['visit time', a.start.slice(0, 16)]]),
      ...messageIds.map((id): [string, string] => ['message id', id]),
      ...providerIds.map((id): [string, string] => ['provider id', id]),
      ['user id', api.user.id], ['visit reason', 'sore throat'], ['cancellation reason', 'travelling'], ['member id', memberId], ['member digits', memberId.slice(3)], ['group number', 'GRP-100'],
      ...checkIds.map((id): [string, string] => ['eligibility check or coverage id', id]),
      ...sourceEvents.flatMap((e): Array<[string, string]> => [['source event id', e.id], ['correlation id', e.correlationId]]),
    ];
    const problems: string[] = [];
    for (const [consumer, streams] of Object.entries(topics)) {
      for (const [stream, topic] of Object.entries(streams)) {
        const messages = probe.seen.filter((m) => m.topic === topic);
        expect([topic, messages.length > 0]).toEqual([topic, true]);
        for (const m of messages) {
          const record = JSON.parse(m.value!) as Rec;
          const where = `${topic} ${record.type}`;
          for (const field of Object.keys(record)) if (!ALLOWED[stream as keyof typeof ALLOWED].includes(field)) problems.push(`${where}: field ${field}`);
          if (Object.keys(m.headers).length) problems.push(`${where}: headers ${Object.keys(m.headers).join(',')}`);
          if (!/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(record.id)) problems.push(`${where}: id ${record.id}`);
          for (const field of PSEUDONYM_FIELDS) if (field in record && !/^[pam]_[0-9a-f]{24}$/.test(String(record[field]))) problems.push(`${where}: ${field} is not a pseudonym`);
          const keyField = KEY_FIELD[stream as keyof typeof KEY_FIELD];
          if (m.key !== record[keyField]) problems.push(`${where}: key is not the ${keyField} pseudonym`);
          // Kafka's own timestamp says no more than the record: the start of a week (research) or a month (quality).
          const stamp = DateTime.fromMillis(Number(m.timestamp), { zone: 'utc' });
          if (!stamp.equals(stamp.startOf(consumer === 'research' ? 'week' : 'month'))) problems.push(`${where}: timestamp ${stamp.toISO()}`);
          // Pseudonyms and the id are checked above; what is left is searched for this test's identifiers,
          // and, but for the clinic's reference data (sites and types other files name freely), for their shapes.
          const rest = JSON.stringify(Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'id' && !PSEUDONYM_FIELDS.includes(k)))).toLowerCase();
          for (const [kind, value] of identifiers) if (value && rest.includes(value.toLowerCase())) problems.push(`${where}: ${kind}`);
          const shapes = JSON.stringify(Object.fromEntries(Object.entries(record).filter(([k]) => k !== 'id' && !PSEUDONYM_FIELDS.includes(k) && !REFERENCE_FIELDS.includes(k))));
          if (/@/.test(shapes)) problems.push(`${where}: something like an email address`);
          if (/\d{5,}/.test(shapes)) problems.push(`${where}: a run of 5+ digits (phone, ZIP, MRN)`);
          if (/\d{4}-\d{2}-\d{2}/.test(shapes) || /\d{1,2}\/\d{1,2}\/\d{2,4}/.test(shapes)) problems.push(`${where}: a full date`);
          if (/\d{2}:\d{2}/.test(shapes)) problems.push(`${where}: a time of a day`);
          if (/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.test(shapes)) problems.push(`${where}: a UUID`);
          if (typeof record.age === 'string' && record.age !== '90+' && Number(record.age) > 89) problems.push(`${where}: age ${record.age}`);
          if (consumer === 'research' && ('month' in record || !('week' in record))) problems.push(`${where}: research sees weeks only`);
          if (consumer === 'quality' && ('week' in record || !('month' in record))) problems.push(`${where}: quality sees months only`);
        }
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it("keys each consumer's pseudonyms apart: the two datasets cannot be joined", async () => {
    const quality = await waitFor(async () => {
      const own = ownAppointments('quality');
      return own.size === 4 && own;
    }, { what: "this file's bookings on the quality topic" });
    const research = ownAppointments('research');
    expect([...quality].filter((a) => research.has(a))).toEqual([]);
    const patientsOf = (consumer: 'research' | 'quality') => new Set(records(topics[consumer].appointment).map((r) => r.patient as string));
    const researchPatients = patientsOf('research');
    expect([...patientsOf('quality')].filter((p) => researchPatients.has(p))).toEqual([]);
    const idsOf = (consumer: 'research' | 'quality') => new Set([...records(topics[consumer].appointment), ...records(topics[consumer].message)].map((r) => r.id));
    const researchIds = idsOf('research');
    expect([...idsOf('quality')].filter((id) => researchIds.has(id))).toEqual([]);
  });

  it('npm run analytics:duckdb reports the no-show rate and reminder rates of this activity', async () => {
    const { stdout } = await promisify(execFile)('node', [path.join(ROOT, 'tools/analytics/duckdb.js'), '--consumer', 'research', '--type', typeId], {
      env: { ...process.env, KAFKA_BROKERS: testInfraEnv().KAFKA_BROKERS },
      timeout: 120_000,
    });
    const report = JSON.parse(stdout) as { loaded: Record<string, number>; noShowRate: Array<Record<string, unknown>>; reminderRates: Array<Record<string, unknown>> };
    expect(report.loaded.appointment).toBeGreaterThanOrEqual(9);
    // The two visits due now share a week; the cancelled and the pending one may fall in the next.
    const sum = (field: string) => report.noShowRate.reduce((n, row) => n + Number(row[field]), 0);
    expect(report.noShowRate.every((row) => row.site_id === 'site-downtown' && row.appointment_type_id === typeId && row.appointment_type === 'Analytics check visit')).toBe(true);
    expect([sum('appointments'), sum('cancelled'), sum('no_shows'), sum('attended')]).toEqual([4, 1, 1, 1]);
    const visitDay = DateTime.fromISO(appointments.missed.start).toUTC();
    expect(report.noShowRate.find((row) => row.period === `${visitDay.weekYear}-W${String(visitDay.weekNumber).padStart(2, '0')}`)).toMatchObject({ no_shows: 1, attended: 1, no_show_rate: 0.5 });
    const byChannel = Object.fromEntries(report.reminderRates.map((row) => [row.channel, row]));
    expect(byChannel.email).toMatchObject({ sent: 1, failed: 0, confirmed: 1, delivery_rate: 1, confirmation_rate: 1 });
    expect(byChannel.sms).toMatchObject({ sent: 1, failed: 0, confirmed: 0, delivery_rate: 1, confirmation_rate: 0 });
  }, 150_000);

  it('runs with the topic settings of each kind: domain 30 days, reference compacted, dead letters 90 days, analytics kept', async () => {
    const names = ['cleanup.policy', 'retention.ms'];
    expect(await probe.topicConfig(Topics.appointments, names)).toEqual({ configs: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) }, partitions: 6 });
    expect((await probe.topicConfig(Topics.sites, names)).configs['cleanup.policy']).toBe('compact');
    expect((await probe.topicConfig(deadLetterTopic('patient-records'), names)).configs).toEqual({ 'cleanup.policy': 'delete', 'retention.ms': String(90 * DAY_MS) });
    expect(await probe.topicConfig(topics.research.appointment, names)).toEqual({ configs: { 'cleanup.policy': 'delete', 'retention.ms': '-1' }, partitions: 6 });
  });
});
