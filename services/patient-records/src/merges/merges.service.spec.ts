import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { PatientMergedData, PatientUnmergedData } from '@clinic-flow/contracts';
import { Decision, DocumentLocks, EventFactory } from '@clinic-flow/messaging';
import type { PatientRecordsConfig } from '../config';
import type { PatientAccess } from '../patients/patient-access';
import type { PatientsRepository } from '../patients/patients.repository';
import { PatientRecord } from '../patients/patients.schema';
import type { MergesRepository } from './merges.repository';
import { PatientMergeRecord } from './merges.schema';
import { MergesService } from './merges.service';

/*
 * The crash between the commit point (the merged record with its event) and the survivor's write,
 * played with in-memory repositories: the survivor's write fails once, as if the process died
 * there; the consumer of patient.merged (completeMerge) then finishes the merge, and running it
 * again, or after an unmerge, changes nothing.
 */
class FakePatients {
  readonly docs = new Map<string, PatientRecord>();
  readonly events: string[] = [];
  failNextUpdateOf?: string;

  async findById(_scope: SiteScope, id: string): Promise<PatientRecord | null> {
    const doc = this.docs.get(id);
    return doc ? structuredClone(doc) : null;
  }

  async update<R>(_scope: SiteScope, id: string, decide: (current: PatientRecord) => Decision<PatientRecord, R>): Promise<R | undefined | null> {
    if (this.failNextUpdateOf === id) {
      this.failNextUpdateOf = undefined;
      throw new Error('process died');
    }
    const current = this.docs.get(id);
    if (!current) return null;
    const decision = decide(structuredClone(current));
    if (!decision) return undefined;
    const next = { ...current } as Record<string, unknown>;
    for (const [k, v] of Object.entries(decision.set ?? {})) if (v === undefined) delete next[k];
    else next[k] = v;
    for (const [k, v] of Object.entries(decision.addToSet ?? {})) next[k] = [...new Set([...((next[k] as string[]) ?? []), v as string])];
    this.events.push(...(decision.events ?? []).map((e) => e.type));
    this.docs.set(id, next as unknown as PatientRecord);
    return decision.result;
  }
}

class FakeMerges {
  readonly docs = new Map<string, PatientMergeRecord>();
  async recordMerge(_scope: SiteScope, merge: Omit<PatientMergeRecord, 'version'>): Promise<PatientMergeRecord> {
    if (!this.docs.has(merge._id)) this.docs.set(merge._id, { ...merge, version: 1 });
    return this.docs.get(merge._id)!;
  }
  async recordUnmerge(_scope: SiteScope, id: string, unmerge: NonNullable<PatientMergeRecord['unmerge']>): Promise<PatientMergeRecord | null> {
    const doc = this.docs.get(id);
    if (doc && !doc.unmerge) doc.unmerge = unmerge;
    return doc ?? null;
  }
  async findById(_scope: SiteScope, id: string): Promise<PatientMergeRecord | null> {
    return this.docs.get(id) ?? null;
  }
}

const patient = (id: string, extra: Partial<PatientRecord> = {}): PatientRecord => ({
  _id: id,
  version: 1,
  mrn: `MRN-${id}`,
  firstName: 'Dana',
  lastName: 'Twice',
  dateOfBirth: '1979-02-03',
  preferredChannel: 'email',
  email: `${id}@example.com`,
  registeredAtSiteId: 'site-a',
  registeredBy: 'u',
  createdAt: new Date(),
  updatedAt: new Date(),
  ...extra,
});

