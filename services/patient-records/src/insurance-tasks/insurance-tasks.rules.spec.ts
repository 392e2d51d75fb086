import type { EligibilityChangedData, EventEnvelope } from '@clinic-flow/contracts';
import type { PatientsRepository } from '../patients/patients.repository';
import type { NewTask, TasksService } from '../tasks/tasks.service';
import { InsuranceTasksConsumer } from './insurance-tasks.consumer';
import { eligibilityChangeTask, eligibilityChangeTitle } from './insurance-tasks.rules';

const change = (overrides: Partial<EligibilityChangedData> = {}): EligibilityChangedData => ({
  checkId: 'elig-2',
  previousCheckId: 'elig-1',
  coverageId: 'cov-1',
  patientId: 'pat-1',
  payerId: 'payer-acme',
  dateOfService: '2026-12-03',
  status: 'inactive',
  previousStatus: 'active',
  changes: ['status', 'terminated'],
  appointmentId: 'appt-1',
  siteId: 'site-riverside',
  ...overrides,
});

describe('eligibilityChangeTitle', () => {
  it('says what changed in words, for which visit, and what to do', () => {
    expect(eligibilityChangeTitle(change())).toBe(
      'Insurance changed for the visit on 2026-12-03: coverage went from active to inactive; coverage terminated. Please confirm the coverage with the patient (a new card?) before the visit.',
    );
    expect(eligibilityChangeTitle(change({ status: 'active', previousStatus: 'active', changes: ['plan', 'deductible-met', 'copay'], appointmentId: undefined }))).toBe(
      'Insurance changed as of 2026-12-03: plan changed; deductible now met; copay changed. Please review the coverage and what the patient will owe.',
    );
  });

  it('names every kind, and a kind it does not know (a newer producer) as other benefits', () => {
    const kinds = ['deductible-remaining', 'coinsurance', 'authorization-required', 'network-tier'];
    expect(eligibilityChangeTitle(change({ status: 'active', changes: kinds }))).toContain(
      'remaining deductible changed; coinsurance changed; prior authorization now required for some services; other benefits changed',
    );
    expect(eligibilityChangeTitle(change({ changes: [] }))).toContain('other benefits changed');
  });
});

describe('eligibilityChangeTask', () => {
  const patient = { id: 'pat-1', registeredAtSiteId: 'site-downtown' };
  const seenAt = new Date('2026-12-01T14:00:00Z');

  it("goes to the visit's site, once per check (its id from the check), linking coverage, checks and visit", () => {
    const task = eligibilityChangeTask(change(), patient, seenAt);
    expect(task).toMatchObject({
      id: 'task_eligibility-changed_elig-2', kind: 'eligibility-changed', patientId: 'pat-1', siteId: 'site-riverside', due: seenAt,
      reference: { type: 'eligibility-check', id: 'elig-2' },
      links: { coverageId: 'cov-1', checkId: 'elig-2', previousCheckId: 'elig-1', appointmentId: 'appt-1' },
    });
    expect(eligibilityChangeTask(change(), patient, new Date()).id).toBe(task.id);
  });

  it("goes to the patient's registration site when the change is for no visit", () => {
    const task = eligibilityChangeTask(change({ siteId: undefined, appointmentId: undefined }), patient, seenAt);
    expect(task.siteId).toBe('site-downtown');
    expect(task.links).toEqual({ coverageId: 'cov-1', checkId: 'elig-2', previousCheckId: 'elig-1' });
  });
});

describe('InsuranceTasksConsumer', () => {
  const patients: Record<string, { _id: string; registeredAtSiteId: string; mergedIntoPatientId?: string }> = {
    'pat-1': { _id: 'pat-1', registeredAtSiteId: 'site-downtown' },
    'pat-merged': { _id: 'pat-merged', registeredAtSiteId: 'site-riverside', mergedIntoPatientId: 'pat-1' },
  };
  let opened: Map<string, NewTask>;
  let consumer: InsuranceTasksConsumer;
  const envelope = (data: EligibilityChangedData): EventEnvelope<EligibilityChangedData> => ({
    id: `evt-${data.checkId}`, type: 'eligibility.changed', version: 1, source: 'insurance', time: '2026-12-01T14:00:00.000Z', subject: data.patientId, siteId: null, correlationId: 'c', causationId: null, data,
  });

  beforeEach(() => {
    opened = new Map();
    const repo = { findById: async (_scope: unknown, id: string) => patients[id] ?? null };
    // As TasksService.open: insertOnce under the task's id.
    const tasks = { open: async (_scope: unknown, task: NewTask) => (opened.has(task.id) ? undefined : opened.set(task.id, task)) };
    consumer = new InsuranceTasksConsumer(repo as unknown as PatientsRepository, tasks as unknown as TasksService);
  });

  it('opens one task per change, a redelivery none more, and a merged record\'s change for the survivor', async () => {
    await consumer.onEligibilityChanged(envelope(change()));
    await consumer.onEligibilityChanged(envelope(change()));
    await consumer.onEligibilityChanged(envelope(change({ checkId: 'elig-3', patientId: 'pat-merged', siteId: undefined, appointmentId: undefined })));
    expect([...opened.keys()]).toEqual(['task_eligibility-changed_elig-2', 'task_eligibility-changed_elig-3']);
    expect(opened.get('task_eligibility-changed_elig-3')).toMatchObject({ patientId: 'pat-1', siteId: 'site-downtown' });
  });

  it('opens nothing for a patient it does not know', async () => {
    await consumer.onEligibilityChanged(envelope(change({ patientId: 'pat-unknown' })));
    expect(opened.size).toBe(0);
  });
});
