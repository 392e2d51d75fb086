import { ApiClient, mailsTo, smsTo, waitFor } from '@clinic-flow/testing';
import { PDF, upload } from './document-support';
import { patientNotifications } from './notification-support';
import { registerPatient } from './support';

/*
 * Referrals tracked to their end and chased: the e2e system chases a referral 20 s after a step
 * without the next one (REFERRAL_CHASE_AFTER=PT20S). A chase opens a task on the site's desk queue
 * and, when the patient can act, reminds them through notification (no clinical detail).
 */
type Task = { id: string; kind: string; patientId: string; siteId: string; status: string; title: string; reference: { type: string; id: string }; completedBy?: string };
type Referral = { id: string; status: string; awaiting?: string; taskIds: string[]; chaseDueAt?: string; steps: Array<{ status: string }>; appointment?: { at: string; with: string } };

const SITE = 'site-downtown';
const CHASE_WAIT_MS = 60_000;

describe('referrals, chased when a step does not come', () => {
  let desk: ApiClient;

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
  });

  const tasksOf = async (referralId: string, status = 'open'): Promise<Task[]> => {
    const res = await desk.get(`/tasks?siteId=${SITE}&status=${status}`);
    expect(res.status).toBe(200);
    return (res.body.items as Task[]).filter((t) => t.reference.type === 'referral' && t.reference.id === referralId);
  };

  async function referral(patientId: string): Promise<Referral> {
    const res = await desk.post(`/patients/${patientId}/referrals`, { specialty: 'Cardiology', specialistName: 'Dr. Helen Park', practice: 'Riverside Heart Associates', reasonCode: 'R00.2', reason: 'Palpitations on exertion' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'created', awaiting: 'letter', specialty: 'Cardiology', reasonCode: 'R00.2', taskIds: [] });
    return res.body as Referral;
  }

  const step = (id: string, body: object) => desk.post(`/referrals/${id}/steps`, body);

  it('gives the desk a task and reminds the patient when no specialist appointment is known in time; the task closes when it is', async () => {
    const patient = await registerPatient(desk, { preferredChannel: 'sms' });
    const created = await referral(patient.id);
    const sent = await step(created.id, { status: 'sent' });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status: 'sent', awaiting: 'appointment', steps: [{ status: 'created' }, { status: 'sent' }] });
    expect(sent.body.chaseDueAt).toBeDefined();

    const [task] = await waitFor(async () => {
      const open = await tasksOf(created.id);
      return open.length > 0 && open;
    }, { what: 'the chase task on the desk queue', timeoutMs: CHASE_WAIT_MS });
    expect(task).toMatchObject({ kind: 'referral-follow-up', patientId: patient.id, siteId: SITE, status: 'open', title: expect.stringContaining('specialist appointment') });
    expect(task.title).not.toContain('Cardiology');

    // The patient is reminded by their preferred channel, without what the referral is for.
    const [sms] = await waitFor(async () => {
      const received = await smsTo(patient.phone);
      return received.length > 0 && received;
    }, { what: 'the referral reminder SMS', timeoutMs: 30_000 });
    expect(sms.body).toContain('have you booked your specialist appointment?');
    expect(sms.body).not.toMatch(/Cardiology|Palpitations|R00|Park/);
    const messages = await waitFor(async () => {
      const items = await patientNotifications(desk, patient.id);
      return items.some((n) => n.kind === 'referral-reminder' && n.status === 'sent') && items;
    }, { what: 'the reminder recorded as sent' });
    expect(messages.filter((n) => n.kind === 'referral-reminder')).toEqual([expect.objectContaining({ status: 'sent', channel: 'sms' })]);

    const chased = (await desk.get(`/referrals/${created.id}`)).body as Referral;
    expect(chased.taskIds).toEqual([task.id]);
    expect(chased.chaseDueAt).toBeUndefined();

    // The appointment becomes known: the chase task closes by itself.
    const known = await step(created.id, { status: 'appointment-known', appointmentAt: '2027-01-15', appointmentWith: 'Dr. Helen Park' });
    expect(known.status).toBe(200);
    expect(known.body).toMatchObject({ status: 'appointment-known', awaiting: 'report', appointment: { at: '2027-01-15', with: 'Dr. Helen Park' } });
    const [done] = await waitFor(async () => {
      const closed = await tasksOf(created.id, 'done');
      return closed.length > 0 && closed;
    }, { what: 'the chase task done by itself' });
    expect(done).toMatchObject({ id: task.id, status: 'done', completedBy: 'system' });
    expect(await tasksOf(created.id)).toEqual([]);
  });

  it('chases nothing when the next step comes in time (marker: the later chase of the same referral)', async () => {
    const patient = await registerPatient(desk);
    const created = await referral(patient.id);
    expect((await step(created.id, { status: 'sent' })).status).toBe(200);
    // In time: the specialist appointment is known seconds after the letter went. Its report is
    // awaited from the appointment (now + 5 s), so that chase comes after the one `sent` would have made.
    const appointmentAt = new Date(Date.now() + 5_000).toISOString();
    const known = await step(created.id, { status: 'appointment-known', appointmentAt });
    expect(known.status).toBe(200);

    const [task] = await waitFor(async () => {
      const open = await tasksOf(created.id);
      return open.length > 0 && open;
    }, { what: "the report's chase task", timeoutMs: CHASE_WAIT_MS });
    expect(task.title).toContain('report');
    const mail = await waitFor(async () => (await mailsTo(patient.email))[0], { what: 'the report reminder', timeoutMs: 30_000 });
    expect(mail.text).toContain('report');
    // The `sent` step's chase came due before this one and found the referral moved on: no task, no booking reminder.
    const referralNow = (await desk.get(`/referrals/${created.id}`)).body as Referral;
    expect(referralNow.taskIds).toEqual([task.id]);
    expect((await mailsTo(patient.email)).map((m) => m.subject)).toEqual(['Your specialist visit']);

    // The desk completes the task by hand: done, and the same answer twice.
    const completed = await desk.post(`/tasks/${task.id}/complete`);
    expect(completed.status).toBe(200);
    expect(completed.body).toMatchObject({ id: task.id, status: 'done', completedBy: desk.user.id });
    expect((await desk.post(`/tasks/${task.id}/complete`)).body).toMatchObject({ status: 'done', completedBy: desk.user.id });
    expect((await tasksOf(created.id, 'done')).map((t) => t.id)).toEqual([task.id]);
  });

  it('refuses steps out of order, incomplete steps, and other sites', async () => {
    const patient = await registerPatient(desk);
    const created = await referral(patient.id);
    expect((await step(created.id, { status: 'report-received' })).body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });
    expect((await step(created.id, { status: 'appointment-known' })).body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });
    expect((await step(created.id, { status: 'cancelled' })).status).toBe(400);
    expect((await desk.post(`/patients/${patient.id}/referrals`, { specialty: 'Cardiology', specialistName: 'Dr. Park', reasonCode: 'not-a-code' })).body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });
    expect((await step(created.id, { status: 'closed' })).status).toBe(200);
    expect((await step(created.id, { status: 'sent' })).body).toMatchObject({ status: 409, code: 'REFERRAL.CLOSED' });
    const unchanged = (await desk.get(`/referrals/${created.id}`)).body as Referral;
    expect(unchanged.steps.map((s) => s.status)).toEqual(['created', 'closed']);
    expect(unchanged.chaseDueAt).toBeUndefined();

    // The specialist's report is a stored outside-record document of the patient.
    const other = await referral(patient.id);
    expect((await step(other.id, { status: 'report-received', reportDocumentId: 'no-such-document' })).body).toMatchObject({ status: 404, code: 'DOCUMENT.NOT_FOUND' });
    const report = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'outside-record' }, { content: PDF, filename: 'report.pdf', contentType: 'application/pdf' });
    expect(report.status).toBe(201);
    const received = await step(other.id, { status: 'report-received', reportDocumentId: report.body.id });
    expect(received.body).toMatchObject({ status: 'report-received', awaiting: 'review', reportDocumentId: report.body.id });

    const elsewhere = await ApiClient.loginAs('medical-assistant');
    expect(elsewhere.user.siteIds).not.toContain(SITE);
    expect([403, 404]).toContain((await elsewhere.get(`/referrals/${created.id}`)).status);
    expect((await elsewhere.get(`/tasks?siteId=${SITE}`)).status).toBe(403);
    expect((await desk.get('/referrals/no-such-referral')).body).toMatchObject({ status: 404, code: 'REFERRAL.NOT_FOUND' });
    expect((await desk.get(`/patients/${patient.id}/referrals`)).body).toMatchObject({ total: 2, items: [{ id: other.id, status: 'report-received' }, { id: created.id, status: 'closed' }] });
  });
});
