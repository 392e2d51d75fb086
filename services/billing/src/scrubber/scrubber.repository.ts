import { Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import { SiteScope } from '@clinic-flow/auth';
import { AggregateStore, AggregateStores, Decision, OutboxEntry } from '@clinic-flow/messaging';
import { InjectConnection } from '@clinic-flow/platform';
import type { CodePairEdit, MueEntry } from './rules/rule';
import { CodeTableImportRecord, CodeTableImportSchema, CodeTableName, ScrubOverrideRecord, ScrubOverrideSchema } from './scrubber.schema';

const ROW_COLLECTIONS: Record<CodeTableName, string> = { 'code-pairs': 'scrubber_code_pair_rows', mue: 'scrubber_mue_rows' };
const BATCH = 5000;

/**
 * The only code that touches the scrubber's collections: overrides (site-owned, through the
 * AggregateStore with their event), the import pointers of the code tables (network-wide reference
 * data: CMS's national edits) and the imported rows. Rows are reference data in bulk (a CMS PTP
 * file has hundreds of thousands of edits): written with the driver in batches under their import
 * id, made current by the pointer's one write.
 */
@Injectable()
export class ScrubberRepository {
  private readonly overrides: AggregateStore<ScrubOverrideRecord, 'byClaim'>;
  private readonly imports: AggregateStore<CodeTableImportRecord>;

  constructor(
    stores: AggregateStores,
    @InjectConnection() private readonly connection: Connection,
  ) {
    this.overrides = stores.create<ScrubOverrideRecord, 'byClaim'>({
      name: 'ScrubOverride',
      collection: 'scrubber_overrides',
      schema: ScrubOverrideSchema,
      site: (o) => o.siteId,
      lookups: { byClaim: { collection: 'scrubber_claim_overrides', field: 'overrideIds', keys: (o) => [o.claimId] } },
      sealed: ['note'],
    });
    this.imports = stores.create<CodeTableImportRecord>({ name: 'ScrubberTableImport', collection: 'scrubber_table_imports', schema: CodeTableImportSchema, site: 'network-wide' });
  }

  insertOverride(scope: SiteScope, record: Omit<ScrubOverrideRecord, 'version'>, events: OutboxEntry[]): Promise<ScrubOverrideRecord> {
    return this.overrides.insert(scope, record, events);
  }

  /** The overrides of a claim that the scope may see (active and revoked). */
  overridesOf(scope: SiteScope, claimId: string): Promise<ScrubOverrideRecord[]> {
    return this.overrides.findBy(scope, 'byClaim', claimId);
  }

  currentImport(table: CodeTableName): Promise<CodeTableImportRecord | null> {
    return this.imports.findById(SiteScope.service('scrubber tables are network-wide'), table);
  }

  /** Writes the rows under `importId` (not yet in force). */
  async writeRows(table: CodeTableName, importId: string, rows: Array<CodePairEdit | MueEntry>): Promise<void> {
    const collection = this.connection.collection(ROW_COLLECTIONS[table]);
    for (let i = 0; i < rows.length; i += BATCH) {
      await collection.insertMany(rows.slice(i, i + BATCH).map((row) => ({ ...row, importId })), { ordered: false });
    }
  }

  /** Makes an import current in one write. */
  switchImport(table: CodeTableName, decide: (current: CodeTableImportRecord | null) => Decision<CodeTableImportRecord, undefined>) {
    return this.imports.upsert(SiteScope.service('scrubber tables are network-wide'), table, decide);
  }

  /** Rows of other imports than the current one: superseded, or left by a failed import. */
  async dropRowsExcept(table: CodeTableName, importId: string): Promise<void> {
    await this.connection.collection(ROW_COLLECTIONS[table]).deleteMany({ importId: { $ne: importId } });
  }

  async rowsOf<T>(table: CodeTableName, importId: string): Promise<T[]> {
    const docs = await this.connection.collection(ROW_COLLECTIONS[table]).find({ importId }, { projection: { _id: 0, importId: 0 } }).toArray();
    return docs as unknown as T[];
  }
}
