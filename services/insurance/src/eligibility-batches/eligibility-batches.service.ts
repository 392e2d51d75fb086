import { Inject, Injectable, Logger } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { EligibilityBatchDto, EligibilityBatchRequest, EligibilityStatus, ELIGIBILITY_STATUSES } from '@clinic-flow/contracts';
import { JobQueue } from '@clinic-flow/messaging';
import { APP_CONFIG, errorMessageForLog, invalid, notFound, workContext } from '@clinic-flow/platform';
import { BatchReceipt, EligibilityOutcome } from '@clinic-flow/x12';
import { SitesRepository, VisitsRepository } from '@clinic-flow/visits';
import type { InsuranceConfig } from '../config';
import { CoverageRecord } from '../coverages/coverages.schema';
import { CoveragesRepository } from '../coverages/coverages.repository';
import { nextBusinessDay, nightlyBatchDate, siteToday } from '../eligibility/eligibility-timing.rules';
import { activeOn, byOrder, CheckResult, CheckToRecord, EligibilityService, newTraceNumber, PreparedCheck } from '../eligibility/eligibility.service';
import { OPEN_VISIT_STATUSES, PatientNotKnownYet } from '../eligibility/visit-checks.service';
import { PatientDemographicsRepository } from '../patients/patient-demographics.repository';
import { PayerRecord } from '../payers/payers.schema';
import { PayersRepository } from '../payers/payers.repository';
import { EligibilityBatchJob, EligibilityBatchQueue } from './eligibility-batches.queue';
import { BatchItemRecord, EligibilityBatchRecord } from './eligibility-batches.schema';
import { EligibilityBatchesRepository } from './eligibility-batches.repository';

const SYSTEM = SiteScope.service('eligibility batches');
const BY = 'service:eligibility-nightly';
/** Checks recorded at once while a batch's answers are written. */
const RECORDING_CONCURRENCY = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const batchIdOf = (siteId: string, date: string, run: string): string => `batch-${siteId}-${date}-${run}`;

const toDto = (b: EligibilityBatchRecord): EligibilityBatchDto => {
  const counts = Object.fromEntries(ELIGIBILITY_STATUSES.map((s) => [s, 0])) as Record<EligibilityStatus, number>;
  for (const item of b.items) if (item.status) counts[item.status] += 1;
  return {
    id: b._id, siteId: b.siteId, date: b.date, run: b.run, status: b.status, visits: b.visits, visitsWithoutCoverage: b.visitsWithoutCoverage,
    inquiries: b.items.length, recorded: b.items.filter((i) => i.status).length, counts,
    ...(b.interchangeControlNumber ? { interchangeControlNumber: b.interchangeControlNumber } : {}),
    requestedBy: b.requestedBy, requestedAt: b.requestedAt.toISOString(),
    ...(b.submittedAt ? { submittedAt: b.submittedAt.toISOString() } : {}), ...(b.completedAt ? { completedAt: b.completedAt.toISOString() } : {}),
  };
};

/** A planned item's coverage (coverages are never deleted; one missing is a bug, and the job fails). */
function coverageOf(coverages: Map<string, CoverageRecord>, item: BatchItemRecord): CoverageRecord {
  const coverage = coverages.get(item.coverageId);
  if (!coverage) throw new Error(`coverage ${item.coverageId} of batch item ${item.checkId} is gone`);
  return coverage;
}

/** The clearinghouse's outcome for an inquiry, or — none given for it — a check that needs attention. */
const answer = (outcome: EligibilityOutcome | undefined): CheckResult =>
  outcome ? { outcome } : { notSent: { status: 'needs-attention', reason: 'NO_ANSWER', detail: 'the clearinghouse gave no outcome for this inquiry' } };

