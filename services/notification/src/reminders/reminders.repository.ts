import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { MessageStatus } from '@clinic-flow/contracts';
import { DocumentLocks, OutboxEntry, OutboxRelay, initialOutbox, updateWithOutbox } from '@clinic-flow/messaging';
import { InjectConnection, isDuplicateKeyError } from '@clinic-flow/platform';
import { isNewer } from './reminders.rules';
import {
  AppointmentViewRecord,
  AppointmentViewSchema,
  PatientMessagesRecord,
  PatientMessagesSchema,
  ReminderRecord,
  ReminderSchema,
} from './reminders.schema';

export type NewReminder = Omit<ReminderRecord, 'version' | 'outbox' | 'outboxPending'>;
type ViewFields = Partial<Omit<AppointmentViewRecord, '_id' | 'reminderIds' | 'revision' | 'asOf' | 'updatedAt'>>;

/** The only code that touches the appointment views, messages (`reminders`) and per-patient message index. */
@Injectable()
export class RemindersRepository {
  private readonly views: Model<AppointmentViewRecord>;
  private readonly reminders: Model<ReminderRecord>;
  private readonly byPatient: Model<PatientMessagesRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
  ) {
    this.views = connection.model<AppointmentViewRecord>('AppointmentView', AppointmentViewSchema, 'appointment_views');
    this.reminders = connection.model<ReminderRecord>('Reminder', ReminderSchema, 'reminders');
    this.byPatient = connection.model<PatientMessagesRecord>('PatientMessages', PatientMessagesSchema, 'patient_messages');
    relay.register(this.reminders);
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

  findView(id: string): Promise<AppointmentViewRecord | null> {
    return this.views.findById(id).lean<AppointmentViewRecord>();
  }

  async addToView(id: string, messageIds: string[]): Promise<void> {
    if (!messageIds.length) return;
    await this.locks.forDocument(this.views, id, () => this.views.updateOne({ _id: id }, { $addToSet: { reminderIds: { $each: messageIds } } }));
  }

  async addToPatient(patientId: string, messageIds: string[]): Promise<void> {
    if (!messageIds.length) return;
    await this.locks.forDocument(this.byPatient, patientId, () =>
      this.byPatient.updateOne({ _id: patientId }, { $addToSet: { messageIds: { $each: messageIds } } }, { upsert: true }),
    );
  }

  /** Creates the message unless it exists; returns what is stored either way and whether it is new. */
  async createReminder(reminder: NewReminder): Promise<{ record: ReminderRecord; created: boolean }> {
    return this.locks.forDocument(this.reminders, reminder._id, async () => {
      const existing = await this.findReminder(reminder._id);
      if (existing) return { record: existing, created: false };
      try {
        const record = { ...reminder, ...initialOutbox([]) };
        await this.reminders.create(record);
        return { record, created: true };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
        return { record: (await this.findReminder(reminder._id))!, created: false };
      }
    });
  }

  findReminder(id: string): Promise<ReminderRecord | null> {
    return this.reminders.findById(id, { outbox: 0 }).lean<ReminderRecord>();
  }

  async findMany(ids: string[]): Promise<ReminderRecord[]> {
    const found = await Promise.all(ids.map((id) => this.findReminder(id)));
    return found.filter((r): r is ReminderRecord => !!r).sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
  }

  /** The messages the view lists, read by _id (FerretDB scans the collection for any other filter). */
  listForAppointment(view: AppointmentViewRecord): Promise<ReminderRecord[]> {
    return this.findMany(view.reminderIds ?? []);
  }

  async listForPatient(patientId: string): Promise<ReminderRecord[]> {
    const index = await this.byPatient.findById(patientId).lean<PatientMessagesRecord>();
    return this.findMany(index?.messageIds ?? []);
  }

  /**
   * Moves a message out of one of the `from` statuses (with its events, one conditional write by
   * _id); false if it was no longer in one of them. `inc` adds to counters in the same write.
   */
  async transition(
    id: string,
    from: MessageStatus | MessageStatus[],
    set: Partial<ReminderRecord>,
    events: OutboxEntry[] = [],
    inc: Record<string, number> = {},
  ): Promise<boolean> {
    const statuses = Array.isArray(from) ? from : [from];
    const update = { $set: { ...set, updatedAt: new Date() }, ...(Object.keys(inc).length ? { $inc: inc } : {}) };
    const change = events.length ? updateWithOutbox(update, events) : { ...update, $inc: { ...inc, version: 1 } };
    const result = await this.locks.forDocument(this.reminders, id, () => this.reminders.updateOne({ _id: id, status: { $in: statuses } }, change));
    const moved = result.modifiedCount === 1;
    if (moved && events.length) this.relay.enqueue(this.reminders, id);
    return moved;
  }
}
