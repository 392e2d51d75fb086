import { ApiClient, waitFor } from '@clinic-flow/testing';
import { historiesOfBoth, registerTwice } from './patient-merge-support';

interface Entry {
  id: string;
  kind: string;
  type: string;
  occurredAt: string;
  summary: string;
  refId?: string;
  patientId: string;
}

/** One chronological view of a patient: registration, appointments, messages and merges, over the records merged into it. */
describe('patient timeline', () => {
  let desk: ApiClient;
  let manager: ApiClient;

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    manager = await ApiClient.loginAs('office-manager');
  });

  const timeline = async (patientId: string, query = ''): Promise<{ items: Entry[]; nextBefore?: string }> => {
    const res = await desk.get(`/patients/${patientId}/timeline${query}`);
    if (res.status !== 200) throw new Error(`timeline: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const types = (items: Entry[], patientId: string) => items.filter((e) => e.patientId === patientId).map((e) => `${e.type}:${e.refId ?? ''}`);
  const waitForTypes = (patientId: string, expected: string[], what: string) =>
    waitFor(
      async () => {
        const { items } = await timeline(patientId, '?limit=200');
        return expected.every((t) => items.some((e) => `${e.type}:${e.refId ?? ''}` === t)) && items;
      },
      { what, timeoutMs: 30_000 },
    );

  it("shows each record's history, both after a merge, and each its own again after the unmerge", async () => {
    const { keep, duplicate } = await registerTwice(desk);
    const h = await historiesOfBoth(desk, manager, keep.id, duplicate.id);
    const keepHistory = [`appointment.booked:${h.visitId}`, `appointment.checked-in:${h.visitId}`, `appointment.completed:${h.visitId}`, `notification.sent:${h.followUpId}`];
    const own = await waitForTypes(keep.id, keepHistory, "the first record's visit and follow-up");
    expect(own.map((e) => e.kind)).toEqual(expect.arrayContaining(['registration', 'appointment', 'message']));
    // Newest first; summaries carry no free text about the patient (the booking's reason, the name).
    expect(own.map((e) => e.occurredAt)).toEqual([...own.map((e) => e.occurredAt)].sort().reverse());
    expect(JSON.stringify(own)).not.toMatch(/Sore throat|Dana|Twice-/);
    expect(own.find((e) => e.type === 'notification.sent')!.summary).toBe('Post visit follow up sent by email');
    await waitForTypes(duplicate.id, [`appointment.booked:${h.bookingId}`], "the second record's booking");

    const merge = await manager.post(`/patients/${keep.id}/merges`, { mergedPatientId: duplicate.id, reason: 'Registered twice' });
    expect(merge.status).toBe(201);
    const merged = await waitForTypes(keep.id, [...keepHistory, `appointment.booked:${h.bookingId}`, `patient.merged:${merge.body.id}`], 'both histories on the survivor');
    expect(types(merged, duplicate.id)).toEqual(expect.arrayContaining([`patient.registered:`, `appointment.booked:${h.bookingId}`]));
    expect(merged.find((e) => e.type === 'patient.merged' && e.patientId === keep.id)!.summary).toBe(`Record ${duplicate.id} merged into this record`);
    expect((await desk.get(`/patients/${duplicate.id}/timeline`)).body).toMatchObject({ status: 409, code: 'PATIENT.MERGED', survivorId: keep.id });

    // Pages of two, newest first, cover the whole timeline once.
    const paged: Entry[] = [];
    for (let before: string | undefined, page = 0; page < 50; page++) {
      const res = await timeline(keep.id, `?limit=2${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      paged.push(...res.items);
      if (!res.nextBefore) break;
      before = res.nextBefore;
    }
    const all = (await timeline(keep.id, '?limit=200')).items;
    // Entries sharing one instant may straddle a page boundary; every other entry comes exactly once.
    expect(new Set(paged.map((e) => e.id)).size).toBe(paged.length);
    expect(paged.length).toBeGreaterThanOrEqual(all.length - 1);

    const undo = await manager.post(`/patients/${keep.id}/merges/${merge.body.id}/undo`, { reason: 'Different people' });
    expect(undo.status).toBe(200);
    const apart = await timeline(keep.id, '?limit=200');
    expect(apart.items.filter((e) => e.patientId === duplicate.id)).toEqual([]);
    const theirs = await waitForTypes(duplicate.id, [`appointment.booked:${h.bookingId}`, `patient.merged:${merge.body.id}`, `patient.unmerged:${merge.body.id}`], "the second record's own history with the merge and unmerge");
    expect(theirs.every((e) => e.patientId === duplicate.id)).toBe(true);
    expect(types(theirs, duplicate.id)).not.toContain(`appointment.booked:${h.visitId}`);
  });

  it('is refused to billing and to staff of another site, and checks its query', async () => {
    const { keep } = await registerTwice(desk);
    expect((await (await ApiClient.loginAs('billing-coder')).get(`/patients/${keep.id}/timeline`)).status).toBe(403);
    expect([403, 404]).toContain((await (await ApiClient.loginAs('medical-assistant')).get(`/patients/${keep.id}/timeline`)).status);
    expect((await desk.get(`/patients/${keep.id}/timeline?limit=0`)).status).toBe(400);
    expect((await desk.get(`/patients/${keep.id}/timeline?before=yesterday`)).status).toBe(400);
    expect((await desk.get('/patients/no-such-patient/timeline')).body.code).toBe('PATIENT.NOT_FOUND');
  });
});