/** Runs `work` over `items`, `limit` at a time. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  }));
  return results;
}

/**
 * Nightly eligibility: a site's open visits of one date, each coverage in force that day (primary
 * first) one 270 of ONE batch interchange through the clearinghouse's batch API, each 271 matched
 * to its inquiry by trace number. Whatever happens to an inquiry — refused, unanswered, answered
 * for another trace, not readable, the clearinghouse down — its check is recorded (needs attention
 * or payer unavailable, then retried like any visit's check): never a crash, never a lost check.
 * A batch is one per site, date and run (its id); running it again records nothing twice.
 */
@Injectable()
export class EligibilityBatchesService {
  private readonly logger = new Logger(EligibilityBatchesService.name);

  constructor(
    private readonly batches: EligibilityBatchesRepository,
    private readonly visits: VisitsRepository,
    private readonly coverages: CoveragesRepository,
    private readonly patients: PatientDemographicsRepository,
    private readonly payers: PayersRepository,
    private readonly sites: SitesRepository,
    private readonly eligibility: EligibilityService,
    @Inject(EligibilityBatchQueue.token) private readonly queue: JobQueue<EligibilityBatchJob>,
    @Inject(APP_CONFIG) private readonly config: InsuranceConfig,
  ) {}

  /** Someone asks for a site's batch now (default: its next business day). Asking again for the same site, date and run returns the same batch. */
  async request(user: AuthUser, request: EligibilityBatchRequest): Promise<EligibilityBatchDto> {
    const scope = SiteScope.of(user);
    scope.assert(request.siteId);
    const zone = await this.sites.timeZoneOf(request.siteId);
    if (!zone) throw notFound('ELIGIBILITY.SITE_UNKNOWN', `There is no site ${request.siteId}.`);
    const date = request.date ?? nextBusinessDay(siteToday(zone, new Date()));
    if (!DateTime.fromISO(date, { zone: 'utc' }).isValid) throw invalid('ELIGIBILITY.INVALID_DATE', `date ${date} is not a date.`, [{ field: 'date', messages: ['not a date'] }]);
    return toDto(await this.plan(scope, request.siteId, date, request.run ?? 'on-request', user.id));
  }

  async get(user: AuthUser, id: string): Promise<EligibilityBatchDto> {
    const batch = await this.batches.findById(SiteScope.of(user), id);
    if (!batch) throw notFound('ELIGIBILITY.BATCH_NOT_FOUND', `There is no eligibility batch ${id}.`);
    return toDto(batch);
  }

  /** The nightly clock's tick: every site whose batch time has come gets its batch (once per site and date). */
  async nightlyTick(now = new Date()): Promise<string[]> {
    const planned: string[] = [];
    for (const site of await this.sites.all()) {
      const date = nightlyBatchDate(site.timeZone, now, this.config.ELIGIBILITY_BATCH_AT);
      if (date) planned.push((await this.plan(SYSTEM, site._id, date, 'nightly', BY))._id);
    }
    return planned;
  }

  private async plan(scope: SiteScope, siteId: string, date: string, run: string, by: string): Promise<EligibilityBatchRecord> {
    const { doc } = await this.batches.insertOnce(scope, {
      _id: batchIdOf(siteId, date, run), siteId, date, run, status: 'planned', visits: 0, visitsWithoutCoverage: 0, items: [], requestedBy: by, requestedAt: new Date(),
    });
    // A job id the queue still holds is ignored: asking twice runs it once.
    if (doc.status !== 'done') await this.queue.add({ batchId: doc._id, correlationId: workContext.correlationId() });
    return doc;
  }

