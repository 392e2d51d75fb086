import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { MessageStatus } from '@clinic-flow/contracts';
import { AggregateStore, AggregateStores, DocumentLocks, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { isNewer } from './messages.rules';
import { AppointmentViewRecord, AppointmentViewSchema, MessageRecord, MessageSchema } from './messages.schema';

export type NewMessage = Omit<MessageRecord, 'version'>;
type ViewFields = Partial<Omit<AppointmentViewRecord, '_id' | 'reminderIds' | 'revision' | 'asOf' | 'updatedAt'>>;

/** The only code that touches the appointment views, the messages and the per-patient message look-up. */
@Injectable()
export class MessagesRepository {
  private readonly views: Model<AppointmentViewRecord>;
  private readonly messages: AggregateStore<MessageRecord, 'byPatient'>;

  constructor(
    @InjectConnection() connection: Connection,
    stores: AggregateStores,
    private readonly locks: DocumentLocks,
  ) {
    this.views = connection.model<AppointmentViewRecord>('AppointmentView', AppointmentViewSchema, 'appointment_views');
    // The collections keep the names they had when every message was a reminder: stored messages,
    // views and look-ups must still be found.
    this.messages = stores.create<MessageRecord, 'byPatient'>({
      name: 'Reminder',
      collection: 'reminders',
      schema: MessageSchema,
      site: (r) => r.siteId,
      // "All messages of a patient" is one read by _id, not a scan.
      lookups: { byPatient: { collection: 'patient_messages', field: 'messageIds', keys: (r) => [r.patientId] } },
      // What a message talks about (its document link included) and provider errors that may quote an address.
      sealed: ['snapshot', 'failureReason'],
    });
  }

  /**
   * Applies an appointment event to its view: creates the view if it is the first event seen,
   * updates it if the event is newer than what the view holds (revision, else event time), and
   * otherwise leaves it alone (a late or duplicate event). Returns the view as it now is.
   */
  async applyToView(id: string, order: { revision?: number; at: Date }, fields: ViewFields): Promise<{ view: AppointmentViewRecord; applied: boolean }> {
    return this.locks.forDocument(this.views, id, async () => {
      const current = await this.views.findById(id).lean<AppointmentViewRecord>();
      if (current && !isNewer(order, current)) return { view: current, applied: false };
      const set = { ...fields, ...(order.revision !== undefined ? { revision: order.revision } : {}), asOf: order.at, updatedAt: new Date() };
      if (!current) {
        const view = { _id: id, reminderIds: [], ...set } as AppointmentViewRecord;
        await this.views.create(view);
        return { view, applied: true };
      }
      await this.views.updateOne({ _id: id }, { $set: set });
      return { view: { ...current, ...set }, applied: true };
    });
  }

  /** An appointment's view; 403 AUTH.SITE_FORBIDDEN if its site is out of scope. */
  async findView(scope: SiteScope, id: string): Promise<AppointmentViewRecord | null> {
    const view = await this.views.findById(id).lean<AppointmentViewRecord>();
    if (view) scope.assert(view.siteId);
    return view;
  }

  async addToView(id: string, messageIds: string[]): Promise<void> {
    if (!messageIds.length) return;
    await this.locks.forDocument(this.views, id, () => this.views.updateOne({ _id: id }, { $addToSet: { reminderIds: { $each: messageIds } } }));
  }

  /** Creates the message unless it exists; returns what is stored either way and whether it is new. */
  async createMessage(scope: SiteScope, message: NewMessage, events: OutboxEntry[] = []): Promise<{ record: MessageRecord; created: boolean }> {
    const { doc, created } = await this.messages.insertOnce(scope, message, events);
    return { record: doc, created };
  }

  findMessage(scope: SiteScope, id: string): Promise<MessageRecord | null> {
    return this.messages.findById(scope, id);
  }

  /** The messages the view lists, read by _id (FerretDB scans the collection for any other filter). */
  async listForAppointment(scope: SiteScope, view: AppointmentViewRecord): Promise<MessageRecord[]> {
    return byScheduledTime(await this.messages.findMany(scope, view.reminderIds ?? []));
  }

  async listForPatient(scope: SiteScope, patientId: string): Promise<MessageRecord[]> {
    return byScheduledTime(await this.messages.findBy(scope, 'byPatient', patientId));
  }

  /**
   * Messages still to be sent or being sent, with the fields the reconciler needs: a scan of the
   * collection (FerretDB has no secondary indexes; on MongoDB index `status`).
   */
  listLive(): Promise<Array<Pick<MessageRecord, '_id' | 'kind' | 'siteId' | 'status' | 'scheduledFor' | 'updatedAt' | 'channel'>>> {
    return this.messages.scan(SiteScope.service('message reconciliation'), { status: { $in: ['scheduled', 'sending'] } }, ['kind', 'siteId', 'status', 'scheduledFor', 'updatedAt', 'channel']);
  }

  /** Moves a message from one patient record to another (a merge or its undo) if it is still under `from`; true if it moved. */
  async reassignMessage(scope: SiteScope, id: string, from: string, to: string): Promise<boolean> {
    const outcome = await this.messages.update(scope, id, (current) => (current.patientId === from ? { set: { patientId: to, updatedAt: new Date() } } : null));
    return !!outcome?.written;
  }

  /** Moves an appointment view to another patient record if it is still under `from` (read and written by _id). */
  async reassignView(id: string, from: string, to: string): Promise<void> {
    await this.locks.forDocument(this.views, id, async () => {
      const view = await this.views.findById(id, { patientId: 1 }).lean<Pick<AppointmentViewRecord, 'patientId'>>();
      if (view?.patientId === from) await this.views.updateOne({ _id: id }, { $set: { patientId: to, updatedAt: new Date() } });
    });
  }

  /**
   * Moves a message out of one of the `from` statuses (with its events, one conditional write by
   * _id); false if it was no longer in one of them. `inc` adds to counters in the same write.
   */
  async transition(
    scope: SiteScope,
    id: string,
    from: MessageStatus | MessageStatus[],
    set: Partial<MessageRecord>,
    events: OutboxEntry[] = [],
    inc: Record<string, number> = {},
  ): Promise<boolean> {
    const statuses: MessageStatus[] = Array.isArray(from) ? from : [from];
    const outcome = await this.messages.update(scope, id, (current) =>
      statuses.includes(current.status) ? { set: { ...set, updatedAt: new Date() }, events, ...(Object.keys(inc).length ? { inc } : {}) } : null,
    );
    return !!outcome?.written;
  }

  /** Like `transition`, for a condition on the whole message as it is now (one conditional write by _id). */
  async transitionIf(scope: SiteScope, id: string, when: (current: MessageRecord) => boolean, set: Partial<MessageRecord>, events: OutboxEntry[] = []): Promise<boolean> {
    const outcome = await this.messages.update(scope, id, (current) => (when(current) ? { set: { ...set, updatedAt: new Date() }, events } : null));
    return !!outcome?.written;
  }
}

const byScheduledTime = (messages: MessageRecord[]): MessageRecord[] => messages.sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
