import { Injectable } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { AuthorizationRecord, AuthorizationSchema, VisitAssessmentRecord, VisitAssessmentSchema } from './authorizations.schema';

/** The only code that touches authorizations, their per-patient look-up and visits' assessments. */
@Injectable()
export class AuthorizationsRepository {
  private readonly store: AggregateStore<AuthorizationRecord, 'byPatient'>;
  private readonly assessments: AggregateStore<VisitAssessmentRecord>;

  constructor(stores: AggregateStores) {
    this.store = stores.create<AuthorizationRecord, 'byPatient'>({
      name: 'Authorization',
      collection: 'authorizations',
      schema: AuthorizationSchema,
      // Access follows the patient's care relationship (asked of patient-records), as for coverages.
      site: 'network-wide',
      lookups: { byPatient: { collection: 'patient_authorizations', field: 'authorizationIds', keys: (a) => [a.patientId] } },
      // The diagnoses and the payer's words are patient data.
      sealed: ['diagnosisCodes', 'detail'],
    });
    this.assessments = stores.create<VisitAssessmentRecord>({
      name: 'VisitAuthorizationAssessment',
      collection: 'visit_authorization_assessments',
      schema: VisitAssessmentSchema,
      site: (a) => a.siteId,
    });
  }

  findById(scope: SiteScope, id: string): Promise<AuthorizationRecord | null> {
    return this.store.findById(scope, id);
  }

  forPatient(scope: SiteScope, patientId: string): Promise<AuthorizationRecord[]> {
    return this.store.findBy(scope, 'byPatient', patientId);
  }

  /** Every authorization (the daily expiry sweep; a clinic network holds thousands, read in batches). */
  async forEach(scope: SiteScope, visit: (a: AuthorizationRecord) => void): Promise<number> {
    return this.store.forEach(scope, visit);
  }

  insert(scope: SiteScope, authorization: Omit<AuthorizationRecord, 'version'>, events: OutboxEntry[]): Promise<AuthorizationRecord> {
    return this.store.insert(scope, authorization, events);
  }

  update<R>(scope: SiteScope, id: string, decide: (current: AuthorizationRecord) => Decision<AuthorizationRecord, R>) {
    return this.store.update(scope, id, decide);
  }

  assessmentOf(scope: SiteScope, appointmentId: string): Promise<VisitAssessmentRecord | null> {
    return this.assessments.findById(scope, appointmentId);
  }

  upsertAssessment<R>(scope: SiteScope, appointmentId: string, decide: (current: VisitAssessmentRecord | null) => Decision<VisitAssessmentRecord, R>) {
    return this.assessments.upsert(scope, appointmentId, decide);
  }
}