  /**
   * The batch job: plans the inquiries (saved before anything is sent), sends them, waits for the
   * answers and records every check. `lastAttempt`: patients not in the projection yet are then
   * recorded as needs attention instead of waiting again.
   */
  async run(batchId: string, lastAttempt: boolean): Promise<string> {
    let batch = await this.batches.findById(SYSTEM, batchId);
    if (!batch) return 'no such batch';
    if (batch.status === 'done') return 'done already';
    if (batch.status === 'planned' && !batch.items.length) batch = await this.planItems(batch);
    const coverages = await this.coveragesOf(batch);
    const planned = batch;
    const toRecord = (item: BatchItemRecord, requestedAt: Date): CheckToRecord => this.checkOf(planned, item, coverageOf(coverages, item), requestedAt);
    if (batch.status === 'planned') batch = await this.submit(batch, coverages, lastAttempt, toRecord);
    if (batch.status === 'submitted') await this.collect(batch, toRecord);
    return this.finish(batchId);
  }

  /** Whatever is not recorded when the job fails for good is recorded as needs attention, and the batch closed. */
  async failedForGood(batchId: string, error: string): Promise<void> {
    const batch = await this.batches.findById(SYSTEM, batchId);
    if (!batch || batch.status === 'done') return;
    const coverages = await this.coveragesOf(batch);
    await this.recordAll(batch, batch.items.filter((i) => !i.status), () => ({ notSent: { status: 'needs-attention', reason: 'BATCH_FAILED', detail: `the batch could not be completed: ${error.slice(0, 200)}` } }), (item) =>
      this.checkOf(batch, item, coverageOf(coverages, item), batch.submittedAt ?? batch.requestedAt),
    );
    await this.finish(batchId);
  }

  private async planItems(batch: EligibilityBatchRecord): Promise<EligibilityBatchRecord> {
    const visits = await this.visits.onDate(batch.siteId, batch.date, OPEN_VISIT_STATUSES);
    const items: BatchItemRecord[] = [];
    let withoutCoverage = 0;
    const sorted = visits.sort((a, b) => a.start.localeCompare(b.start));
    const coveragesOfVisits = await inPool(sorted, RECORDING_CONCURRENCY, (visit) => this.coverages.forPatient(SYSTEM, visit.patientId));
    for (const [index, visit] of sorted.entries()) {
      const inForce = coveragesOfVisits[index].filter((c) => activeOn(c, batch.date)).sort(byOrder);
      if (!inForce.length) withoutCoverage += 1;
      for (const c of inForce) {
        items.push({ appointmentId: visit._id, patientId: visit.patientId, coverageId: c._id, order: c.order, traceNumber: newTraceNumber(), checkId: `elig-${batch._id}-${visit._id}-${c._id}` });
      }
    }
    const outcome = await this.batches.update(SYSTEM, batch._id, (b) => (b.status === 'planned' && !b.items.length ? { set: { items, visits: visits.length, visitsWithoutCoverage: withoutCoverage } } : null));
    return outcome?.doc ?? this.reread(batch._id);
  }

