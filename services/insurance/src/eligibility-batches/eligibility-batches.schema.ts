import { Schema } from 'mongoose';
import type { CoverageOrder, EligibilityStatus } from '@clinic-flow/contracts';
import type { AggregateRoot } from '@clinic-flow/messaging';
import type { ImplementationAck } from '@clinic-flow/x12';

/** One inquiry of a batch: which visit and coverage, its trace number and the check it is recorded as. Ids only. */
export interface BatchItemRecord {
  appointmentId: string;
  patientId: string;
  coverageId: string;
  order: CoverageOrder;
  traceNumber: string;
  checkId: string;
  /** ST02 of its 270 in the interchange (absent: not sent, e.g. refused as an invalid inquiry). */
  controlNumber?: number;
  /** The recorded check's status, once recorded. */
  status?: EligibilityStatus;
}

export type BatchStatus = 'planned' | 'submitted' | 'done';

/**
 * A site's eligibility batch for one date of service (`batch-<site>-<date>-<run>`: one per site,
 * date and run). Its items are planned (and saved) before the interchange goes, so a job that runs
 * again after a crash knows every inquiry and records each once (check ids derive from the batch).
 */
export interface EligibilityBatchRecord extends AggregateRoot {
  siteId: string;
  date: string;
  run: string;
  status: BatchStatus;
  visits: number;
  visitsWithoutCoverage: number;
  items: BatchItemRecord[];
  /** The clearinghouse's batch id, ISA13 of our interchange and its 999s: enough to poll after a restart. */
  clearinghouseBatchId?: string;
  interchangeControlNumber?: string;
  acks?: ImplementationAck[];
  requestedBy: string;
  requestedAt: Date;
  submittedAt?: Date;
  completedAt?: Date;
}

export const BatchItemSchema = new Schema<BatchItemRecord>(
  { appointmentId: String, patientId: String, coverageId: String, order: String, traceNumber: String, checkId: String, controlNumber: Number, status: String },
  { _id: false },
);

export const EligibilityBatchSchema = new Schema<EligibilityBatchRecord>(
  {
    _id: String,
    siteId: { type: String, required: true },
    date: { type: String, required: true },
    run: { type: String, required: true },
    status: { type: String, required: true },
    visits: { type: Number, default: 0 },
    visitsWithoutCoverage: { type: Number, default: 0 },
    items: { type: [BatchItemSchema], default: [] },
    clearinghouseBatchId: String,
    interchangeControlNumber: String,
    acks: { type: Schema.Types.Mixed, default: undefined },
    requestedBy: { type: String, required: true },
    requestedAt: { type: Date, required: true },
    submittedAt: Date,
    completedAt: Date,
  },
  { versionKey: false, minimize: false },
);
