import { Injectable, Logger } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import { PatientMergedData, PatientUnmergedData } from '@clinic-flow/contracts';
import { AggregateStores, PatientMergeMover, PatientMergeMoves } from '@clinic-flow/messaging';
import { VisitsRepository } from '@clinic-flow/visits';
import { AuthorizationsRepository } from '../authorizations/authorizations.repository';
import { CoveragesRepository } from '../coverages/coverages.repository';
import { GoodFaithEstimatesRepository } from '../good-faith-estimates/good-faith-estimates.repository';

/** A merge moves a person's coverages wherever they were added. */
const MERGES = SiteScope.service('applying a patient merge from patient-records');

export interface InsuranceMergeItems {
  coverageIds: string[];
  /** Visits (appointments) kept for eligibility and authorizations; absent in moves recorded before visits were kept. */
  visitIds?: string[];
  /** Prior authorizations; absent in moves recorded before authorizations were kept. */
  authorizationIds?: string[];
  /** Good Faith Estimates (kept as issued: only the patient they are filed under changes). */
  goodFaithEstimateIds?: string[];
}

/**
 * Insurance's side of a patient merge: the merged record's coverages, visits and authorizations move to the survivor, and
 * exactly those move back on the undo (the protocol is PatientMergeMoves'). Coordination of
 * benefits is not re-checked on a move: two primaries after a merge are for the desk to sort out.
 */
@Injectable()
export class MergesService implements PatientMergeMover<InsuranceMergeItems> {
  private readonly logger = new Logger(MergesService.name);
  private readonly moves: PatientMergeMoves<InsuranceMergeItems>;
  readonly nothing: InsuranceMergeItems = { coverageIds: [], visitIds: [], authorizationIds: [], goodFaithEstimateIds: [] };

  constructor(
    stores: AggregateStores,
    private readonly coverages: CoveragesRepository,
    private readonly visits: VisitsRepository,
    private readonly authorizations: AuthorizationsRepository,
    private readonly goodFaithEstimates: GoodFaithEstimatesRepository,
  ) {
    this.moves = new PatientMergeMoves(stores, this);
  }

  async applyMerge(merge: PatientMergedData): Promise<void> {
    const moved = await this.moves.applyMerge(merge);
    if (moved) this.logger.log(`merge ${merge.mergeId}: ${moved.coverageIds.length} coverages under the survivor`);
  }

  applyUnmerge(unmerge: PatientUnmergedData): Promise<void> {
    return this.moves.applyUnmerge(unmerge);
  }

  async itemsToMove(merge: PatientMergedData): Promise<InsuranceMergeItems> {
    return {
      coverageIds: (await this.coverages.forPatient(MERGES, merge.mergedPatientId)).map((c) => c._id),
      visitIds: (await this.visits.forPatient(merge.mergedPatientId)).map((v) => v._id),
      authorizationIds: (await this.authorizations.forPatient(MERGES, merge.mergedPatientId)).map((a) => a._id),
      goodFaithEstimateIds: (await this.goodFaithEstimates.forPatient(MERGES, merge.mergedPatientId)).map((g) => g._id),
    };
  }

  async move(items: InsuranceMergeItems, from: string, to: string): Promise<void> {
    for (const id of items.coverageIds) await this.coverages.update(MERGES, id, (c) => (c.patientId === from ? { set: { patientId: to } } : null));
    if (items.visitIds?.length) await this.visits.movePatient(from, to, items.visitIds);
    for (const id of items.authorizationIds ?? []) await this.authorizations.update(MERGES, id, (a) => (a.patientId === from ? { set: { patientId: to } } : null));
    for (const id of items.goodFaithEstimateIds ?? []) await this.goodFaithEstimates.update(MERGES, id, (g) => (g.patientId === from ? { set: { patientId: to } } : null));
  }
}