  private async submit(
    batch: EligibilityBatchRecord,
    coverages: Map<string, CoverageRecord>,
    lastAttempt: boolean,
    toRecord: (item: BatchItemRecord, requestedAt: Date) => CheckToRecord,
  ): Promise<EligibilityBatchRecord> {
    const pending = batch.items.filter((i) => !i.status);
    const demographics = await this.patients.findMany([...new Set(pending.map((i) => i.patientId))]);
    const unknown = pending.filter((i) => !demographics.has(i.patientId));
    if (unknown.length && !lastAttempt) throw new PatientNotKnownYet(unknown[0].patientId);
    // The last attempt: a patient still unknown is a check for the desk, not a 270 with a wrong name.
    await this.recordAll(batch, unknown, () => ({ notSent: { status: 'needs-attention', reason: 'PATIENT_NOT_KNOWN', detail: "the patient's name and date of birth were not known to insurance" } }), (i) => toRecord(i, new Date()));
    const payers = new Map<string, PayerRecord | null>();
    const prepared: Array<{ item: BatchItemRecord; check: PreparedCheck }> = [];
    for (const item of pending) {
      const patient = demographics.get(item.patientId);
      if (!patient) continue;
      const coverage = coverageOf(coverages, item);
      if (!payers.has(coverage.payerId)) payers.set(coverage.payerId, await this.payers.findById(SYSTEM, coverage.payerId));
      const check = await this.eligibility.prepare({ ...toRecord(item, new Date()).subject, patient, traceNumber: item.traceNumber }, payers.get(coverage.payerId));
      prepared.push({ item, check: { ...check, checkId: item.checkId } });
    }
    if (!prepared.length) return batch;
    let receipt: BatchReceipt;
    try {
      receipt = await this.eligibility.adapter.submitEligibilityBatch(prepared.map((p) => p.check.inquiry));
    } catch (error) {
      this.logger.warn(`batch ${batch._id} was not sent: ${errorMessageForLog(error)}`);
      receipt = { status: 'nothing-sent', refused: [] };
      await this.recordAll(batch, prepared.map((p) => p.item), () => ({ notSent: { status: 'needs-attention', reason: 'NOT_SENT', detail: 'the batch could not be sent; check these again' } }), (i) => toRecord(i, new Date()));
      return batch;
    }
    const refused = new Map((receipt.status === 'accepted' || receipt.status === 'nothing-sent' ? receipt.refused : []).map((r) => [r.traceNumber, r]));
    await this.recordAll(batch, prepared.map((p) => p.item).filter((i) => refused.has(i.traceNumber)), (i) => answer(refused.get(i.traceNumber)), (i) => toRecord(i, new Date()));
    if (receipt.status === 'payer-unavailable' || receipt.status === 'invalid-response') {
      // The clearinghouse is down or answered nonsense: every inquiry's check says so (payer-unavailable ones are retried one by one).
      const failed = receipt;
      await this.recordAll(batch, prepared.map((p) => p.item), (i) => ({ outcome: { ...failed, traceNumber: i.traceNumber } as EligibilityOutcome }), (i) => toRecord(i, new Date()));
      return batch;
    }
    if (receipt.status !== 'accepted') return batch;
    const controlNumbers = new Map(receipt.sent.map((s) => [s.traceNumber, s.transactionControlNumber]));
    const outcome = await this.batches.update(SYSTEM, batch._id, (b) => ({
      set: {
        status: 'submitted', clearinghouseBatchId: receipt.batchId, interchangeControlNumber: receipt.exchange.interchangeControlNumber, acks: receipt.acks, submittedAt: new Date(),
        items: b.items.map((i) => (controlNumbers.has(i.traceNumber) ? { ...i, controlNumber: controlNumbers.get(i.traceNumber) } : i)),
      },
    }));
    this.logger.log(`batch ${batch._id}: ${receipt.sent.length} inquiries sent in interchange ${receipt.exchange.interchangeControlNumber}, ${refused.size} refused`);
    return outcome?.doc ?? this.reread(batch._id);
  }

  /** Polls the clearinghouse until the answers are there (or the wait is over) and records each inquiry's check. */
  private async collect(batch: EligibilityBatchRecord, toRecord: (item: BatchItemRecord, requestedAt: Date) => CheckToRecord): Promise<void> {
    const sent = batch.items.filter((i) => i.controlNumber !== undefined && !i.status);
    if (!sent.length || !batch.clearinghouseBatchId) return;
    const receipt: Extract<BatchReceipt, { status: 'accepted' }> = {
      status: 'accepted', batchId: batch.clearinghouseBatchId, acks: batch.acks ?? [], refused: [],
      exchange: { interchangeControlNumber: batch.interchangeControlNumber ?? '', request: '' },
      sent: sent.map((i) => ({ traceNumber: i.traceNumber, traceOriginatorId: this.config.X12_TRACE_ORIGINATOR_ID, transactionControlNumber: i.controlNumber ?? 0 })),
    };
    const deadline = (batch.submittedAt ?? new Date()).getTime() + this.config.ELIGIBILITY_BATCH_WAIT_MS;
    const requestedAt = batch.submittedAt ?? new Date();
    for (;;) {
      const poll = await this.eligibility.adapter.pollEligibilityBatch(receipt);
      if (poll.status === 'done') {
        const byTrace = new Map(poll.outcomes.map((o) => [o.traceNumber, o]));
        await this.recordAll(batch, sent, (i) => answer(byTrace.get(i.traceNumber)), (i) => toRecord(i, requestedAt));
        return;
      }
      if (Date.now() >= deadline) {
        this.logger.warn(`batch ${batch._id}: no answer from the clearinghouse within ${this.config.ELIGIBILITY_BATCH_WAIT_MS} ms; the unanswered inquiries need attention`);
        await this.recordAll(batch, sent, () => ({ notSent: { status: 'needs-attention', reason: 'NO_ANSWER', detail: 'the clearinghouse did not answer the batch in time' } }), (i) => toRecord(i, requestedAt));
        return;
      }
      await sleep(Math.min(Math.max(poll.status === 'pending' ? poll.retryAfterMs : 1000, 200), 10_000, Math.max(deadline - Date.now(), 0)));
    }
  }

