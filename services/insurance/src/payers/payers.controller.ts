import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, CreatePayerRequest, PayerDto, PayerRequirementsDto, PayerRequirementsQuery, ProblemDetailsDto, UpdatePayerRequest } from '@clinic-flow/contracts';
import { PayersService } from './payers.service';

@ApiTags('payers')
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN for a change by someone not entitled to every site (payers are network-wide)' })
@Controller('payers')
export class PayersController {
  constructor(private readonly payers: PayersService) {}

  @Get()
  @Roles(...Policies.readDirectory)
  @ApiListResponse(PayerDto, 'Every payer with its plans and rules, by name')
  list(@CurrentUser() user: AuthUser) {
    return this.payers.list(user);
  }

  @Get(':id')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: PayerDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PAYER.NOT_FOUND' })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.payers.get(user, id);
  }

  @Get(':id/requirements')
  @Roles(...Policies.readDirectory)
  @ApiOkResponse({ type: PayerRequirementsDto, description: 'Whether a visit (appointment type, procedure codes) needs a referral or a prior authorization under this payer and plan' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PAYER.NOT_FOUND, PAYER.PLAN_NOT_FOUND' })
  requirements(@Param('id') id: string, @Query() query: PayerRequirementsQuery, @CurrentUser() user: AuthUser) {
    return this.payers.requirements(user, id, { planId: query.planId, appointmentTypeId: query.appointmentTypeId, procedureCodes: query.procedureCodes?.split(',') });
  }

  @Post()
  @Roles(...Policies.managePayers)
  @ApiCreatedResponse({ type: PayerDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; PAYER.INVALID (member id pattern, duplicate plan ids)' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'PAYER.EXISTS' })
  create(@Body() body: CreatePayerRequest, @CurrentUser() user: AuthUser) {
    return this.payers.create(body, user);
  }

  @Patch(':id')
  @Roles(...Policies.managePayers)
  @ApiOkResponse({ type: PayerDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation; PAYER.INVALID' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PAYER.NOT_FOUND' })
  update(@Param('id') id: string, @Body() body: UpdatePayerRequest, @CurrentUser() user: AuthUser) {
    return this.payers.update(id, body, user);
  }
}
