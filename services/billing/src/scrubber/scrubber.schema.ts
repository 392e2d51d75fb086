import { Schema } from 'mongoose';
import type { AggregateRoot } from '@clinic-flow/messaging';

/**
 * An override of one scrubber rule on one claim: who, when and why. Kept at the claim's billing site;
 * the note is free text that may name clinical facts, stored sealed. Active until revoked (a later
 * change of the claim may make a new check raise other findings: only this rule's are let pass).
 */
export interface ScrubOverrideRecord extends AggregateRoot {
  claimId: string;
  ruleId: string;
  ruleVersion: number;
  ruleSetVersion: string;
  patientId: string;
  siteId: string;
  note: string;
  by: string;
  at: Date;
  active: boolean;
}

export const ScrubOverrideSchema = new Schema<ScrubOverrideRecord>(
  {
    _id: String,
    claimId: String,
    ruleId: String,
    ruleVersion: Number,
    ruleSetVersion: String,
    patientId: String,
    siteId: String,
    note: String,
    by: String,
    at: Date,
    active: Boolean,
  },
  { versionKey: false },
);

export type CodeTableName = 'code-pairs' | 'mue';

/**
 * Which import of a table is in force (one document per table, `_id` = the table): rows are written
 * under a new import id first, then this pointer is switched in one write, then older rows go. A
 * failed import leaves the table as it was.
 */
export interface CodeTableImportRecord extends AggregateRoot {
  importId: string;
  source: string;
  tableVersion: string;
  rows: number;
  skipped: number;
  importedBy: string;
  importedAt: Date;
}

export const CodeTableImportSchema = new Schema<CodeTableImportRecord>(
  { _id: String, importId: String, source: String, tableVersion: String, rows: Number, skipped: Number, importedBy: String, importedAt: Date },
  { versionKey: false },
);
