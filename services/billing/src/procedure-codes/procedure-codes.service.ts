import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { HCPCS_LEVEL_II_SOURCE, HCPCS_LEVEL_II_SUBSET, inEffectOn, normalizeProcedureCode, PROCEDURE_MODIFIERS } from '@clinic-flow/code-sets';
import { CptImportRequest, CptImportResultDto, ProcedureCodeDto, ProcedureCodesImportedV1, ProcedureModifierDto } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { notFound, unprocessable } from '@clinic-flow/platform';
import { SitesRepository } from '@clinic-flow/visits';
import { ProcedureCodesRepository } from './procedure-codes.repository';
import { parseCodeFile } from './procedure-codes.rules';

/** A procedure code as billing knows it: the shipped HCPCS subset, or the store (CPT, placeholders). */
export type KnownProcedureCode = ProcedureCodeDto;

const HCPCS = new Map(HCPCS_LEVEL_II_SUBSET.map((e) => [e.code, { ...e, system: 'HCPCS' as const, placeholder: false, source: HCPCS_LEVEL_II_SOURCE }]));

/**
 * Which procedure codes billing may put on a line: HCPCS Level II (the subset in libs/code-sets)
 * and the CPT codes (or placeholders) loaded into the network-wide store by the importer.
 */
@Injectable()
export class ProcedureCodesService {
  constructor(
    private readonly codes: ProcedureCodesRepository,
    private readonly sites: SitesRepository,
    private readonly events: EventFactory,
  ) {}

  /** The codes that exist, by code (unknown ones are absent). */
  async lookup(raw: string[]): Promise<Map<string, KnownProcedureCode>> {
    const wanted = [...new Set(raw.map(normalizeProcedureCode))];
    const found = new Map<string, KnownProcedureCode>();
    for (const code of wanted) {
      const h = HCPCS.get(code);
      if (h) found.set(code, h);
    }
    for (const r of await this.codes.findMany(wanted.filter((c) => !found.has(c)))) {
      found.set(r._id, { code: r._id, system: r.system, description: r.description, placeholder: r.placeholder, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo, source: r.source });
    }
    return found;
  }

  async get(code: string): Promise<ProcedureCodeDto> {
    const found = (await this.lookup([code])).get(normalizeProcedureCode(code));
    if (!found) throw notFound('FEE_SCHEDULE.UNKNOWN_CODE', `${code} is not a procedure code billing knows: HCPCS Level II codes ship with billing; load CPT codes with POST /fee-schedule/cpt-import.`);
    return found;
  }

  async search(q: string | undefined): Promise<{ items: ProcedureCodeDto[]; total: number; limit: number; offset: number }> {
    const limit = 50;
    const text = (q ?? '').trim().toLowerCase();
    const hcpcs = [...HCPCS.values()].filter((e) => !text || e.code.toLowerCase().startsWith(text) || e.description.toLowerCase().includes(text));
    const stored = (await this.codes.search(q, limit)).map((r) => ({ code: r._id, system: r.system, description: r.description, placeholder: r.placeholder, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo, source: r.source }));
    const items = [...hcpcs, ...stored].sort((a, b) => a.code.localeCompare(b.code)).slice(0, limit);
    return { items, total: items.length, limit, offset: 0 };
  }

  modifiers(): { items: ProcedureModifierDto[]; total: number; limit: number; offset: number } {
    const items = Object.entries(PROCEDURE_MODIFIERS).map(([modifier, description]) => ({ modifier, description }));
    return { items, total: items.length, limit: items.length, offset: 0 };
  }

  /** A CPT import by a person: network-wide, so only for someone who works at every known site. */
  async importCpt(user: AuthUser, request: CptImportRequest): Promise<CptImportResultDto> {
    SiteScope.of(user).assertCoversAll(await this.sites.allIds(), 'The procedure-code store');
    return this.importFile(request, user.id);
  }

  /** Validates the whole file first (a bad line refuses the file, nothing written), then loads it. */
  async importFile(request: CptImportRequest, by: string): Promise<CptImportResultDto> {
    const parsed = parseCodeFile(request.content);
    if (parsed.problems.length) {
      throw unprocessable('FEE_SCHEDULE.INVALID_CODE_FILE', `The code file was not loaded (${parsed.problems.length} problem${parsed.problems.length > 1 ? 's' : ''}); fix the lines named and send it again.`, [
        { field: 'content', messages: parsed.problems.slice(0, 50).map((p) => `line ${p.line}: ${p.message}`) },
      ]);
    }
    const importId = randomUUID();
    const source = request.source.trim();
    const counts = await this.codes.upsertAll(parsed.codes, { source, importId, by });
    const placeholders = parsed.codes.filter((c) => c.placeholder).length;
    const result = { importId, ...counts, placeholders, source };
    await this.codes.recordImport({ _id: importId, source, ...counts, placeholders, importedBy: by, importedAt: new Date() }, [
      this.events.outboxEntry(ProcedureCodesImportedV1, { subject: importId, siteId: null, data: { importId, system: 'CPT', ...counts, placeholders, source, changedBy: by } }),
    ]);
    return result;
  }
}

/** Whether a known code may be billed on a date of service. */
export const codeInEffect = (code: KnownProcedureCode, dateOfService: string): boolean => inEffectOn(code, dateOfService);
