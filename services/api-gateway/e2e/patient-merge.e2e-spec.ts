import { Topics } from '@clinic-flow/contracts';
import { ApiClient, createTestProvider, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { appointmentIdsOf, historiesOfBoth, messageIdsOf, registerTwice } from './patient-merge-support';
import { bookingRequest, registerPatient } from './support';

/*
 * Merge two records of one person and undo it: scheduling and notification move the merged
 * record's appointments and messages to the survivor and back. The e2e system lets a merge be
 * undone for 40 s (PATIENT_MERGE_UNDO_WINDOW=PT40S, libs/testing E2E_OVERRIDES) instead of 30 days:
 * the merge whose window closes is made first, so it has closed by the last test.
 */
describe('patient merge and unmerge', () => {
  let desk: ApiClient;
  let manager: ApiClient;
  const probe = new KafkaProbe();
  let early: { survivorId: string; mergedId: string; mergeId: string; undoableUntil: string };

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
    await probe.record([Topics.patients]);
    const [survivor, merged] = [await registerPatient(desk), await registerPatient(desk)];
    const res = await manager.post(`/patients/${survivor.id}/merges`, { mergedPatientId: merged.id, reason: 'Registered twice' });
    expect(res.status).toBe(201);
    early = { survivorId: survivor.id, mergedId: merged.id, mergeId: res.body.id, undoableUntil: res.body.undoableUntil };
  });
  afterAll(() => probe.close());

  it("moves the merged record's appointments and messages to the survivor, and exactly those back on unmerge", async () => {
    const { keep, duplicate } = await registerTwice(desk);
    const h = await historiesOfBoth(desk, manager, keep.id, duplicate.id);
    expect(await appointmentIdsOf(desk, keep.id)).toEqual([h.visitId]);
    // Every message of the duplicate (its reminders, one per policy step still ahead) moves, and only those come back.
    const duplicateMessages = await messageIdsOf(desk, duplicate.id);
    expect(duplicateMessages).toContain(h.reminderId);

    const merged = await manager.post(`/patients/${keep.id}/merges`, { mergedPatientId: duplicate.id, reason: 'Same person, registered twice at the desk' });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ survivorId: keep.id, mergedPatientId: duplicate.id, mergedMrn: duplicate.mrn, status: 'merged', mergedBy: manager.user.id });
    // The survivor's demographics win; the phone only the duplicate had is offered, not copied.
    expect(merged.body.offered).toEqual([{ field: 'phone', value: duplicate.phone }]);
    expect((await desk.get(`/patients/${keep.id}`)).body.phone).toBeUndefined();
    const mergeId: string = merged.body.id;

    // The merged id answers 409 PATIENT.MERGED naming the survivor; the survivor keeps its MRN.
    const old = await desk.get(`/patients/${duplicate.id}`);
    expect(old.status).toBe(409);
    expect(old.body).toMatchObject({ code: 'PATIENT.MERGED', survivorId: keep.id });
    expect((await desk.get(`/patients/${keep.id}`)).body.mrn).toBe(keep.mrn);

    // Scheduling and notification apply patient.merged.
    const both = [h.visitId, h.bookingId].sort();
    await waitFor(async () => JSON.stringify(await appointmentIdsOf(desk, keep.id)) === JSON.stringify(both), { what: "the survivor's appointments to include both" });
    expect(await appointmentIdsOf(desk, duplicate.id)).toEqual([]);
    // The moved booking holds the survivor's time now: the same person cannot be booked again then, with anyone.
    const elsewhere = (await createTestProvider(manager)).id;
    const twice = await desk.post('/appointments', bookingRequest(keep.id, { providerId: elsewhere, start: h.bookingStart }));
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('APPOINTMENT.PATIENT_OVERLAP');
    const messages = [h.followUpId, ...duplicateMessages];
    await waitFor(
      async () => {
        const ids = await messageIdsOf(desk, keep.id);
        return messages.every((id) => ids.includes(id));
      },
      { what: "the survivor's messages to include the duplicate's reminder" },
    );
    expect((await desk.get(`/appointments/${h.bookingId}`)).body.patientId).toBe(keep.id);
    // Scheduling knows the record is merged: no new booking for it.
    const forMerged = await desk.post('/appointments', bookingRequest(duplicate.id));
    expect([forMerged.status, forMerged.body.code, forMerged.body.survivorId]).toEqual([409, 'PATIENT.MERGED', keep.id]);

    // The event: keyed by the merged record, ids and times only (no reason, no names).
    const event = await waitFor(async () => probe.envelopes((m) => m.key === duplicate.id).find((e) => e.type === 'patient.merged' && e.data.mergeId === mergeId));
    expect(event.data).toEqual({ mergeId, survivorId: keep.id, mergedPatientId: duplicate.id, mergedBy: manager.user.id, mergedAt: merged.body.mergedAt, undoableUntil: merged.body.undoableUntil });

    // A booking for the survivor after the merge stays with it when the merge is undone.
    const later = await desk.post('/appointments', bookingRequest(keep.id));
    expect(later.status).toBe(201);

    const undo = await manager.post(`/patients/${keep.id}/merges/${mergeId}/undo`, { reason: 'Not the same person after all' });
    expect(undo.status).toBe(200);
    expect(undo.body).toMatchObject({ id: mergeId, status: 'unmerged', unmerge: { unmergedBy: manager.user.id, reason: 'Not the same person after all' } });
    expect((await desk.get(`/patients/${duplicate.id}`)).status).toBe(200);

    await waitFor(async () => JSON.stringify(await appointmentIdsOf(desk, duplicate.id)) === JSON.stringify([h.bookingId]), { what: "the duplicate's appointment back" });
    expect(await appointmentIdsOf(desk, keep.id)).toEqual([h.visitId, later.body.id].sort());
    await waitFor(async () => JSON.stringify(await messageIdsOf(desk, duplicate.id)) === JSON.stringify(duplicateMessages), { what: "the duplicate's messages back" });
    expect((await messageIdsOf(desk, keep.id)).filter((id) => duplicateMessages.includes(id))).toEqual([]);
    expect(await messageIdsOf(desk, keep.id)).toContain(h.followUpId);
    expect((await desk.post('/appointments', bookingRequest(duplicate.id))).status).toBe(201);

    // Undone once: a second undo is refused; the history shows both, for office managers only.
    const again = await manager.post(`/patients/${keep.id}/merges/${mergeId}/undo`, { reason: 'twice' });
    expect([again.status, again.body.code]).toEqual([409, 'PATIENT_MERGE.NOT_ACTIVE']);
    const history = await manager.get(`/patients/${duplicate.id}/merges`);
    expect(history.body.items).toEqual([expect.objectContaining({ id: mergeId, status: 'unmerged', reason: 'Same person, registered twice at the desk' })]);
    expect((await desk.get(`/patients/${keep.id}/merges`)).status).toBe(403);
  });

  it('refuses a merge into itself, into or of a merged record, and by the front desk, writing nothing', async () => {
    const a = await registerPatient(desk);
    const self = await manager.post(`/patients/${a.id}/merges`, { mergedPatientId: a.id, reason: 'oops' });
    expect([self.status, self.body.code]).toEqual([422, 'PATIENT_MERGE.SAME_RECORD']);

    const other = await registerPatient(desk);
    const intoMerged = await manager.post(`/patients/${early.mergedId}/merges`, { mergedPatientId: other.id, reason: 'oops' });
    expect([intoMerged.status, intoMerged.body.code]).toEqual([409, 'PATIENT_MERGE.SURVIVOR_MERGED']);
    const ofMerged = await manager.post(`/patients/${other.id}/merges`, { mergedPatientId: early.mergedId, reason: 'oops' });
    expect([ofMerged.status, ofMerged.body.code]).toEqual([409, 'PATIENT_MERGE.ALREADY_MERGED']);
    const ofSurvivor = await manager.post(`/patients/${other.id}/merges`, { mergedPatientId: early.survivorId, reason: 'oops' });
    expect([ofSurvivor.status, ofSurvivor.body.code]).toEqual([409, 'PATIENT_MERGE.HAS_MERGED_RECORDS']);
    const unknown = await manager.post(`/patients/${other.id}/merges`, { mergedPatientId: 'no-such-patient', reason: 'oops' });
    expect([unknown.status, unknown.body.code]).toEqual([422, 'PATIENT_MERGE.MERGED_PATIENT_NOT_FOUND']);
    const byDesk = await desk.post(`/patients/${other.id}/merges`, { mergedPatientId: a.id, reason: 'oops' });
    expect([byDesk.status, byDesk.body.code]).toEqual([403, 'AUTH.ROLE_FORBIDDEN']);
    expect((await manager.post(`/patients/${other.id}/merges`, { mergedPatientId: a.id })).status).toBe(400);

    // Nothing written: both open, no history, and the early merge is as it was.
    for (const id of [a.id, other.id]) {
      expect((await desk.get(`/patients/${id}`)).status).toBe(200);
      expect((await manager.get(`/patients/${id}/merges`)).body.items).toEqual([]);
    }
    expect((await desk.get(`/patients/${early.mergedId}`)).body).toMatchObject({ code: 'PATIENT.MERGED', survivorId: early.survivorId });
    expect((await manager.get(`/patients/${early.survivorId}/merges`)).body.items).toEqual([expect.objectContaining({ id: early.mergeId, status: 'merged' })]);
  });

  it('cannot undo a merge once its undo window has closed', async () => {
    const wait = new Date(early.undoableUntil).getTime() + 1000 - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const late = await manager.post(`/patients/${early.survivorId}/merges/${early.mergeId}/undo`, { reason: 'Too late' });
    expect([late.status, late.body.code]).toEqual([409, 'PATIENT_MERGE.UNDO_WINDOW_CLOSED']);
    expect((await desk.get(`/patients/${early.mergedId}`)).body).toMatchObject({ code: 'PATIENT.MERGED', survivorId: early.survivorId });
    expect((await manager.get(`/patients/${early.survivorId}/merges`)).body.items[0]).toMatchObject({ status: 'merged' });
  }, 60_000);
});
