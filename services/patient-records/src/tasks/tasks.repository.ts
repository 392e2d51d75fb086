import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { TaskRecord, TaskSchema } from './tasks.schema';

/** The only code that touches the tasks collection; a task belongs to its site. */
@Injectable()
export class TasksRepository {
  private readonly tasks: AggregateStore<TaskRecord, 'bySite'>;

  constructor(stores: AggregateStores) {
    this.tasks = stores.create<TaskRecord, 'bySite'>({
      name: 'Task',
      collection: 'tasks',
      schema: TaskSchema,
      site: (t) => t.siteId,
      // A site's queue is one read by _id, not a scan (FerretDB cannot use secondary indexes).
      lookups: { bySite: { collection: 'site_tasks', field: 'taskIds', keys: (t) => [t.siteId] } },
      // A task's title may name the patient or what they are treated for.
      sealed: ['title'],
    });
  }

  /** Opens a task under its deterministic id; the same id again changes nothing. */
  insertOnce(scope: SiteScope, task: Omit<TaskRecord, 'version'>, events: OutboxEntry[]): Promise<{ doc: TaskRecord; created: boolean }> {
    return this.tasks.insertOnce(scope, task, events);
  }

  findById(scope: SiteScope, id: string): Promise<TaskRecord | null> {
    return this.tasks.findById(scope, id);
  }

  findMany(scope: SiteScope, ids: string[]): Promise<TaskRecord[]> {
    return this.tasks.findMany(scope, ids);
  }

  atSite(scope: SiteScope, siteId: string): Promise<TaskRecord[]> {
    return this.tasks.findBy(scope, 'bySite', siteId);
  }

  async update<R>(scope: SiteScope, id: string, decide: (current: TaskRecord) => Decision<TaskRecord, R>): Promise<{ doc: TaskRecord; result?: R } | null> {
    return this.tasks.update(scope, id, decide);
  }
}
