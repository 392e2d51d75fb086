import { ApiClient, gatewayUrl, linkIn, mailsTo, pdfText, waitFor } from '@clinic-flow/testing';
import { download } from './document-support';
import { patientNotifications } from './notification-support';
import { registerPatient } from './support';

/*
 * Letters from templates with the site's letterhead: rendered to PDF in the patient's language,
 * stored as a patient document, sent by email as a secure download link (the email carries no
 * letter), or queued for printing and posting.
 */
type Letter = { id: string; kind: string; language: string; template: string; delivery: string; status: string; documentId: string; referralId?: string; printedBy?: string };

const SITE = 'site-downtown';
/** Downtown's letterhead, as scheduling announces the demo site. */
const LETTERHEAD = ['Downtown Family Clinic', '120 Main St, Springfield', '+15550100100'];

describe('letters', () => {
  let desk: ApiClient;

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
  });

  const flat = (text: string) => text.replace(/\s+/g, ' ');
  const printQueue = async (): Promise<Letter[]> => {
    const res = await desk.get(`/letters/print-queue?siteId=${SITE}`);
    expect(res.status).toBe(200);
    return res.body.items as Letter[];
  };

  it("emails a Spanish-speaking patient a link to their school note, in Spanish, on the site's letterhead", async () => {
    const patient = await registerPatient(desk, { language: 'es' });
    const issued = await desk.post(`/patients/${patient.id}/letters`, { kind: 'school-work-note', delivery: 'email', audience: 'school', absentFrom: '2026-12-01', returnOn: '2026-12-03' });
    expect(issued.status).toBe(201);
    const letter = issued.body as Letter;
    expect(letter).toMatchObject({ kind: 'school-work-note', language: 'es', template: 'school-work-note@1', delivery: 'email', status: 'sent' });

    // Stored as one of the patient's documents.
    const documents = await desk.get(`/patients/${patient.id}/documents`);
    expect(documents.status).toBe(200);
    expect(documents.body).toEqual([expect.objectContaining({ id: letter.documentId, kind: 'letter', contentType: 'application/pdf', title: 'Constancia para la escuela' })]);

    // The email says there is a letter and links to it; the letter is not in it.
    const mail = await waitFor(async () => (await mailsTo(patient.email))[0], { what: 'the letter email', timeoutMs: 30_000 });
    expect(mail.subject).toBe('Una carta de Downtown Family Clinic');
    expect(mail.text).not.toMatch(new RegExp(`${patient.lastName}|escuela|diciembre|1980`));
    const link = linkIn(mail.text, '/d/');
    expect(link).toBeDefined();

    // The link downloads the PDF without a login: letterhead, Spanish words, the patient.
    const got = await download(gatewayUrl(), new URL(link!).pathname);
    expect(got.status).toBe(200);
    expect(got.headers['content-type']).toContain('application/pdf');
    const text = flat(await pdfText(got.body as Buffer));
    for (const part of [...LETTERHEAD, 'Constancia para la escuela', `${patient.firstName} ${patient.lastName}`, 'no pudo asistir a la escuela desde el 1 de diciembre de 2026', 'puede volver a la escuela el 3 de diciembre de 2026']) {
      expect(text).toContain(part);
    }

    // Its delivery shows like any other message.
    const messages = await waitFor(async () => {
      const items = await patientNotifications(desk, patient.id);
      return items.some((n) => n.kind === 'letter-issued' && n.status === 'sent') && items;
    }, { what: 'the letter message recorded as sent' });
    expect(messages.filter((n) => n.kind === 'letter-issued')).toEqual([expect.objectContaining({ status: 'sent', channel: 'email' })]);
  });

  it('queues a referral letter for printing, marks the referral sent, and emails nothing until a later emailed letter', async () => {
    const patient = await registerPatient(desk);
    const referral = await desk.post(`/patients/${patient.id}/referrals`, { specialty: 'Cardiology', specialistName: 'Dr. Helen Park', practice: 'Riverside Heart Associates', reasonCode: 'R00.2', reason: 'Palpitations on exertion' });
    expect(referral.status).toBe(201);
    const issued = await desk.post(`/patients/${patient.id}/letters`, { kind: 'referral', delivery: 'print', referralId: referral.body.id });
    expect(issued.status).toBe(201);
    const letter = issued.body as Letter;
    expect(letter).toMatchObject({ kind: 'referral', language: 'en', template: 'referral@1', delivery: 'print', status: 'to-print', referralId: referral.body.id });
    expect((await desk.get(`/referrals/${referral.body.id}`)).body).toMatchObject({ status: 'sent', letterId: letter.id, awaiting: 'appointment' });

    // In the site's print queue; the desk prints the stored PDF.
    expect((await printQueue()).map((l) => l.id)).toContain(letter.id);
    const pdf = await download(gatewayUrl(), `/api/v1/patients/${patient.id}/documents/${letter.documentId}/content`, desk.token);
    expect(pdf.status).toBe(200);
    const text = flat(await pdfText(pdf.body as Buffer));
    for (const part of [...LETTERHEAD, 'Referral to Cardiology', 'Dear Dr. Helen Park,', 'at Riverside Heart Associates', 'Reason for referral: Palpitations on exertion (ICD-10-CM R00.2).']) expect(text).toContain(part);
    expect((await desk.get(`/patients/${patient.id}/documents`)).body).toEqual([expect.objectContaining({ id: letter.documentId, kind: 'referral-letter' })]);

    const printed = await desk.post(`/letters/${letter.id}/printed`);
    expect(printed.status).toBe(200);
    expect(printed.body).toMatchObject({ status: 'printed', printedBy: desk.user.id });
    expect((await desk.post(`/letters/${letter.id}/printed`)).body).toMatchObject({ status: 'printed', printedBy: desk.user.id });
    expect((await printQueue()).map((l) => l.id)).not.toContain(letter.id);

    // Marker: a later letter by email to the same patient (its event follows the printed one's on the
    // patient's key). When its message is sent, it is the only message and the only email.
    const later = await desk.post(`/patients/${patient.id}/letters`, { kind: 'no-show', delivery: 'email', missedOn: '2026-11-28' });
    expect(later.status).toBe(201);
    const messages = await waitFor(async () => {
      const items = await patientNotifications(desk, patient.id);
      return items.some((n) => n.id === `lt_${later.body.id}` && n.status === 'sent') && items;
    }, { what: 'the later emailed letter sent', timeoutMs: 30_000 });
    expect(messages.map((n) => n.id)).toEqual([`lt_${later.body.id}`]);
    expect((await mailsTo(patient.email)).map((m) => m.subject)).toEqual(['A letter from Downtown Family Clinic']);
    const letters = (await desk.get(`/patients/${patient.id}/letters`)).body;
    expect(letters).toMatchObject({ total: 2, items: [{ kind: 'no-show', status: 'sent' }, { kind: 'referral', status: 'printed' }] });
  });

  it('refuses incomplete letters, a letter for an ended referral, printing an emailed letter, and other sites', async () => {
    const patient = await registerPatient(desk);
    expect((await desk.post(`/patients/${patient.id}/letters`, { kind: 'referral', delivery: 'print' })).body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });
    expect((await desk.post(`/patients/${patient.id}/letters`, { kind: 'school-work-note', delivery: 'print', audience: 'work' })).body).toMatchObject({ status: 400, code: 'REQUEST.VALIDATION_FAILED' });
    expect((await desk.post(`/patients/${patient.id}/letters`, { kind: 'balance', delivery: 'fax' })).status).toBe(400);
    expect((await desk.post(`/patients/${patient.id}/letters`, { kind: 'referral', delivery: 'print', referralId: 'no-such-referral' })).body).toMatchObject({ status: 404, code: 'REFERRAL.NOT_FOUND' });
    const referral = await desk.post(`/patients/${patient.id}/referrals`, { specialty: 'Dermatology', specialistName: 'Dr. Lee' });
    expect((await desk.post(`/referrals/${referral.body.id}/steps`, { status: 'cancelled', note: 'Patient declined' })).status).toBe(200);
    expect((await desk.post(`/patients/${patient.id}/letters`, { kind: 'referral', delivery: 'print', referralId: referral.body.id })).body).toMatchObject({ status: 409, code: 'REFERRAL.CLOSED' });
    // Nothing half-written by the refusals: no document, no letter.
    expect((await desk.get(`/patients/${patient.id}/documents`)).body).toEqual([]);
    expect((await desk.get(`/patients/${patient.id}/letters`)).body).toMatchObject({ total: 0 });

    const emailed = await desk.post(`/patients/${patient.id}/letters`, { kind: 'balance', delivery: 'email', amountDue: '125.00' });
    expect(emailed.status).toBe(201);
    expect((await desk.post(`/letters/${emailed.body.id}/printed`)).body).toMatchObject({ status: 409, code: 'LETTER.NOT_FOR_PRINT' });

    const elsewhere = await ApiClient.loginAs('medical-assistant');
    expect((await elsewhere.get(`/letters/print-queue?siteId=${SITE}`)).status).toBe(403);
    expect([403, 404]).toContain((await elsewhere.post(`/letters/${emailed.body.id}/printed`)).status);
    expect([403, 404]).toContain((await elsewhere.post(`/patients/${patient.id}/letters`, { kind: 'balance', delivery: 'print' })).status);
  });
});
