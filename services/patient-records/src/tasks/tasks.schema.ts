import { Schema } from 'mongoose';
import { TASK_KINDS, TASK_STATUSES, TaskKind, TaskStatus } from '@clinic-flow/contracts';

/** One item of a site's front-desk work queue (referral follow-ups, eligibility changes). */
export interface TaskRecord {
  _id: string;
  version: number;
  kind: TaskKind;
  patientId: string;
  siteId: string;
  /** What to do, in the desk's words; never clinical content. */
  title: string;
  due: Date;
  status: TaskStatus;
  referenceType: string;
  referenceId: string;
  /** Other records the task is about (ids only): an eligibility change's coverage, checks and visit. */
  links?: { coverageId?: string; checkId?: string; previousCheckId?: string; appointmentId?: string };
  createdAt: Date;
  completedAt?: Date;
  completedBy?: string;
}

export const TaskSchema = new Schema<TaskRecord>(
  {
    _id: String,
    kind: { type: String, enum: TASK_KINDS, required: true },
    patientId: { type: String, required: true },
    siteId: { type: String, required: true },
    title: { type: String, required: true },
    due: { type: Date, required: true },
    status: { type: String, enum: TASK_STATUSES, required: true },
    referenceType: { type: String, required: true },
    referenceId: { type: String, required: true },
    links: new Schema({ coverageId: String, checkId: String, previousCheckId: String, appointmentId: String }, { _id: false }),
    createdAt: { type: Date, required: true },
    completedAt: Date,
    completedBy: String,
  },
  { versionKey: false },
);
