import { Schema } from 'mongoose';

/**
 * A code of billing's network-wide procedure-code store: CPT codes a clinic loaded from its
 * licensed file, and placeholders (X####) that stand in for them in demo data and tests. HCPCS
 * Level II is not stored: the subset ships in libs/code-sets. Reference data, no patient data.
 */
export interface ProcedureCodeRecord {
  /** The code. */
  _id: string;
  system: 'CPT';
  description: string;
  placeholder: boolean;
  effectiveFrom?: string;
  effectiveTo?: string;
  /** The licensed file it came from, as the importer named it. */
  source: string;
  importId: string;
  updatedBy: string;
  updatedAt: Date;
}

export const ProcedureCodeSchema = new Schema<ProcedureCodeRecord>(
  {
    _id: String,
    system: { type: String, required: true },
    description: { type: String, required: true },
    placeholder: { type: Boolean, required: true },
    effectiveFrom: String,
    effectiveTo: String,
    source: { type: String, required: true },
    importId: { type: String, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false },
);

/** One import of a code file: its counts, and the event that announces it (outbox). */
export interface ProcedureCodeImportRecord {
  _id: string;
  version: number;
  source: string;
  added: number;
  updated: number;
  unchanged: number;
  placeholders: number;
  importedBy: string;
  importedAt: Date;
}

export const ProcedureCodeImportSchema = new Schema<ProcedureCodeImportRecord>(
  {
    _id: String,
    source: { type: String, required: true },
    added: { type: Number, required: true },
    updated: { type: Number, required: true },
    unchanged: { type: Number, required: true },
    placeholders: { type: Number, required: true },
    importedBy: { type: String, required: true },
    importedAt: { type: Date, required: true },
  },
  { versionKey: false },
);
