import { Injectable } from '@nestjs/common';
import type { Connection, Model } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import type { ImportedCode } from './procedure-codes.rules';
import { ProcedureCodeImportRecord, ProcedureCodeImportSchema, ProcedureCodeRecord, ProcedureCodeSchema } from './procedure-codes.schema';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The only code that touches procedure_codes and procedure_code_imports. The codes are bulk
 * reference data with no events of their own (a licensed file is thousands of codes): they are
 * written one upsert per code, by code; the import that loaded them is an aggregate whose one
 * event announces the file, written after every code is in place.
 */
@Injectable()
export class ProcedureCodesRepository {
  private readonly codes: Model<ProcedureCodeRecord>;
  private readonly imports: AggregateStore<ProcedureCodeImportRecord>;

  constructor(@InjectConnection() connection: Connection, stores: AggregateStores) {
    this.codes = connection.model<ProcedureCodeRecord>('ProcedureCode', ProcedureCodeSchema, 'procedure_codes');
    this.imports = stores.create<ProcedureCodeImportRecord>({ name: 'ProcedureCodeImport', collection: 'procedure_code_imports', schema: ProcedureCodeImportSchema, site: 'network-wide' });
  }

  findMany(codes: string[]): Promise<ProcedureCodeRecord[]> {
    return Promise.all(codes.map((c) => this.codes.findById(c).lean<ProcedureCodeRecord>().exec())).then((found) => found.filter((r): r is ProcedureCodeRecord => !!r));
  }

  /** Codes by prefix or description words (a scan of a small collection: a CPT file is about 11,000 codes). */
  search(q: string | undefined, limit: number): Promise<ProcedureCodeRecord[]> {
    const text = (q ?? '').trim();
    const filter = !text ? {} : /^[A-Za-z0-9]{1,5}$/.test(text) ? { $or: [{ _id: { $regex: `^${escapeRegExp(text.toUpperCase())}` } }, { description: { $regex: escapeRegExp(text), $options: 'i' } }] } : { description: { $regex: escapeRegExp(text), $options: 'i' } };
    return this.codes.find(filter).sort({ _id: 1 }).limit(limit).lean<ProcedureCodeRecord[]>().exec();
  }

  /**
   * Writes the codes (an unchanged code is not rewritten) and counts what changed: the current
   * codes are read in one query and the changes written in batches of 1,000 (a licensed CPT file
   * is about 11,000 codes).
   */
  async upsertAll(codes: ImportedCode[], meta: { source: string; importId: string; by: string }): Promise<{ added: number; updated: number; unchanged: number }> {
    const existing = new Map((await this.codes.find({ _id: { $in: codes.map((c) => c.code) } }).lean<ProcedureCodeRecord[]>().exec()).map((r) => [r._id, r]));
    let added = 0;
    let updated = 0;
    let unchanged = 0;
    const writes: Array<{ updateOne: { filter: { _id: string }; update: Record<string, unknown>; upsert: true } }> = [];
    for (const c of codes) {
      const current = existing.get(c.code);
      if (current && current.description === c.description && current.placeholder === c.placeholder && current.effectiveFrom === c.effectiveFrom && current.effectiveTo === c.effectiveTo) {
        unchanged++;
        continue;
      }
      const record: Omit<ProcedureCodeRecord, '_id'> = { system: 'CPT', description: c.description, placeholder: c.placeholder, effectiveFrom: c.effectiveFrom, effectiveTo: c.effectiveTo, source: meta.source, importId: meta.importId, updatedBy: meta.by, updatedAt: new Date() };
      const set = Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
      const unset = Object.fromEntries(Object.entries(record).filter(([, v]) => v === undefined).map(([k]) => [k, 1]));
      writes.push({ updateOne: { filter: { _id: c.code }, update: { $set: set, ...(Object.keys(unset).length ? { $unset: unset } : {}) }, upsert: true } });
      if (current) updated++;
      else added++;
    }
    for (let i = 0; i < writes.length; i += 1000) await this.codes.bulkWrite(writes.slice(i, i + 1000) as never, { ordered: false });
    return { added, updated, unchanged };
  }

  recordImport(record: Omit<ProcedureCodeImportRecord, 'version'>, events: OutboxEntry[]): Promise<ProcedureCodeImportRecord> {
    return this.imports.insert(SiteScope.service('procedure-code import (network-wide reference data)'), record, events);
  }
}
