import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { ICD10CM, Icd10CmCodeSet } from '@clinic-flow/code-sets';
import { CodeSetCodeDto, CodeSetSearchDto, CodeSetSearchQuery, ProblemDetailsDto } from '@clinic-flow/contracts';
import { notFound } from '@clinic-flow/platform';

/** The code sets a screen picks codes from (network-wide reference data): today ICD-10-CM. */
@ApiTags('code sets')
@Controller('code-sets')
export class CodeSetsController {
  constructor(@Inject(ICD10CM) private readonly icd10cm: Icd10CmCodeSet) {}

  @Get('icd10cm')
  @Roles(...Policies.searchCodeSets)
  @ApiOperation({ summary: 'The loaded ICD-10-CM release, and codes by code prefix and/or description words' })
  @ApiOkResponse({ type: CodeSetSearchDto })
  search(@Query() query: CodeSetSearchQuery): CodeSetSearchDto {
    const wanted = Boolean(query.prefix?.trim() || query.q?.trim());
    const items = wanted ? this.icd10cm.search({ prefix: query.prefix, text: query.q, billableOnly: query.billable === 'true', limit: query.limit ?? 20 }) : [];
    return { codeSet: this.icd10cm.info, items: items.map((e) => this.withExcludes(e.code)) };
  }

  @Get('icd10cm/:code')
  @Roles(...Policies.searchCodeSets)
  @ApiOperation({ summary: 'One ICD-10-CM code: description, billable, parent and the Excludes1 notes that apply to it' })
  @ApiOkResponse({ type: CodeSetCodeDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'CODESET.UNKNOWN_CODE' })
  get(@Param('code') code: string): CodeSetCodeDto {
    if (!this.icd10cm.lookup(code)) throw notFound('CODESET.UNKNOWN_CODE', `${code} is not an ICD-10-CM code of the ${this.icd10cm.info.version} code set.`);
    return this.withExcludes(code);
  }

  private withExcludes(code: string): CodeSetCodeDto {
    const entry = this.icd10cm.lookup(code)!;
    return { code: entry.code, description: entry.description, billable: entry.billable, ...(entry.parent ? { parent: entry.parent } : {}), excludes1: this.icd10cm.excludes1(entry.code).map((n) => n.note) };
  }
}
