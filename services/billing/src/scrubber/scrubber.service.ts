import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { ICD10CM, Icd10CmCodeSet } from '@clinic-flow/code-sets';
import {
  ClaimScrubOverriddenV1, CodeTableImportDto, CreateScrubOverrideRequest, ImportCodeTableRequest, ScrubOverrideDto, ScrubRuleSetDto, ScrubTablesDto,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { conflict, notFound, unprocessable } from '@clinic-flow/platform';
import { ActiveOverride, RULE_SET_VERSION, RULES, ruleById, runRules, ScrubResult } from './rule-set';
import type { CodePairEdit, MueEntry, ScrubTables } from './rules/rule';
import type { ScrubClaim } from './scrub-claim';
import { ScrubberRepository } from './scrubber.repository';
import type { CodeTableImportRecord, CodeTableName, ScrubOverrideRecord } from './scrubber.schema';
import { parseCodePairs, parseMue } from './tables/cms-import';
import { buildTables, diagnosisCodeSet, mergeRows, mueKey, pairKey } from './tables/scrub-tables';
import { SYNTHETIC_CODE_PAIRS, SYNTHETIC_MUE, SYNTHETIC_SOURCE, SYNTHETIC_VERSION } from './tables/synthetic-tables';

/** How many unreadable lines an import refusal lists. */
const MAX_LISTED_PROBLEMS = 20;

const overrideDto = (o: ScrubOverrideRecord): ScrubOverrideDto => ({
  id: o._id, claimId: o.claimId, ruleId: o.ruleId, ruleVersion: o.ruleVersion, ruleSetVersion: o.ruleSetVersion, patientId: o.patientId, siteId: o.siteId, note: o.note, by: o.by, at: o.at.toISOString(),
});

/**
 * The claim scrubber: the rule set (rule-set.ts) over a claim, with the reference tables (synthetic
 * ones shipped, CMS imports on top, ICD-10-CM from the provisioned code set) and the claim's active
 * overrides. `scrub` is what the claim flow calls before building the 837P; a check stores nothing.
 */
@Injectable()
export class ScrubberService {
  private cached?: { key: string; tables: ScrubTables };

  constructor(
    private readonly repository: ScrubberRepository,
    @Inject(ICD10CM) private readonly icd10cm: Icd10CmCodeSet,
    private readonly events: EventFactory,
  ) {}

  /**
   * Scrubs a claim. `scope` is whose overrides count: the caller's (SiteScope.of(user)) or the
   * service's for a job. The result is blocked while any error is not overridden.
   */
  async scrub(claim: ScrubClaim, scope: SiteScope): Promise<ScrubResult> {
    const [tables, overrides] = await Promise.all([this.tables(), this.activeOverrides(scope, claim.claimId)]);
    return runRules(claim, tables, overrides);
  }

  check(user: AuthUser, claim: ScrubClaim): Promise<ScrubResult> {
    return this.scrub(claim, SiteScope.of(user));
  }

  ruleSet(): ScrubRuleSetDto {
    return {
      version: RULE_SET_VERSION,
      rules: RULES.map(({ id, version, title, severity, overridable, category, description, where, fixtures }) => ({ id, version, title, severity, overridable, category, description, where, fixtures })),
    };
  }

  async override(user: AuthUser, request: CreateScrubOverrideRequest): Promise<ScrubOverrideDto> {
    const rule = ruleById(request.ruleId);
    if (!rule) throw notFound('SCRUBBER.RULE_NOT_FOUND', `There is no scrubber rule ${request.ruleId} in rule set ${RULE_SET_VERSION}; GET /scrubber/rules lists them.`);
    if (!rule.overridable) {
      throw conflict('SCRUBBER.RULE_NOT_OVERRIDABLE', `${rule.id} (${rule.title}) cannot be overridden: its findings make the claim wrong for every payer. Fix it where the finding says (${rule.where}).`);
    }
    const scope = SiteScope.of(user);
    scope.assert(request.siteId);
    const existing = (await this.repository.overridesOf(scope, request.claimId)).find((o) => o.active && o.ruleId === rule.id);
    if (existing) throw conflict('SCRUBBER.ALREADY_OVERRIDDEN', `${rule.id} is already overridden on claim ${request.claimId} (by ${existing.by} at ${existing.at.toISOString()}).`);
    const record: Omit<ScrubOverrideRecord, 'version'> = {
      _id: randomUUID(),
      claimId: request.claimId,
      ruleId: rule.id,
      ruleVersion: rule.version,
      ruleSetVersion: RULE_SET_VERSION,
      patientId: request.patientId,
      siteId: request.siteId,
      note: request.note.trim(),
      by: user.id,
      at: new Date(),
      active: true,
    };
    const event = this.events.outboxEntry(ClaimScrubOverriddenV1, {
      subject: record.patientId,
      siteId: record.siteId,
      data: {
        overrideId: record._id, claimId: record.claimId, patientId: record.patientId, siteId: record.siteId, ruleId: record.ruleId, ruleVersion: record.ruleVersion,
        ruleSetVersion: record.ruleSetVersion, overriddenBy: record.by, overriddenAt: record.at.toISOString(),
      },
    });
    return overrideDto(await this.repository.insertOverride(scope, record, [event]));
  }

  async importTable(user: AuthUser, table: CodeTableName, request: ImportCodeTableRequest): Promise<CodeTableImportDto> {
    const source = request.source.trim();
    const parsed = table === 'code-pairs' ? parseCodePairs(request.content, source, request.format) : parseMue(request.content, source, request.format);
    if (parsed.problems.length) {
      throw unprocessable('SCRUBBER.IMPORT_UNREADABLE', `${parsed.problems.length} line(s) of the file could not be read; nothing was imported. Fix them (or export the file again from CMS) and import it again.`, [
        { field: 'content', messages: parsed.problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `line ${p.line}: ${p.message}`) },
      ]);
    }
    if (!parsed.rows.length) {
      throw unprocessable('SCRUBBER.IMPORT_EMPTY', `No ${table === 'code-pairs' ? 'code-pair edit' : 'MUE'} line was found in the file (${parsed.skipped} lines skipped as headers or notices); check it is the ${table === 'code-pairs' ? 'PTP' : 'MUE'} file.`);
    }
    const version = request.version.trim();
    if (request.append) return this.appendRows(user, table, source, version, parsed.rows, parsed.skipped);
    const importId = randomUUID();
    const importedAt = new Date();
    await this.repository.writeRows(table, importId, parsed.rows);
    await this.repository.switchImport(table, () => ({
      set: { importId, source, tableVersion: version, rows: parsed.rows.length, skipped: parsed.skipped, importedBy: user.id, importedAt },
    }));
    await this.repository.dropRowsExcept(table, importId);
    this.cached = undefined;
    return { table, importId, source, version, rows: parsed.rows.length, skipped: parsed.skipped, importedBy: user.id, importedAt: importedAt.toISOString() };
  }

  /** A further part of the current import (same source and version): its rows join it, counted on the pointer. */
  private async appendRows(user: AuthUser, table: CodeTableName, source: string, version: string, rows: Array<CodePairEdit | MueEntry>, skipped: number): Promise<CodeTableImportDto> {
    const current = await this.repository.currentImport(table);
    if (!current || current.source !== source || current.tableVersion !== version) {
      throw conflict('SCRUBBER.IMPORT_NOT_STARTED', `There is no current ${table} import of "${source}" ${version} to add to; send the file's first part without append.`);
    }
    await this.repository.writeRows(table, current.importId, rows);
    const outcome = await this.repository.switchImport(table, (now) =>
      now?.importId === current.importId ? { set: { rows: now.rows + rows.length, skipped: now.skipped + skipped } } : null,
    );
    this.cached = undefined;
    const doc = outcome.doc;
    return { table, importId: doc.importId, source: doc.source, version: doc.tableVersion, rows: doc.rows, skipped: doc.skipped, importedBy: doc.importedBy, importedAt: doc.importedAt.toISOString() };
  }

  async tablesSummary(): Promise<ScrubTablesDto> {
    const [pairs, mue] = await Promise.all([this.repository.currentImport('code-pairs'), this.repository.currentImport('mue')]);
    const summary = (synthetic: number, current: CodeTableImportRecord | null) => ({
      rows: synthetic + (current?.rows ?? 0),
      sources: [SYNTHETIC_SOURCE, ...(current ? [current.source] : [])],
      versions: [SYNTHETIC_VERSION, ...(current ? [current.tableVersion] : [])],
    });
    const { notes } = this.icd10cm.excludes1Counts();
    const release = `${this.icd10cm.info.version} (${this.icd10cm.info.release})`;
    return {
      ruleSetVersion: RULE_SET_VERSION,
      codePairs: summary(SYNTHETIC_CODE_PAIRS.length, pairs),
      mue: summary(SYNTHETIC_MUE.length, mue),
      excludes1: { rows: notes, sources: [`ICD-10-CM tabular list Excludes1 notes (${this.icd10cm.info.source})`], versions: [release] },
      icd10cm: release,
    };
  }

  /** The tables, rebuilt when an import (here or on another instance) changed which rows are current. */
  private async tables(): Promise<ScrubTables> {
    const [pairs, mue] = await Promise.all([this.repository.currentImport('code-pairs'), this.repository.currentImport('mue')]);
    const key = `${pairs?.importId ?? '-'}|${mue?.importId ?? '-'}`;
    if (this.cached?.key === key) return this.cached.tables;
    const [pairRows, mueRows] = await Promise.all([
      pairs ? this.repository.rowsOf<CodePairEdit>('code-pairs', pairs.importId) : Promise.resolve([]),
      mue ? this.repository.rowsOf<MueEntry>('mue', mue.importId) : Promise.resolve([]),
    ]);
    const tables = buildTables({ codePairs: mergeRows(SYNTHETIC_CODE_PAIRS, pairRows, pairKey), mue: mergeRows(SYNTHETIC_MUE, mueRows, mueKey), icd10cm: diagnosisCodeSet(this.icd10cm) });
    this.cached = { key, tables };
    return tables;
  }

  private async activeOverrides(scope: SiteScope, claimId: string): Promise<ActiveOverride[]> {
    return (await this.repository.overridesOf(scope, claimId))
      .filter((o) => o.active)
      .map((o) => ({ overrideId: o._id, ruleId: o.ruleId, by: o.by, at: o.at.toISOString(), note: o.note }));
  }
}
