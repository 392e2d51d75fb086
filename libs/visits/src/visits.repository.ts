import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { InjectConnection } from '@clinic-flow/platform';
import { VisitRecord, VisitSchema } from './visits.schema';

const DUPLICATE_KEY = 11000;

/** The only code that touches the visits collection (insurance's copy of scheduling's appointments). */
@Injectable()
export class VisitsRepository {
  private readonly visits: Model<VisitRecord>;

  constructor(@InjectConnection() connection: Connection) {
    this.visits = connection.model<VisitRecord>('Visit', VisitSchema, 'visits');
  }

  findById(appointmentId: string): Promise<VisitRecord | null> {
    return this.visits.findById(appointmentId).lean<VisitRecord>().exec();
  }

  /**
   * Stores the visit unless a newer state is there: one atomic single-document write (the filter
   * matches only an older or equal state; when a newer one exists the upsert's insert collides on
   * _id and nothing is written). Returns whether it applied.
   */
  async saveIfNewer(visit: VisitRecord): Promise<boolean> {
    const { _id, ...fields } = visit;
    const unset = Object.fromEntries(Object.entries(fields).filter(([, v]) => v === undefined).map(([k]) => [k, 1 as const]));
    const set = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
    try {
      await this.visits.updateOne({ _id, asOf: { $lte: visit.asOf } }, { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, { upsert: true });
      return true;
    } catch (error) {
      if ((error as { code?: number }).code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /**
   * Visits of one site on one date of service in the given statuses. FerretDB 1.24 here scans the
   * collection for this (no secondary indexes); production MongoDB gets an index on
   * { siteId, dateOfService } (README, "What production needs").
   */
  onDate(siteId: string, dateOfService: string, statuses: string[]): Promise<VisitRecord[]> {
    return this.visits.find({ siteId, dateOfService, status: { $in: statuses } }).lean<VisitRecord[]>().exec();
  }

  /** A patient's visits (merges move them with the patient's other records). */
  forPatient(patientId: string): Promise<VisitRecord[]> {
    return this.visits.find({ patientId }).lean<VisitRecord[]>().exec();
  }

  /** Moves a merged patient's visits to the survivor (and back on unmerge); idempotent. */
  async movePatient(fromPatientId: string, toPatientId: string, appointmentIds?: string[]): Promise<number> {
    const filter = appointmentIds ? { patientId: fromPatientId, _id: { $in: appointmentIds } } : { patientId: fromPatientId };
    const result = await this.visits.updateMany(filter, { $set: { patientId: toPatientId } });
    return result.modifiedCount;
  }
}
