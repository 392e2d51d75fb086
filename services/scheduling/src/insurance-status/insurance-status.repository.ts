import { Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { Schema } from 'mongoose';
import { DocumentLocks, ProjectionStore } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import { eligibilityKey, VisitAuthorizationRow, VisitEligibilityRow } from './insurance-status.rules';

const EligibilitySchema = new Schema<VisitEligibilityRow>(
  {
    _id: String,
    appointmentId: { type: String, required: true },
    dateOfService: { type: String, required: true },
    checkId: { type: String, required: true },
    coverageId: { type: String, required: true },
    status: { type: String, required: true },
    reason: String,
    asOf: { type: Date, required: true },
  },
  { versionKey: false },
);

const AuthorizationSchema = new Schema<VisitAuthorizationRow>(
  {
    _id: String,
    requirement: { type: String, required: true },
    state: { type: String, required: true },
    blocking: { type: Boolean, required: true },
    authorizationId: String,
    asOf: { type: Date, required: true },
  },
  { versionKey: false },
);

/**
 * The only code that touches visit_eligibility and visit_authorizations: insurance's verdicts on
 * scheduling's appointments, copies kept from insurance's events (latest by the source's time wins,
 * each write one document). Ids, codes and dates only, no patient data, so nothing is sealed.
 */
@Injectable()
export class InsuranceStatusRepository {
  private readonly eligibility: ProjectionStore<VisitEligibilityRow>;
  private readonly authorizations: ProjectionStore<VisitAuthorizationRow>;

  constructor(@InjectConnection() connection: Connection, locks: DocumentLocks) {
    this.eligibility = new ProjectionStore<VisitEligibilityRow>(connection, locks, { name: 'VisitEligibility', collection: 'visit_eligibility', schema: EligibilitySchema });
    this.authorizations = new ProjectionStore<VisitAuthorizationRow>(connection, locks, { name: 'VisitAuthorization', collection: 'visit_authorizations', schema: AuthorizationSchema });
  }

  /** Stores the check unless a later one for the same visit and date is there. */
  recordEligibility(row: VisitEligibilityRow): Promise<boolean> {
    return this.eligibility.upsertIfNewer(row);
  }

  recordAuthorization(row: VisitAuthorizationRow): Promise<boolean> {
    return this.authorizations.upsertIfNewer(row);
  }

  /** The latest primary check of each visit for the date it is shown on (one read by _id each). */
  async eligibilityOn(appointmentIds: string[], dateOfService: string): Promise<Map<string, VisitEligibilityRow>> {
    const rows = await this.eligibility.findMany(appointmentIds.map((id) => eligibilityKey(id, dateOfService)));
    return new Map([...rows.values()].map((r) => [r.appointmentId, r]));
  }

  authorizationsOf(appointmentIds: string[]): Promise<Map<string, VisitAuthorizationRow>> {
    return this.authorizations.findMany(appointmentIds);
  }
}
