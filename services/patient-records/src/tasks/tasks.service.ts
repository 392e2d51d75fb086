import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { TaskCompletedV1, TaskDto, TaskKind, TaskListResponse, TaskOpenedV1, TaskStatus } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { notFound } from '@clinic-flow/platform';
import { TasksRepository } from './tasks.repository';
import { TaskRecord } from './tasks.schema';

export const toTaskDto = (t: TaskRecord): TaskDto => ({
  id: t._id,
  kind: t.kind,
  patientId: t.patientId,
  siteId: t.siteId,
  title: t.title,
  due: t.due.toISOString(),
  status: t.status,
  reference: { type: t.referenceType, id: t.referenceId },
  ...(t.links ? { links: t.links } : {}),
  createdAt: t.createdAt.toISOString(),
  ...(t.completedAt ? { completedAt: t.completedAt.toISOString() } : {}),
  ...(t.completedBy ? { completedBy: t.completedBy } : {}),
});

export interface NewTask {
  /** Deterministic, so the same cause opens one task however often it is handled. */
  id: string;
  kind: TaskKind;
  patientId: string;
  siteId: string;
  title: string;
  due: Date;
  reference: { type: string; id: string };
  links?: TaskRecord['links'];
}

/** The front desk's work queue per site: tasks other features open, people complete. */
@Injectable()
export class TasksService {
  constructor(
    private readonly tasks: TasksRepository,
    private readonly events: EventFactory,
  ) {}

  /** Opens a task with `task.opened` (once per id). */
  async open(scope: SiteScope, task: NewTask): Promise<TaskRecord> {
    const record: Omit<TaskRecord, 'version'> = {
      _id: task.id,
      kind: task.kind,
      patientId: task.patientId,
      siteId: task.siteId,
      title: task.title,
      due: task.due,
      status: 'open',
      referenceType: task.reference.type,
      referenceId: task.reference.id,
      ...(task.links ? { links: task.links } : {}),
      createdAt: new Date(),
    };
    const opened = this.events.outboxEntry(TaskOpenedV1, {
      subject: task.patientId,
      siteId: task.siteId,
      data: { taskId: task.id, kind: task.kind, patientId: task.patientId, siteId: task.siteId, due: task.due.toISOString(), referenceType: task.reference.type, referenceId: task.reference.id },
    });
    return (await this.tasks.insertOnce(scope, record, [opened])).doc;
  }

  /** A site's tasks, soonest due first (open ones by default). */
  async list(user: AuthUser, query: { siteId: string; status?: TaskStatus }): Promise<TaskListResponse> {
    const scope = SiteScope.of(user);
    scope.assert(query.siteId);
    const status = query.status ?? 'open';
    const items = (await this.tasks.atSite(scope, query.siteId)).filter((t) => t.status === status).sort((a, b) => a.due.getTime() - b.due.getTime() || a._id.localeCompare(b._id));
    return { items: items.map(toTaskDto), total: items.length };
  }

  /** Marks a task done; done already is the same answer (a double click). */
  async complete(user: AuthUser, id: string): Promise<TaskDto> {
    const scope = SiteScope.of(user);
    // A task of another site's desk is answered like one that does not exist (no 403 that says it does).
    const task = await this.tasks.findById(SiteScope.service('finding a task'), id);
    const done = task && scope.covers(task.siteId) ? await this.markDone(scope, id, user.id) : null;
    if (!done) throw notFound('TASK.NOT_FOUND', `There is no task ${id}.`);
    return toTaskDto(done);
  }

  /** Closes the open tasks among these ids by themselves: what they waited for happened. */
  async completeBySystem(scope: SiteScope, ids: string[]): Promise<void> {
    for (const id of ids) await this.markDone(scope, id, 'system');
  }

  private async markDone(scope: SiteScope, id: string, by: string): Promise<TaskRecord | null> {
    const outcome = await this.tasks.update(scope, id, (current) => {
      if (current.status === 'done') return null;
      const completedAt = new Date();
      const event = this.events.outboxEntry(TaskCompletedV1, {
        subject: current.patientId,
        siteId: current.siteId,
        data: { taskId: id, kind: current.kind, patientId: current.patientId, siteId: current.siteId, completedBy: by, completedAt: completedAt.toISOString() },
      });
      return { set: { status: 'done', completedAt, completedBy: by }, events: [event] };
    });
    return outcome?.doc ?? null;
  }
}
