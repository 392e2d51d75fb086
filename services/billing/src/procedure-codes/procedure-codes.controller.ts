import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, CptImportRequest, CptImportResultDto, ProblemDetailsDto, ProcedureCodeDto, ProcedureCodeQuery, ProcedureModifierDto } from '@clinic-flow/contracts';
import { ProcedureCodesService } from './procedure-codes.service';

@ApiTags('fee-schedule')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN' })
@Controller('fee-schedule')
export class ProcedureCodesController {
  constructor(private readonly codes: ProcedureCodesService) {}

  @Get('procedure-codes')
  @Roles(...Policies.readProcedureCodes)
  @ApiListResponse(ProcedureCodeDto, 'HCPCS Level II (shipped subset) and loaded CPT codes / placeholders, by code prefix or description words (50 at most)')
  search(@Query() query: ProcedureCodeQuery) {
    return this.codes.search(query.q);
  }

  @Get('procedure-codes/:code')
  @Roles(...Policies.readProcedureCodes)
  @ApiOkResponse({ type: ProcedureCodeDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'FEE_SCHEDULE.UNKNOWN_CODE' })
  get(@Param('code') code: string) {
    return this.codes.get(code);
  }

  @Get('modifiers')
  @Roles(...Policies.readProcedureCodes)
  @ApiListResponse(ProcedureModifierDto, 'The modifiers a line may carry (two characters, at most four a line)')
  modifiers() {
    return this.codes.modifiers();
  }

  @Post('cpt-import')
  @HttpCode(200)
  @Roles(...Policies.importProcedureCodes)
  @ApiOkResponse({ type: CptImportResultDto, description: 'Loaded: codes added, updated, unchanged; placeholders (X####) counted and flagged' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'FEE_SCHEDULE.INVALID_CODE_FILE (every bad line named; nothing loaded)' })
  @ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (network-wide: for someone who works at every site)' })
  importCpt(@Body() body: CptImportRequest, @CurrentUser() user: AuthUser) {
    return this.codes.importCpt(user, body);
  }
}
