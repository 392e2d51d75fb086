import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBadRequestResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { EligibilityBatchDto, EligibilityBatchRequest, ProblemDetailsDto } from '@clinic-flow/contracts';
import { EligibilityBatchesService } from './eligibility-batches.service';

/** A site's eligibility batch: counts by result, no patient data (the checks are read per coverage, audited). */
@ApiTags('coverages')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (a site you do not work at)' })
@Controller('eligibility/batches')
export class EligibilityBatchesController {
  constructor(private readonly batches: EligibilityBatchesService) {}

  @Post()
  @HttpCode(202)
  @Roles(...Policies.runEligibilityBatches)
  @ApiAcceptedResponse({ type: EligibilityBatchDto, description: 'Planned (or the batch of that site, date and run as it is): it runs in the background; follow it with GET' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; ELIGIBILITY.INVALID_DATE' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ELIGIBILITY.SITE_UNKNOWN' })
  request(@Body() body: EligibilityBatchRequest, @CurrentUser() user: AuthUser) {
    return this.batches.request(user, body);
  }

  @Get(':batchId')
  @Roles(...Policies.runEligibilityBatches)
  @ApiOkResponse({ type: EligibilityBatchDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'ELIGIBILITY.BATCH_NOT_FOUND' })
  get(@Param('batchId') batchId: string, @CurrentUser() user: AuthUser) {
    return this.batches.get(user, batchId);
  }
}