describe('merge crash safety', () => {
  const manager = { id: 'manager-1', siteIds: ['site-a'], roles: ['office-manager'] } as unknown as AuthUser;
  let patients: FakePatients;
  let merges: FakeMerges;
  let service: MergesService;

  beforeEach(() => {
    patients = new FakePatients();
    merges = new FakeMerges();
    patients.docs.set('keep', patient('keep'));
    patients.docs.set('dup', patient('dup', { phone: '+15550001111' }));
    service = new MergesService(
      patients as unknown as PatientsRepository,
      merges as unknown as MergesRepository,
      new EventFactory('patient-records'),
      new DocumentLocks(),
      { PATIENT_MERGE_UNDO_WINDOW: 'P30D' } as PatientRecordsConfig,
      { visible: (scope: SiteScope, id: string) => patients.findById(scope, id) } as unknown as PatientAccess,
    );
  });

  const eventOf = (dto: { id: string; mergedBy: string; mergedAt: string; undoableUntil: string }): PatientMergedData => ({
    mergeId: dto.id,
    survivorId: 'keep',
    mergedPatientId: 'dup',
    mergedBy: dto.mergedBy,
    mergedAt: dto.mergedAt,
    undoableUntil: dto.undoableUntil,
  });

  it('commits with the merged record and its event; the event completes the survivor and the history once', async () => {
    patients.failNextUpdateOf = 'keep';
    const dto = await service.merge('keep', { mergedPatientId: 'dup', reason: 'Registered twice' }, manager);

    expect(patients.docs.get('dup')).toMatchObject({ mergedIntoPatientId: 'keep', merge: { id: dto.id, reason: 'Registered twice' } });
    expect(patients.events).toEqual(['patient.merged']);
    expect(patients.docs.get('keep')!.mergedPatientIds).toBeUndefined();
    expect(merges.docs.size).toBe(0);

    await service.completeMerge(eventOf(dto));
    expect(patients.docs.get('keep')!.mergedPatientIds).toEqual(['dup']);
    expect(merges.docs.get(dto.id)).toMatchObject({ survivorId: 'keep', mergedPatientId: 'dup', reason: 'Registered twice', offered: [{ field: 'phone', value: '+15550001111' }] });

    const before = JSON.stringify([...patients.docs.entries(), ...merges.docs.entries()]);
    await service.completeMerge(eventOf(dto));
    expect(JSON.stringify([...patients.docs.entries(), ...merges.docs.entries()])).toBe(before);
  });

  it("gives the survivor the merged record's sites (registering and care sites), and keeps them after an unmerge", async () => {
    patients.docs.set('dup', patient('dup', { registeredAtSiteId: 'site-b', careSiteIds: ['site-c'] }));
    const dto = await service.merge('keep', { mergedPatientId: 'dup', reason: 'Registered twice' }, manager);
    expect(patients.docs.get('keep')!.careSiteIds).toEqual(['site-b', 'site-c']);
    await service.unmerge('keep', dto.id, { reason: 'Two people' }, manager);
    expect(patients.docs.get('keep')!.careSiteIds).toEqual(['site-b', 'site-c']);
  });

  it('finishes an unmerge from its event, and a late copy of the merge adds nothing back', async () => {
    const dto = await service.merge('keep', { mergedPatientId: 'dup', reason: 'Registered twice' }, manager);
    expect(patients.docs.get('keep')!.mergedPatientIds).toEqual(['dup']);

    patients.failNextUpdateOf = 'keep';
    await service.unmerge('keep', dto.id, { reason: 'Two people' }, manager);
    expect(patients.docs.get('dup')!.mergedIntoPatientId).toBeUndefined();
    expect(patients.docs.get('keep')!.mergedPatientIds).toEqual(['dup']);

    const unmerged: PatientUnmergedData = { mergeId: dto.id, survivorId: 'keep', mergedPatientId: 'dup', unmergedBy: manager.id, unmergedAt: new Date().toISOString() };
    await service.completeUnmerge(unmerged);
    expect(patients.docs.get('keep')!.mergedPatientIds).toBeUndefined();
    expect(merges.docs.get(dto.id)!.unmerge).toMatchObject({ by: manager.id, reason: 'Two people' });

    await service.completeMerge(eventOf(dto));
    expect(patients.docs.get('keep')!.mergedPatientIds).toBeUndefined();
    expect(patients.events).toEqual(['patient.merged', 'patient.unmerged']);
  });

  it('lets only one of two merges of one record win', async () => {
    patients.docs.set('other', patient('other'));
    const results = await Promise.allSettled([
      service.merge('keep', { mergedPatientId: 'dup', reason: 'first' }, manager),
      service.merge('other', { mergedPatientId: 'dup', reason: 'second' }, manager),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe('PATIENT_MERGE.ALREADY_MERGED');
    expect(patients.events).toEqual(['patient.merged']);
  });
});
