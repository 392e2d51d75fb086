import { Injectable, Logger } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, DocumentLocks, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection, isDuplicateKeyError, notFound } from '@clinic-flow/platform';
import { HOLDS_TIME } from './appointments.rules';
import { AppointmentRecord, AppointmentSchema, HistoryEntry, SlotClaimRecord, SlotClaimSchema } from './appointments.schema';

/** A claim left by a booking or move that never committed (process died in between) is freed after this. */
const ORPHAN_CLAIM_AGE_MS = 30_000;

type NewAppointment = Omit<AppointmentRecord, 'version'>;

/** Whether a claim's owner still holds it is a question about the cell, across every site. */
const CLAIM_OWNERS = SiteScope.service('slot claim owners');

/** What a change decides, given the appointment as it is: fields to set, one history line, its events. */
export interface AppointmentChange {
  set: Partial<Omit<AppointmentRecord, '_id' | 'revision' | 'history' | 'version'>>;
  history: HistoryEntry;
  events: OutboxEntry[];
}

type Owner = Pick<AppointmentRecord, '_id' | 'status' | 'claims'>;

/** The only code that touches the appointments, slot_claims and patient_appointments collections. */
@Injectable()
export class AppointmentsRepository {
  private readonly appointments: AggregateStore<AppointmentRecord, 'byPatient'>;
  private readonly claims: Model<SlotClaimRecord>;
  private readonly logger = new Logger(AppointmentsRepository.name);

  constructor(
    @InjectConnection() connection: Connection,
    stores: AggregateStores,
    private readonly locks: DocumentLocks,
  ) {
    this.appointments = stores.create<AppointmentRecord, 'byPatient'>({
      name: 'Appointment',
      collection: 'appointments',
      schema: AppointmentSchema,
      site: (a) => a.siteId,
      // "A patient's appointments" is one read by _id plus one per appointment (FerretDB scans for a filter on patientId).
      lookups: { byPatient: { collection: 'patient_appointments', field: 'appointmentIds', keys: (a) => [a.patientId] } },
      // Why the patient comes and the reasons given along the way (free text); times, people and status stay readable.
      sealed: ['reason', 'overbookReason', 'cancellation', 'history'],
    });
    this.claims = connection.model<SlotClaimRecord>('SlotClaim', SlotClaimSchema, 'slot_claims');
  }

  findById(scope: SiteScope, id: string): Promise<AppointmentRecord | null> {
    return this.appointments.findById(scope, id);
  }

  /**
   * Appointments still booked or confirmed (each has an automatic no-show planned), with their
   * start: a scan for the job reconciler (FerretDB has no secondary indexes; on MongoDB index `status`).
   */
  listOpen(): Promise<Array<Pick<AppointmentRecord, '_id' | 'siteId' | 'start' | 'status'>>> {
    return this.appointments.scan(SiteScope.service('job reconciliation'), { status: { $in: ['booked', 'confirmed'] } }, ['siteId', 'start', 'status']);
  }