  /** Records the items' checks (each once, by its id) and notes their statuses on the batch. */
  private async recordAll(
    batch: EligibilityBatchRecord,
    items: BatchItemRecord[],
    result: (item: BatchItemRecord) => CheckResult,
    toRecord: (item: BatchItemRecord) => CheckToRecord,
  ): Promise<void> {
    if (!items.length) return;
    const checks = await inPool(items, RECORDING_CONCURRENCY, (item) => this.eligibility.record(SYSTEM, toRecord(item), result(item)));
    const statuses = new Map(checks.map((c) => [c._id, c.status]));
    await this.batches.update(SYSTEM, batch._id, (b) => ({ set: { items: b.items.map((i) => (statuses.has(i.checkId) ? { ...i, status: statuses.get(i.checkId) } : i)) } }));
  }

  private async finish(batchId: string): Promise<string> {
    const outcome = await this.batches.update(SYSTEM, batchId, (b) => (b.status === 'done' || b.items.some((i) => !i.status) ? null : { set: { status: 'done', completedAt: new Date() } }));
    const batch = outcome?.doc ?? (await this.reread(batchId));
    const dto = toDto(batch);
    if (batch.status !== 'done') throw new Error(`batch ${batchId}: ${dto.inquiries - dto.recorded} inquiries still without a recorded check`);
    this.logger.log(`batch ${batchId} done: ${dto.inquiries} checks for ${dto.visits} visits (${JSON.stringify(dto.counts)})`);
    return `${dto.inquiries} checks: ${JSON.stringify(dto.counts)}`;
  }

  private async reread(batchId: string): Promise<EligibilityBatchRecord> {
    const batch = await this.batches.findById(SYSTEM, batchId);
    if (!batch) throw new Error(`batch ${batchId} is gone`);
    return batch;
  }

  private async coveragesOf(batch: EligibilityBatchRecord): Promise<Map<string, CoverageRecord>> {
    const ids = [...new Set(batch.items.map((i) => i.coverageId))];
    const found = await inPool(ids, RECORDING_CONCURRENCY, (id) => this.coverages.findById(SYSTEM, id));
    return new Map(found.filter((c): c is CoverageRecord => !!c).map((c) => [c._id, c]));
  }

  private checkOf(batch: EligibilityBatchRecord, item: BatchItemRecord, coverage: CoverageRecord, requestedAt: Date): CheckToRecord {
    return {
      subject: {
        // Recorded with the coverage as planned (a coverage moved by a merge meanwhile keeps its id; its patient is read now).
        coverage: { ...coverage, order: item.order },
        dateOfService: batch.date, trigger: 'nightly', by: BY, appointmentId: item.appointmentId, siteId: batch.siteId, checkId: item.checkId, batchId: batch._id,
      },
      checkId: item.checkId,
      traceNumber: item.traceNumber,
      requestedAt,
    };
  }
}
