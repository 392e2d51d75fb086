import { SiteScope } from '@clinic-flow/auth';
import type { Decision } from '@clinic-flow/messaging';
import type { PatientRecordsConfig } from '../config';
import type { NewTask } from '../tasks/tasks.service';
import { parseChaseAfter } from './referrals.rules';
import { ReferralRecord } from './referrals.schema';
import { ReferralsService } from './referrals.service';

/*
 * The chase timer and the reconcile, with in-memory fakes: a job that runs again chases nothing
 * twice, a referral that moved on is left alone, and a lost timer is listed for the job reconciler.
 */
class FakeReferrals {
  readonly docs = new Map<string, ReferralRecord>();
  async findById(_scope: SiteScope, id: string) {
    return this.docs.get(id) ?? null;
  }
  async all() {
    return [...this.docs.values()];
  }
  async update<R>(_scope: SiteScope, id: string, decide: (current: ReferralRecord) => Decision<ReferralRecord, R>) {
    const current = this.docs.get(id);
    if (!current) return null;
    const change = decide(current);
    if (!change) return { doc: current, written: false };
    const next = { ...current, ...change.set, version: current.version + 1 } as ReferralRecord;
    for (const [field, value] of Object.entries(change.addToSet ?? {})) {
      const list = (next as unknown as Record<string, string[]>)[field];
      if (!list.includes(value as string)) (next as unknown as Record<string, string[]>)[field] = [...list, value as string];
    }
    this.docs.set(id, next);
    return { doc: next, written: true };
  }
}

function setup() {
  const referrals = new FakeReferrals();
  const opened: NewTask[] = [];
  const completed: string[] = [];
  const published: Array<{ type: string; data: Record<string, unknown> }> = [];
  const planned: Array<{ id: string; status: string; dueAt: Date }> = [];
  const tasks = {
    open: async (_s: SiteScope, task: NewTask) => {
      if (!opened.some((t) => t.id === task.id)) opened.push(task);
      return { _id: task.id };
    },
    completeBySystem: async (_s: SiteScope, ids: string[]) => void completed.push(...ids),
  };
  const sites = { find: async () => ({ _id: 'site-downtown', name: 'Downtown Family Clinic', timeZone: 'America/New_York', asOf: new Date() }) };
  const events = { outboxEntry: (def: { type: string }, entry: { data: Record<string, unknown> }) => (published.push({ type: def.type, data: entry.data }), entry) };
  const planner = { plan: async (r: ReferralRecord, dueAt: Date) => void planned.push({ id: r._id, status: r.status, dueAt }) };
  const config = { REFERRAL_CHASE_AFTER: parseChaseAfter('PT20S') } as PatientRecordsConfig;
  const service = new ReferralsService(referrals as never, {} as never, sites as never, tasks as never, {} as never, events as never, planner as never, config);
  return { service, referrals, opened, completed, published, planned };
}

const stepAt = new Date(Date.now() - 60_000);
const referral = (overrides: Partial<ReferralRecord> = {}): ReferralRecord => ({
  _id: 'ref-1',
  version: 2,
  patientId: 'pat-1',
  siteId: 'site-downtown',
  specialty: 'Cardiology',
  specialistName: 'Dr. Helen Park',
  status: 'sent',
  stepAt,
  steps: [],
  chasedKeys: [],
  taskIds: [],
  createdBy: 'u1',
  createdAt: stepAt,
  updatedAt: stepAt,
  ...overrides,
});

describe('referral chase timer', () => {
  it('opens one desk task and publishes one referral.chased, however often the job runs', async () => {
    const { service, referrals, opened, published } = setup();
    referrals.docs.set('ref-1', referral());
    expect(await service.chaseIfDue('ref-1', 'sent', stepAt)).toBe('chased (appointment)');
    expect(await service.chaseIfDue('ref-1', 'sent', stepAt)).toBe('chased already');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ kind: 'referral-follow-up', patientId: 'pat-1', siteId: 'site-downtown', reference: { type: 'referral', id: 'ref-1' } });
    expect(published).toEqual([{ type: 'referral.chased', data: expect.objectContaining({ referralId: 'ref-1', awaiting: 'appointment', remindPatient: true, taskId: opened[0].id, siteName: 'Downtown Family Clinic' }) }]);
    expect(referrals.docs.get('ref-1')!.taskIds).toEqual([opened[0].id]);
  });

  it('does nothing for a referral that moved on, or that has another step time', async () => {
    const { service, referrals, opened, published } = setup();
    referrals.docs.set('ref-1', referral({ status: 'appointment-known' }));
    expect(await service.chaseIfDue('ref-1', 'sent', stepAt)).toBe('moved on (appointment-known)');
    expect(await service.chaseIfDue('ref-1', 'appointment-known', new Date(stepAt.getTime() - 1))).toMatch(/^moved on/);
    expect(await service.chaseIfDue('no-such', 'sent', stepAt)).toBe('no such referral');
    expect(opened).toEqual([]);
    expect(published).toEqual([]);
  });

  it('tells the desk only (no patient reminder) while the letter is not sent', async () => {
    const { service, referrals, published } = setup();
    referrals.docs.set('ref-1', referral({ status: 'created' }));
    await service.chaseIfDue('ref-1', 'created', stepAt);
    expect(published[0].data).toMatchObject({ awaiting: 'letter', remindPatient: false });
  });
});

describe('referral chases for the job reconciler', () => {
  it('lists the chase of every open referral not chased at its step, and none of ended or chased ones', async () => {
    const { service, referrals } = setup();
    referrals.docs.set('open', referral({ _id: 'open' }));
    referrals.docs.set('closed', referral({ _id: 'closed', status: 'closed' }));
    referrals.docs.set('cancelled', referral({ _id: 'cancelled', status: 'cancelled' }));
    referrals.docs.set('chased', referral({ _id: 'chased', chasedKeys: [`chased_sent_${stepAt.getTime()}`] }));
    const jobs = await service.plannedChases();
    expect(jobs).toEqual([{ data: { referralId: 'open', status: 'sent', stepAt: stepAt.toISOString(), correlationId: expect.any(String) }, dueAt: new Date(stepAt.getTime() + 20_000), name: 'referral-chase' }]);
  });
});