  /**
   * Claims every cell, all or nothing. The database's unique _id refuses a cell that is taken, so
   * of many concurrent claims of one cell at most one wins. A cell held by a booking still in
   * flight (not committed yet) is retried after a short random pause, so partially overlapping
   * requests cannot all knock each other out; a cell whose owner no longer holds it is freed.
   */
  async claimCells(appointmentId: string, cells: string[]): Promise<boolean> {
    if (!cells.length) return true;
    for (let attempt = 1, rounds = 0; attempt <= 6 && rounds < 50; rounds++) {
      const createdAt = new Date();
      try {
        await this.claims.insertMany(
          cells.map((_id) => ({ _id, appointmentId, createdAt })),
          { ordered: true },
        );
        return true;
      } catch (error) {
        // An ordered insert stops at the first taken cell: give back what it inserted before it.
        const index = (error as { writeErrors?: Array<{ index?: number }> }).writeErrors?.[0]?.index;
        const known = typeof index === 'number' && isDuplicateKeyError(error);
        await this.releaseCells(appointmentId, known ? cells.slice(0, index) : cells);
        if (!isDuplicateKeyError(error)) throw error;
        const blockers = await this.blockers(known ? [cells[index!]] : cells);
        if (blockers.committed) return false;
        if (blockers.stale.length) {
          // Freeing a dead claim is progress, not a failed attempt.
          await Promise.all(blockers.stale.map((c) => this.releaseCells(c.appointmentId, [c._id])));
          continue;
        }
        attempt++;
        if (blockers.inFlight) await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
    return false;
  }

  /** Who holds the cells: a committed live appointment, a booking or move in flight, or nobody any more. */
  private async blockers(cells: string[]): Promise<{ committed: boolean; inFlight: boolean; stale: SlotClaimRecord[] }> {
    // Look-ups by _id one at a time: FerretDB scans the collection for anything else, $in included.
    // A cell held under the claimant's own id is judged like any other: an attempt of the same
    // Idempotency-Key still in flight (young), or one that died before committing (stale, freed).
    const taken = (await Promise.all(cells.map((c) => this.claims.findById(c).lean<SlotClaimRecord>()))).filter((c): c is SlotClaimRecord => !!c);
    const owners: Owner[] = await this.appointments.findMany(CLAIM_OWNERS, [...new Set(taken.map((c) => c.appointmentId))]);
    const byId = new Map(owners.map((o) => [o._id, o]));
    const result = { committed: false, inFlight: false, stale: [] as SlotClaimRecord[] };
    for (const claim of taken) {
      const owner = byId.get(claim.appointmentId);
      const young = Date.now() - new Date(claim.createdAt).getTime() <= ORPHAN_CLAIM_AGE_MS;
      if (owner && !HOLDS_TIME.includes(owner.status)) result.stale.push(claim);
      else if (owner && (!owner.claims || owner.claims.includes(claim._id))) result.committed = true;
      // No owner yet (booking in flight), or an owner moving here right now (reschedule in flight).
      else if (young) result.inFlight = true;
      else result.stale.push(claim);
    }
    return result;
  }

  /**
   * Frees the cells this appointment holds; a cell held by another appointment is left alone.
   * FerretDB scans the collection for any filter beyond _id equality (a delete by _id and owner
   * costs a scan per cell), so the owner is checked by reading each cell by _id, then the own ones
   * are deleted by _id in one round trip. Every deletion of claims runs under one lock, so a cell
   * read as ours cannot change hands before it is deleted (inserts cannot replace a claim).
   */
  async releaseCells(appointmentId: string, cells: string[]): Promise<void> {
    if (!cells.length) return;
    await this.locks.run('slot_claims:delete', async () => {
      const held = await Promise.all(cells.map((_id) => this.claims.findById(_id, { appointmentId: 1 }).lean<Pick<SlotClaimRecord, '_id' | 'appointmentId'>>()));
      const own = held.filter((c) => c?.appointmentId === appointmentId).map((c) => c!._id);
      if (own.length) await this.claims.bulkWrite(own.map((_id) => ({ deleteOne: { filter: { _id } } })), { ordered: false });
    });
  }

  /** Whether the appointment still holds this cell (one read by _id). */
  async holdsCell(appointmentId: string, cell: string): Promise<boolean> {
    return (await this.claims.findById(cell, { appointmentId: 1 }).lean<Pick<SlotClaimRecord, 'appointmentId'>>())?.appointmentId === appointmentId;
  }

  /** Commits the appointment together with its events (one document, one atomic write); the patient's look-up first. */
  insert(scope: SiteScope, appointment: NewAppointment, events: OutboxEntry[]): Promise<AppointmentRecord> {
    return this.appointments.insert(scope, appointment, events);
  }

  /**
   * Applies one change: reads the appointment, lets `decide` judge it as it is now (it throws to
   * refuse), and writes the new state, the next revision, a history line and the events in one
   * update (see AggregateStore.update).
   */
  async change(scope: SiteScope, id: string, decide: (current: AppointmentRecord, revision: number) => AppointmentChange): Promise<AppointmentRecord> {
    const outcome = await this.appointments.update(scope, id, (current) => {
      const revision = (current.revision ?? 1) + 1;
      const { set, history, events } = decide(current, revision);
      return { set: { ...set, revision, updatedAt: new Date() }, push: { history }, events };
    });
    if (!outcome) throw notFound('APPOINTMENT.NOT_FOUND', `There is no appointment ${id}.`);
    return outcome.doc;
  }

  /** Ids of a patient's appointments at any site (may include one whose booking never committed). */
  idsOfPatient(patientId: string): Promise<string[]> {
    return this.appointments.idsBy('byPatient', patientId);
  }

  /**
   * Moves an appointment from one patient record to another (a merge, or its undo) if it is still
   * under `from`; true if it moved. The revision stays: this is no change of the appointment itself,
   * and every service applies the merge on its own from patient.merged.
   */
  async reassignPatient(scope: SiteScope, id: string, from: string, to: string): Promise<boolean> {
    const current = await this.appointments.findById(scope, id);
    if (!current || current.patientId !== from) return false;
    // The patient's cells move with it, as a reschedule moves them: claimed under the new id before
    // the write that names them, the old ones given back after it (a crash in between leaves only
    // claims no appointment names, which the next claimant frees). Taken already means the
    // survivor has an appointment at that time too: the person was booked twice, and the merge
    // shows it; the appointment moves all the same, without the cells.
    const oldCells = (current.claims ?? []).filter((c) => c.startsWith(`patient:${from}|`));
    const wanted = oldCells.map((c) => `patient:${to}|${c.slice(`patient:${from}|`.length)}`);
    const holdsTime = HOLDS_TIME.includes(current.status) && wanted.length > 0;
    const claimed = holdsTime && (await this.claimCells(id, wanted));
    if (holdsTime && !claimed) this.logger.warn(`appointment ${id}: the merged patient already had an appointment at that time; moved without its patient cells`);
    const outcome = await this.appointments.update(scope, id, (latest) => {
      if (latest.patientId !== from) return null;
      const claims = latest.claims && [...latest.claims.filter((c) => !oldCells.includes(c)), ...(claimed ? wanted : [])];
      return { set: { patientId: to, updatedAt: new Date(), ...(claims ? { claims } : {}) } };
    });
    if (!outcome?.written) {
      if (claimed) await this.releaseCells(id, wanted);
      return false;
    }
    await this.releaseCells(id, oldCells);
    return true;
  }

  /** A patient's appointments in scope. */
  findForPatient(scope: SiteScope, patientId: string): Promise<AppointmentRecord[]> {
    return this.appointments.findBy(scope, 'byPatient', patientId);
  }
}
