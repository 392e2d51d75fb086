import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import {
  CodeTableImportDto, CreateScrubOverrideRequest, ImportCodeTableRequest, ProblemDetailsDto, ScrubClaimRequest, ScrubOverrideDto, ScrubResultDto, ScrubRuleSetDto, ScrubTablesDto,
} from '@clinic-flow/contracts';
import { ScrubberService } from './scrubber.service';

/**
 * Checking a claim and overriding a rule on it: both carry patient data (the claim's body; the
 * override names the patient), so both are on the audit trail with the patient's id. A check
 * stores nothing else: auditing it without the patient would hide from the patient's accounting of
 * disclosures that billing looked at their claim.
 */
@ApiTags('scrubber')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (an override at a site the caller does not work at)' })
@Controller('scrubber')
export class ScrubberController {
  constructor(private readonly scrubber: ScrubberService) {}

  @Post('check')
  @HttpCode(200)
  @AuditPatientData({ access: 'read' })
  @Roles(...Policies.scrubClaims)
  @ApiOkResponse({ type: ScrubResultDto, description: 'Every finding with its path, message, fix hint and where to fix it; findings of overridden rules apart. Nothing is stored.' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED: a malformed claim (missing data is a finding, not a 400)' })
  check(@Body() body: ScrubClaimRequest, @CurrentUser() user: AuthUser) {
    return this.scrubber.check(user, body);
  }

  @Post('overrides')
  @Roles(...Policies.overrideScrubberFindings)
  @ApiCreatedResponse({ type: ScrubOverrideDto, description: "Recorded with who, when and why; published as claim.scrub-overridden; the claim's later checks let this rule's findings pass" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED (a note of at least 10 characters is required)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'SCRUBBER.RULE_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'SCRUBBER.RULE_NOT_OVERRIDABLE (e.g. NPI check digit, diagnosis pointers); SCRUBBER.ALREADY_OVERRIDDEN' })
  override(@Body() body: CreateScrubOverrideRequest, @CurrentUser() user: AuthUser) {
    return this.scrubber.override(user, body);
  }
}

/** The rule set and the reference tables: no patient data (the fixtures are made-up claims). */
@ApiTags('scrubber')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@Controller('scrubber')
export class ScrubberRulesController {
  constructor(private readonly scrubber: ScrubberService) {}

  @Get('rules')
  @Roles(...Policies.readScrubberRules)
  @ApiOkResponse({ type: ScrubRuleSetDto, description: "The rule set's version and every rule with its version, severity, overridability, where to fix it and its fixtures" })
  rules() {
    return this.scrubber.ruleSet();
  }

  @Get('tables')
  @Roles(...Policies.readScrubberRules)
  @ApiOkResponse({ type: ScrubTablesDto, description: 'Rows, sources and versions of the code-pair, MUE and Excludes1 tables in use' })
  tables() {
    return this.scrubber.tablesSummary();
  }

  @Post('tables/code-pairs/import')
  @Roles(...Policies.manageScrubberTables)
  @ApiCreatedResponse({ type: CodeTableImportDto, description: "A CMS NCCI PTP file (tab or CSV): replaces the previous import; the synthetic rows stay for their placeholder codes" })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'SCRUBBER.IMPORT_UNREADABLE (lines named, nothing imported); SCRUBBER.IMPORT_EMPTY' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'SCRUBBER.IMPORT_NOT_STARTED: append to no current import of that source and version' })
  importCodePairs(@Body() body: ImportCodeTableRequest, @CurrentUser() user: AuthUser) {
    return this.scrubber.importTable(user, 'code-pairs', body);
  }

  @Post('tables/mue/import')
  @Roles(...Policies.manageScrubberTables)
  @ApiCreatedResponse({ type: CodeTableImportDto, description: 'A CMS practitioner MUE file (tab or CSV): replaces the previous import' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'SCRUBBER.IMPORT_UNREADABLE; SCRUBBER.IMPORT_EMPTY' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'SCRUBBER.IMPORT_NOT_STARTED' })
  importMue(@Body() body: ImportCodeTableRequest, @CurrentUser() user: AuthUser) {
    return this.scrubber.importTable(user, 'mue', body);
  }
}
