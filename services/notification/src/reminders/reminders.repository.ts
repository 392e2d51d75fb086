import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { MessageStatus } from '@clinic-flow/contracts';
import { DocumentLocks, OutboxEntry, OutboxRelay, initialOutbox, updateWithOutbox } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { AppointmentViewRecord, AppointmentViewSchema, ReminderRecord, ReminderSchema } from './reminders.schema';

type NewReminder = Omit<ReminderRecord, 'version' | 'outbox' | 'outboxPending'>;

/** The only code that touches the appointment view and reminders collections. */
@Injectable()
export class RemindersRepository {
  private readonly views: Model<AppointmentViewRecord>;
  private readonly reminders: Model<ReminderRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
  ) {
    this.views = connection.model<AppointmentViewRecord>('AppointmentView', AppointmentViewSchema, 'appointment_views');
    this.reminders = connection.model<ReminderRecord>('Reminder', ReminderSchema, 'reminders');
    relay.register(this.reminders);
  }

  /** First write wins: a redelivered booking never overwrites a later cancellation. */
  async createView(view: AppointmentViewRecord): Promise<void> {
    const { _id, ...fields } = view;
    await this.locks.forDocument(this.views, _id, () => this.views.updateOne({ _id }, { $setOnInsert: fields }, { upsert: true }));
  }

  async setViewStatus(id: string, status: AppointmentViewRecord['status'], at: Date): Promise<void> {
    await this.locks.forDocument(this.views, id, () => this.views.updateOne({ _id: id }, { $set: { status, updatedAt: at } }));
  }

  findView(id: string): Promise<AppointmentViewRecord | null> {
    return this.views.findById(id).lean<AppointmentViewRecord>();
  }

  /** Creates the reminder unless it exists; returns what is stored either way (one round trip). */
  async createReminder(reminder: NewReminder): Promise<ReminderRecord> {
    const { _id, ...fields } = reminder;
    const stored = await this.locks.forDocument(this.reminders, _id, () =>
      this.reminders.findOneAndUpdate({ _id }, { $setOnInsert: { ...fields, ...initialOutbox([]) } }, { upsert: true, new: true }).lean<ReminderRecord>(),
    );
    return stored!;
  }

  findReminder(id: string): Promise<ReminderRecord | null> {
    return this.reminders.findById(id, { outbox: 0 }).lean<ReminderRecord>();
  }

  /** The reminders the view lists, read by _id (FerretDB scans the collection for any other filter). */
  async listForAppointment(view: AppointmentViewRecord): Promise<ReminderRecord[]> {
    const found = await Promise.all((view.reminderIds ?? []).map((id) => this.findReminder(id)));
    return found.filter((r): r is ReminderRecord => !!r).sort((a, b) => a.scheduledFor.getTime() - b.scheduledFor.getTime());
  }

  /** Moves a reminder out of `from` (with its events); null if it was no longer in that status. */
  async transition(id: string, from: MessageStatus, set: Partial<ReminderRecord>, events: OutboxEntry[] = []): Promise<ReminderRecord | null> {
    const update = { $set: { ...set, updatedAt: new Date() } };
    const updated = await this.locks.forDocument(this.reminders, id, () =>
      this.reminders
        // No projection: FerretDB 1.24 does not implement findAndModify with `fields`.
        .findOneAndUpdate({ _id: id, status: from }, events.length ? updateWithOutbox(update, events) : { ...update, $inc: { version: 1 } }, { new: true })
        .lean<ReminderRecord>(),
    );
    if (updated && events.length) this.relay.enqueue(this.reminders, id);
    return updated;
  }

  async countAttempt(id: string): Promise<void> {
    await this.locks.forDocument(this.reminders, id, () => this.reminders.updateOne({ _id: id }, { $inc: { attempts: 1, version: 1 } }));
  }
}
