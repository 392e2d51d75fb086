import { AppointmentBookedV1, Topics } from '@clinic-flow/contracts';
import { ApiClient, KafkaProbe, mailsTo, smsTo, waitFor } from '@clinic-flow/testing';
import { PDF, upload } from './document-support';
import { booked, publish, typeWithPolicy, waitForNotifications } from './notification-support';
import { registerPatient } from './support';

/**
 * Consents through the gateway: a signature records the form version, the signer, the typed
 * name, its origin and the witness; a revocation who, when and why. A revoked communication
 * consent stops reminders on its channel (notification falls back or skips, as for an opt-out),
 * and signing it again opens the channel again.
 */
describe('patient consents', () => {
  let desk: ApiClient;
  let manager: ApiClient;
  const probe = new KafkaProbe();
  const signedBy = (patient: { firstName: string; lastName: string }) => `${patient.firstName} ${patient.lastName}`;
  const consentEvents = (patientId: string, type: string) => probe.envelopes().filter((e) => e.type === type && e.data.patientId === patientId);

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    await probe.record([Topics.patients]);
  });
  afterAll(() => probe.close());

  it('lists the form catalogue with the current version of each form, and the demo patients have signed theirs', async () => {
    const forms = await desk.get('/consent-forms');
    expect(forms.status).toBe(200);
    const current = forms.body.filter((f: { current: boolean }) => f.current).map((f: { kind: string; version: string }) => `${f.kind}@${f.version}`);
    expect(current.sort()).toEqual(['communication@2025-01', 'consent-to-treat@2025-01', 'financial-responsibility@2025-01', 'privacy-notice@2026-02']);
    expect(forms.body).toContainEqual(expect.objectContaining({ kind: 'privacy-notice', version: '2025-01', current: false }));
    // The demo patients signed at registration (SEED_DEMO_DATA): communication on their preferred channel.
    const demo = await desk.get('/patients/demo-patient-01/consents');
    expect(demo.body.map((c: { id: string; status: string }) => `${c.id}:${c.status}`).sort()).toEqual(
      ['communication:email', 'consent-to-treat', 'financial-responsibility', 'privacy-notice'].map((k) => `demo-patient-01:${k}:active`),
    );
  });

  it('records who signed which version, when, from where and witnessed by whom; revokes with who, when and why', async () => {
    const patient = await registerPatient(desk);
    const base = `/patients/${patient.id}/consents`;
    const outdated = await desk.post(base, { kind: 'privacy-notice', formVersion: '2025-01', signerType: 'patient', typedName: signedBy(patient) });
    expect(outdated.status).toBe(409);
    expect(outdated.body.code).toBe('CONSENT.FORM_VERSION_OUTDATED');
    expect((await desk.post(base, { kind: 'privacy-notice', formVersion: '1999-01', signerType: 'patient', typedName: 'x y' })).body.code).toBe('CONSENT.UNKNOWN_FORM_VERSION');

    const npp = await desk.post(base, { kind: 'privacy-notice', formVersion: '2026-02', signerType: 'patient', typedName: signedBy(patient) }).set('user-agent', 'front-desk-tablet/2.1');
    expect(npp.status).toBe(201);
    expect(npp.body).toMatchObject({
      id: `${patient.id}:privacy-notice`,
      kind: 'privacy-notice',
      status: 'active',
      currentVersionSigned: true,
      signature: { formVersion: '2026-02', signerType: 'patient', typedName: signedBy(patient), userAgent: 'front-desk-tablet/2.1', witnessedBy: desk.user.id, ip: expect.any(String), signedAt: expect.any(String) },
    });

    const noRelationship = await desk.post(base, { kind: 'consent-to-treat', formVersion: '2025-01', signerType: 'representative', representativeName: 'Ana Lopez', typedName: 'Ana Lopez' });
    expect(noRelationship.status).toBe(400);
    expect(noRelationship.body.errors).toEqual([expect.objectContaining({ field: 'relationship' })]);
    const form = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'signed-form' }, { content: PDF, filename: 'consent.pdf', contentType: 'application/pdf' });
    const letter = await upload(desk, `/patients/${patient.id}/documents`, { kind: 'letter' }, { content: PDF, filename: 'letter.pdf', contentType: 'application/pdf' });
    const treat = { kind: 'consent-to-treat', formVersion: '2025-01', signerType: 'representative', representativeName: 'Ana Lopez', relationship: 'parent', typedName: 'Ana Lopez' };
    expect((await desk.post(base, { ...treat, documentId: letter.body.id })).body.code).toBe('CONSENT.DOCUMENT_NOT_A_SIGNED_FORM');
    const byParent = await desk.post(base, { ...treat, documentId: form.body.id });
    expect(byParent.status).toBe(201);
    expect(byParent.body.signature).toMatchObject({ signerType: 'representative', representativeName: 'Ana Lopez', relationship: 'parent', documentId: form.body.id });
    expect((await desk.post(base, { kind: 'communication', formVersion: '2025-01', signerType: 'patient', typedName: 'x y' })).body.errors).toEqual([expect.objectContaining({ field: 'channel' })]);

    const revoked = await desk.post(`${base}/${encodeURIComponent(byParent.body.id)}/revoke`, { reason: 'Guardian withdrew consent in writing' });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revocation: { revokedBy: desk.user.id, reason: 'Guardian withdrew consent in writing', revokedAt: expect.any(String) } });
    expect(revoked.body.history.map((h: { action: string }) => h.action)).toEqual(['signed', 'revoked']);
    expect((await desk.post(`${base}/${encodeURIComponent(byParent.body.id)}/revoke`, { reason: 'again' })).body.code).toBe('CONSENT.NOT_ACTIVE');
    expect((await desk.post(`${base}/${encodeURIComponent(`${patient.id}:financial-responsibility`)}/revoke`, { reason: 'never signed' })).body.code).toBe('CONSENT.NOT_FOUND');

    const list = await desk.get(base);
    expect(list.body.map((c: { kind: string; status: string }) => `${c.kind}:${c.status}`).sort()).toEqual(['consent-to-treat:revoked', 'privacy-notice:active']);

    // Events carry ids, kind, version and times: no typed names, representatives or reasons.
    const signed = await waitFor(async () => consentEvents(patient.id, 'consent.signed').length === 2 && consentEvents(patient.id, 'consent.signed'), { what: 'two consent.signed' });
    expect(Object.keys(signed[1].data).sort()).toEqual(['consentId', 'documentId', 'formVersion', 'kind', 'patientId', 'signedAt', 'signerType', 'witnessedBy']);
    const revokedEvent = await waitFor(async () => consentEvents(patient.id, 'consent.revoked')[0], { what: 'consent.revoked' });
    expect(revokedEvent.data).toEqual({ consentId: byParent.body.id, patientId: patient.id, kind: 'consent-to-treat', formVersion: '2025-01', revokedAt: expect.any(String), revokedBy: desk.user.id });
  });

  it("refuses another site's user and roles that do not record consents", async () => {
    const patient = await registerPatient(desk);
    const outsider = await ApiClient.loginAs('medical-assistant');
    const sign = { kind: 'consent-to-treat', formVersion: '2025-01', signerType: 'patient', typedName: signedBy(patient) };
    expect([403, 404]).toContain((await outsider.get(`/patients/${patient.id}/consents`)).status);
    expect([403, 404]).toContain((await outsider.post(`/patients/${patient.id}/consents`, sign)).status);
    expect((await (await ApiClient.loginAs('billing-coder')).post(`/patients/${patient.id}/consents`, sign)).status).toBe(403);
  });

  it('stops reminders on a channel whose communication consent was revoked, and sends there again once it is signed again', async () => {
    // A reminder 5 s after booking: appointments 60 s ahead, one step PT55S.
    const typeId = await typeWithPolicy(manager, { steps: [{ offset: 'PT55S' }] });
    const both = await registerPatient(desk, { preferredChannel: 'sms' });
    const smsOnlyRes = await desk.post('/patients', { firstName: 'Solveig', lastName: `Only-${both.id.slice(0, 8)}`, dateOfBirth: '1975-02-03', phone: `+1555${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, preferredChannel: 'sms' });
    expect(smsOnlyRes.status).toBe(201);
    const smsOnly = smsOnlyRes.body as { id: string; phone: string; firstName: string; lastName: string };

    const sms = { kind: 'communication', channel: 'sms', formVersion: '2025-01', signerType: 'patient' };
    for (const p of [both, smsOnly]) {
      expect((await desk.post(`/patients/${p.id}/consents`, { ...sms, typedName: signedBy(p) })).status).toBe(201);
      const revoke = await desk.post(`/patients/${p.id}/consents/${encodeURIComponent(`${p.id}:communication:sms`)}/revoke`, { reason: 'Asked at the desk to stop texts' });
      expect(revoke.body).toMatchObject({ channel: 'sms', status: 'revoked' });
      await waitFor(async () => consentEvents(p.id, 'consent.revoked').length > 0, { what: 'consent.revoked' });
    }

    const remind = async (patientId: string) => {
      const data = booked(patientId, new Date(Date.now() + 60_000), { appointmentTypeId: typeId, appointmentTypeName: 'Annual physical' });
      await publish(probe, AppointmentBookedV1, data.appointmentId, data.siteId, data);
      return data.appointmentId;
    };
    const first = await remind(both.id);
    const skipped = await remind(smsOnly.id);

    // Preferred SMS, consent revoked: the reminder falls back to email, as for an opt-out.
    const mail = await waitFor(async () => (await mailsTo(both.email))[0], { what: 'the fallback email', timeoutMs: 40_000 });
    expect(mail.subject).toContain('Appointment reminder');
    const [sentByEmail] = await waitForNotifications(desk, first, (items) => items[0]?.status === 'sent', 'the sent reminder', 40_000);
    expect(sentByEmail.channel).toBe('email');
    // No other channel left: skipped, with the reason.
    const [skip] = await waitForNotifications(desk, skipped, (items) => items[0]?.status === 'skipped', 'the skipped reminder', 40_000);
    expect(skip.reason).toBe('the patient revoked communication consent for sms');

    // Signing again opens SMS again. Its reminder is the later marker for the same phone: when it
    // has arrived, the first reminder would have long arrived too had it gone by SMS.
    expect((await desk.post(`/patients/${both.id}/consents`, { ...sms, typedName: signedBy(both) })).body.status).toBe('active');
    await waitFor(async () => consentEvents(both.id, 'consent.signed').length === 2, { what: 'the second consent.signed' });
    const second = await remind(both.id);
    const texts = await waitFor(async () => {
      const got = await smsTo(both.phone);
      return got.length > 0 && got;
    }, { what: 'the SMS reminder after signing again', timeoutMs: 40_000 });
    const [sentBySms] = await waitForNotifications(desk, second, (items) => items[0]?.status === 'sent', 'the second reminder', 40_000);
    expect(sentBySms.channel).toBe('sms');
    expect(texts).toHaveLength(1);
    expect(await smsTo(smsOnly.phone)).toHaveLength(0);
  });
});
