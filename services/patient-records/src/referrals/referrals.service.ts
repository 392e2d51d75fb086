import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import {
  CreateReferralRequest,
  RecordReferralStepRequest,
  ReferralChasedV1,
  ReferralCreatedV1,
  ReferralDto,
  ReferralListResponse,
  ReferralStatus,
  ReferralStepRecordedV1,
} from '@clinic-flow/contracts';
import { DEMO_REFERRALS, DemoReferral } from '@clinic-flow/demo-data';
import { EventFactory, jobSource, OutboxEntry, PlannedJob } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog, notFound } from '@clinic-flow/platform';
import type { PatientRecordsConfig } from '../config';
import { DocumentsService } from '../documents/documents.service';
import { PatientAccess } from '../patients/patient-access';
import { SitesRepository } from '../sites/sites.repository';
import { TasksService } from '../tasks/tasks.service';
import { ReferralChaseJobData, ReferralChasePlanner, ReferralChaseQueue } from './referral-chase.queue';
import { ReferralsRepository } from './referrals.repository';
import { assertStep, awaitingOf, chaseDueAt, chaseKey, isOpen, TASK_TITLES } from './referrals.rules';
import { ReferralRecord } from './referrals.schema';

/** Timers and the reconcile act for the service itself, on referrals of every site. */
const CHASE = SiteScope.service('referral chase');

/**
 * Referrals to specialists, from creation to their end, and their chase: after each committed
 * step a timer is planned for the next; when it fires and the referral has not moved on, the desk
 * gets a task and (when the patient can act) `referral.chased` has notification remind them.
 */
