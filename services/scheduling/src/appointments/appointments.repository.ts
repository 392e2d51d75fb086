import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { DocumentLocks, OutboxEntry, OutboxRelay, initialOutbox, updateWithOutbox } from '@clinic-flow/messaging';
import { InjectConnection, isDuplicateKeyError } from '@clinic-flow/platform';
import { AppointmentStatus } from '@clinic-flow/contracts';
import { AppointmentRecord, AppointmentSchema, SlotClaimRecord, SlotClaimSchema } from './appointments.schema';

/** A claim left by a booking that never committed (process died in between) is freed after this. */
const ORPHAN_CLAIM_AGE_MS = 30_000;

type NewAppointment = Omit<AppointmentRecord, 'version' | 'outbox' | 'outboxPending'>;

/** The only code that touches the appointments and slot_claims collections. */
@Injectable()
export class AppointmentsRepository {
  private readonly appointments: Model<AppointmentRecord>;
  private readonly claims: Model<SlotClaimRecord>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly relay: OutboxRelay,
    private readonly locks: DocumentLocks,
  ) {
    this.appointments = connection.model<AppointmentRecord>('Appointment', AppointmentSchema, 'appointments');
    this.claims = connection.model<SlotClaimRecord>('SlotClaim', SlotClaimSchema, 'slot_claims');
    relay.register(this.appointments);
  }

  findById(id: string): Promise<AppointmentRecord | null> {
    return this.appointments.findById(id, { outbox: 0 }).lean<AppointmentRecord>();
  }

  /**
   * Claims every grid cell for the appointment, all or nothing. The database's unique _id refuses
   * a cell that is taken, so of many concurrent bookings for one slot at most one wins. A cell
   * held by a booking still in flight (not committed yet) is retried after a short random pause,
   * so partially overlapping requests cannot all knock each other out.
   */
  async claimCells(appointmentId: string, cells: string[]): Promise<boolean> {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const createdAt = new Date();
      try {
        await this.claims.insertMany(
          cells.map((_id) => ({ _id, appointmentId, createdAt })),
          { ordered: true },
        );
        return true;
      } catch (error) {
        await this.releaseCells(appointmentId, cells);
        if (!isDuplicateKeyError(error)) throw error;
      }
      const blockers = await this.blockers(cells);
      if (blockers.committed) return false;
      if (blockers.stale.length) await Promise.all(blockers.stale.map((c) => this.claims.deleteOne({ _id: c._id, appointmentId: c.appointmentId })));
      else if (blockers.inFlight) await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
    }
    return false;
  }

  /** Who holds the cells: a committed live appointment, a booking in flight, or nobody any more. */
  private async blockers(cells: string[]): Promise<{ committed: boolean; inFlight: boolean; stale: SlotClaimRecord[] }> {
    // Look-ups by _id one at a time: FerretDB scans the collection for anything else, $in included.
    const taken = (await Promise.all(cells.map((c) => this.claims.findById(c).lean<SlotClaimRecord>()))).filter((c): c is SlotClaimRecord => !!c);
    const owners = await Promise.all([...new Set(taken.map((c) => c.appointmentId))].map((id) => this.appointments.findById(id, { status: 1 }).lean<{ _id: string; status: AppointmentStatus }>()));
    const status = new Map(owners.filter((o) => !!o).map((o) => [o!._id, o!.status]));
    const result = { committed: false, inFlight: false, stale: [] as SlotClaimRecord[] };
    for (const claim of taken) {
      const owner = status.get(claim.appointmentId);
      if (owner === 'cancelled') result.stale.push(claim);
      else if (owner !== undefined) result.committed = true;
      else if (Date.now() - new Date(claim.createdAt).getTime() > ORPHAN_CLAIM_AGE_MS) result.stale.push(claim);
      else result.inFlight = true;
    }
    return result;
  }

  /** Frees the cells this appointment holds (a cell held by another booking is left alone). */
  async releaseCells(appointmentId: string, cells: string[]): Promise<void> {
    await Promise.all(cells.map((_id) => this.claims.deleteOne({ _id, appointmentId })));
  }

  /** Commits the appointment together with its events (one document, one atomic write). */
  async insert(appointment: NewAppointment, events: OutboxEntry[]): Promise<AppointmentRecord> {
    const created = await this.appointments.create({ ...appointment, ...initialOutbox(events) });
    this.relay.enqueue(this.appointments, created._id);
    return created.toObject();
  }

  /** Moves an appointment to a new status if it is still in one of `from`; null if it is not. */
  async transition(id: string, from: readonly AppointmentStatus[], set: Partial<AppointmentRecord>, events: OutboxEntry[]): Promise<AppointmentRecord | null> {
    const updated = await this.locks.forDocument(this.appointments, id, () =>
      this.appointments
        // No projection: FerretDB 1.24 does not implement findAndModify with `fields`.
        .findOneAndUpdate({ _id: id, status: { $in: from } }, updateWithOutbox({ $set: { ...set, updatedAt: new Date() } }, events), { new: true })
        .lean<AppointmentRecord>(),
    );
    if (updated) this.relay.enqueue(this.appointments, id);
    return updated;
  }
}