@Injectable()
export class ReferralsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReferralsService.name);

  constructor(
    private readonly referrals: ReferralsRepository,
    private readonly access: PatientAccess,
    private readonly sites: SitesRepository,
    private readonly tasks: TasksService,
    private readonly documents: DocumentsService,
    private readonly events: EventFactory,
    private readonly planner: ReferralChasePlanner,
    @Inject(APP_CONFIG) private readonly config: PatientRecordsConfig,
  ) {}

  toDto(r: ReferralRecord): ReferralDto {
    const waiting = awaitingOf(r.status);
    const due = chaseDueAt(r, this.config.REFERRAL_CHASE_AFTER);
    return {
      id: r._id,
      patientId: r.patientId,
      siteId: r.siteId,
      specialty: r.specialty,
      specialistName: r.specialistName,
      ...(r.practice ? { practice: r.practice } : {}),
      ...(r.reasonCode ? { reasonCode: r.reasonCode } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      status: r.status,
      ...(waiting ? { awaiting: waiting.awaiting } : {}),
      ...(due && !r.chasedKeys.includes(chaseKey(r._id, r.status, r.stepAt)) ? { chaseDueAt: due.toISOString() } : {}),
      ...(r.appointmentOn ? { appointment: { at: r.appointmentOn, with: r.appointmentWith ?? r.specialistName } } : {}),
      ...(r.reportDocumentId ? { reportDocumentId: r.reportDocumentId } : {}),
      ...(r.letterId ? { letterId: r.letterId } : {}),
      steps: r.steps.map((s) => ({ status: s.status, at: s.at.toISOString(), by: s.by, ...(s.note ? { note: s.note } : {}) })),
      taskIds: r.taskIds,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  async create(patientId: string, request: CreateReferralRequest, user: AuthUser): Promise<ReferralDto> {
    const { siteId, scope } = await this.access.open(SiteScope.of(user), patientId);
    const now = new Date();
    const id = randomUUID();
    const record: Omit<ReferralRecord, 'version'> = {
      _id: id,
      patientId,
      siteId,
      specialty: request.specialty.trim(),
      specialistName: request.specialistName.trim(),
      ...(request.practice ? { practice: request.practice.trim() } : {}),
      ...(request.reasonCode ? { reasonCode: request.reasonCode.toUpperCase() } : {}),
      ...(request.reason ? { reason: request.reason.trim() } : {}),
      status: 'created',
      stepAt: now,
      steps: [{ status: 'created', at: now, by: user.id }],
      chasedKeys: [],
      taskIds: [],
      createdBy: user.id,
      createdAt: now,
      updatedAt: now,
    };
    const created = this.events.outboxEntry(ReferralCreatedV1, {
      subject: patientId,
      siteId,
      data: { referralId: id, patientId, siteId, createdBy: user.id, createdAt: now.toISOString() },
    });
    const referral = await this.referrals.insert(scope, record, [created]);
    await this.afterCommit(referral);
    return this.toDto(referral);
  }

  async list(patientId: string, user: AuthUser): Promise<ReferralListResponse> {
    const { recordIds, scope } = await this.access.open(SiteScope.of(user), patientId);
    const items = (await this.referrals.ofPatient(scope, recordIds)).sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    return { items: items.map((r) => this.toDto(r)), total: items.length };
  }

  async get(id: string, user: AuthUser): Promise<ReferralDto> {
    return this.toDto(await this.find(SiteScope.of(user), id));
  }

  /** The referral, if the caller may open its patient (PatientAccess); 404 REFERRAL.NOT_FOUND otherwise, as for one that does not exist. */
  async find(scope: SiteScope, id: string): Promise<ReferralRecord> {
    return (await this.findOpened(scope, id)).referral;
  }

  /** The referral and the scope of its patient's entries (PatientAccess's widened scope). */
  private async findOpened(caller: SiteScope, id: string): Promise<{ referral: ReferralRecord; scope: SiteScope }> {
    const { entry, opened } = await this.access.openEntry(caller, (lookup) => this.referrals.findById(lookup, id), () => notFound('REFERRAL.NOT_FOUND', `There is no referral ${id}.`));
    return { referral: entry, scope: opened.scope };
  }

  async recordStep(id: string, request: RecordReferralStepRequest, user: AuthUser): Promise<ReferralDto> {
    const { referral, scope } = await this.findOpened(SiteScope.of(user), id);
    // The report is an outside-record document of this patient, stored first (404 DOCUMENT.NOT_FOUND otherwise).
    if (request.status === 'report-received') await this.documents.get(user, referral.patientId, request.reportDocumentId!);
    const site = await this.sites.find(referral.siteId);
    const appointmentAt = request.appointmentAt ? DateTime.fromISO(request.appointmentAt, { zone: site?.timeZone ?? 'UTC', setZone: false }).toJSDate() : undefined;
    const updated = await this.step(scope, id, request.status, user.id, {
      ...(request.status === 'appointment-known' ? { appointmentOn: request.appointmentAt, appointmentAt, appointmentWith: request.appointmentWith?.trim() } : {}),
      ...(request.status === 'report-received' ? { reportDocumentId: request.reportDocumentId } : {}),
      note: request.note?.trim(),
    });
    return this.toDto(updated);
  }

  /** The referral letter was issued: the referral is sent (if it had not gone further already). */
  async letterIssued(caller: SiteScope, id: string, letterId: string, by: string): Promise<void> {
    const { referral, scope } = await this.findOpened(caller, id);
    if (referral.status !== 'created') {
      await this.referrals.update(scope, id, () => ({ set: { letterId, updatedAt: new Date() } }));
      return;
    }
    await this.step(scope, id, 'sent', by, { letterId });
  }

  /** Refuses a referral the letter cannot be for (ended), before the letter is written. */
  async assertOpen(scope: SiteScope, id: string): Promise<ReferralRecord> {
    const referral = await this.find(scope, id);
    if (!isOpen(referral.status)) assertStep(referral.status, 'sent');
    return referral;
  }

  private async step(
    scope: SiteScope,
    id: string,
    status: Exclude<ReferralStatus, 'created'>,
    by: string,
    details: Partial<Pick<ReferralRecord, 'appointmentOn' | 'appointmentAt' | 'appointmentWith' | 'reportDocumentId' | 'letterId'>> & { note?: string },
  ): Promise<ReferralRecord> {
    const { note, ...fields } = details;
    const outcome = await this.referrals.update(scope, id, (current) => {
      assertStep(current.status, status);
      const at = new Date();
      const recorded = this.events.outboxEntry(ReferralStepRecordedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: { referralId: id, patientId: current.patientId, siteId: current.siteId, from: current.status, status, recordedBy: by, recordedAt: at.toISOString() },
      });
      const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      return {
        set: { ...defined, status, stepAt: at, updatedAt: at },
        push: { steps: { status, at, by, ...(note ? { note } : {}) } },
        events: [recorded],
      };
    });
    if (!outcome) throw notFound('REFERRAL.NOT_FOUND', `There is no referral ${id}.`);
    await this.afterCommit(outcome.doc);
    return outcome.doc;
  }

  /**
   * After a committed write: plan the chase of the new step, and close the tasks of earlier
   * chases (what they waited for happened). Best effort: the job reconciler re-plans a
   * timer lost here.
   */
  private async afterCommit(referral: ReferralRecord): Promise<void> {
    try {
      await this.planChase(referral);
      const open = referral.taskIds.filter((t) => !t.endsWith(chaseKey(referral._id, referral.status, referral.stepAt)));
      if (open.length) await this.tasks.completeBySystem(CHASE, open);
    } catch (error) {
      this.logger.error(`referral ${referral._id}: planning its chase failed (the job reconciler re-plans it): ${errorMessageForLog(error)}`);
    }
  }

  private async planChase(referral: ReferralRecord): Promise<void> {
    const due = chaseDueAt(referral, this.config.REFERRAL_CHASE_AFTER);
    if (!due || referral.chasedKeys.includes(chaseKey(referral._id, referral.status, referral.stepAt))) return;
    await this.planner.plan(referral, due);
  }

  /**
   * The chase timer: re-reads the referral; if it is still at the step the timer was planned for
   * and not chased yet, opens the desk's task (deterministic id) and records the chase with
   * `referral.chased` in one write. A retry after a crash finds the task there and finishes.
   */
  async chaseIfDue(id: string, status: ReferralStatus, stepAt: Date): Promise<string> {
    const referral = await this.referrals.findById(CHASE, id);
    if (!referral) return 'no such referral';
    const key = chaseKey(id, status, stepAt);
    if (referral.status !== status || referral.stepAt.getTime() !== stepAt.getTime()) return `moved on (${referral.status})`;
    if (referral.chasedKeys.includes(key)) return 'chased already';
    const waiting = awaitingOf(status)!;
    const site = await this.sites.find(referral.siteId);
    const task = await this.tasks.open(CHASE, {
      id: `task_referral-chase_${key}`,
      kind: 'referral-follow-up',
      patientId: referral.patientId,
      siteId: referral.siteId,
      title: TASK_TITLES[waiting.awaiting],
      due: new Date(),
      reference: { type: 'referral', id },
    });
    const outcome = await this.referrals.update(CHASE, id, (current) => {
      if (current.chasedKeys.includes(key) || current.status !== status || current.stepAt.getTime() !== stepAt.getTime()) return null;
      const chased: OutboxEntry = this.events.outboxEntry(ReferralChasedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: {
          referralId: id,
          patientId: current.patientId,
          siteId: current.siteId,
          siteName: site?.name ?? current.siteId,
          siteTimeZone: site?.timeZone ?? 'UTC',
          status,
          awaiting: waiting.awaiting,
          remindPatient: waiting.remindPatient,
          taskId: task._id,
          chasedAt: new Date().toISOString(),
        },
      });
      return { addToSet: { chasedKeys: key, taskIds: task._id }, set: { updatedAt: new Date() }, events: [chased] };
    });
    if (!outcome?.written) {
      // It moved on between the read and the write: the task waits for nothing any more.
      await this.tasks.completeBySystem(CHASE, [task._id]);
      return 'moved on while chasing';
    }
    return `chased (${waiting.awaiting})`;
  }

  /**
   * The demo referrals (SEED_DEMO_DATA), through the same write and events as the desk's; one was
   * sent long ago, so its chase comes due at once and `npm start` shows a task and a reminder.
   * Idempotent: existing ids are left alone.
   */
  async seedDemo(referrals: readonly DemoReferral[]): Promise<number> {
    const scope = SiteScope.service('demo-seed');
    let created = 0;
    for (const demo of referrals) {
      const opened = await this.access.open(scope, demo.patientId).catch(() => null);
      if (!opened) continue;
      const createdAt = new Date(Date.now() - (demo.sentDaysAgo ?? 0) * 86_400_000 - 3_600_000);
      const sentAt = demo.sentDaysAgo !== undefined ? new Date(Date.now() - demo.sentDaysAgo * 86_400_000) : undefined;
      const base = { referralId: demo.id, patientId: demo.patientId, siteId: opened.siteId };
      const events = [this.events.outboxEntry(ReferralCreatedV1, { subject: demo.patientId, siteId: opened.siteId, data: { ...base, createdBy: 'demo-seed', createdAt: createdAt.toISOString() } })];
      if (sentAt) {
        events.push(
          this.events.outboxEntry(ReferralStepRecordedV1, { subject: demo.patientId, siteId: opened.siteId, data: { ...base, from: 'created', status: 'sent', recordedBy: 'demo-seed', recordedAt: sentAt.toISOString() } }),
        );
      }
      const outcome = await this.referrals.insertOnce(
        scope,
        {
          _id: demo.id,
          patientId: demo.patientId,
          siteId: opened.siteId,
          specialty: demo.specialty,
          specialistName: demo.specialistName,
          ...(demo.practice ? { practice: demo.practice } : {}),
          ...(demo.reasonCode ? { reasonCode: demo.reasonCode } : {}),
          ...(demo.reason ? { reason: demo.reason } : {}),
          status: sentAt ? 'sent' : 'created',
          stepAt: sentAt ?? createdAt,
          steps: [{ status: 'created', at: createdAt, by: 'demo-seed' }, ...(sentAt ? [{ status: 'sent' as const, at: sentAt, by: 'demo-seed' }] : [])],
          chasedKeys: [],
          taskIds: [],
          createdBy: 'demo-seed',
          createdAt,
          updatedAt: sentAt ?? createdAt,
        },
        events,
      );
      if (!outcome.created) continue;
      created += 1;
      await this.afterCommit(outcome.doc);
    }
    return created;
  }

  /** At start: the demo referrals (their chases are planned as they are written). */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.SEED_DEMO_DATA) {
      const created = await this.seedDemo(DEMO_REFERRALS);
      if (created) this.logger.log(`seeded ${created} demo referrals`);
    }
  }

  /**
   * The chase of every open referral not chased at its current step: the planned work the job
   * reconciler compares with Redis (at start and periodically), so a timer lost after the write
   * or with Redis is planned again.
   */
  async plannedChases(): Promise<Array<PlannedJob<ReferralChaseJobData>>> {
    const jobs: Array<PlannedJob<ReferralChaseJobData>> = [];
    for (const referral of await this.referrals.all(CHASE)) {
      if (!isOpen(referral.status)) continue;
      const due = chaseDueAt(referral, this.config.REFERRAL_CHASE_AFTER);
      if (!due || referral.chasedKeys.includes(chaseKey(referral._id, referral.status, referral.stepAt))) continue;
      jobs.push({ data: { referralId: referral._id, status: referral.status, stepAt: referral.stepAt.toISOString(), correlationId: randomUUID() }, dueAt: due, name: 'referral-chase' });
    }
    return jobs;
  }
}

export const referralChaseSource = jobSource(ReferralChaseQueue, { inject: [ReferralsService], planned: (referrals: ReferralsService) => referrals.plannedChases() });
