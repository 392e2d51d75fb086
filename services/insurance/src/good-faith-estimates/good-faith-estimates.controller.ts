import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiServiceUnavailableResponse, ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { auditContext, AuditPatientData } from '@clinic-flow/audit';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, CreateGoodFaithEstimateRequest, GoodFaithEstimateDto, ProblemDetailsDto } from '@clinic-flow/contracts';
import { renderGoodFaithEstimatePdf } from './good-faith-estimates.render';
import { GoodFaithEstimatesService } from './good-faith-estimates.service';

@ApiTags('estimates')
@AuditPatientData()
@ApiForbiddenResponse({ type: ProblemDetailsDto, description: 'AUTH.ROLE_FORBIDDEN; AUTH.SITE_FORBIDDEN (the visit or site is not yours)' })
@ApiServiceUnavailableResponse({ type: ProblemDetailsDto, description: 'UPSTREAM.UNAVAILABLE: patient-records did not answer' })
@Controller()
export class GoodFaithEstimatesController {
  constructor(private readonly estimates: GoodFaithEstimatesService) {}

  @Post('patients/:patientId/good-faith-estimates')
  @Roles(...Policies.estimateCharges)
  @ApiCreatedResponse({ type: GoodFaithEstimateDto, description: 'Issued and kept as issued' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'validation (items or siteId missing without appointmentId, ICD-10-CM codes); GFE.SITE_REQUIRED, GFE.ITEM_INCOMPLETE' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND; APPOINTMENT.NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'GFE.PATIENT_INSURED: coverage in effect on the date, and selfPay not asked for' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'GFE.NO_PRICE (a type without a self-pay price); GFE.APPOINTMENT_OF_ANOTHER_PATIENT' })
  create(@Param('patientId') patientId: string, @Body() body: CreateGoodFaithEstimateRequest, @CurrentUser() user: AuthUser) {
    return this.estimates.create(user, patientId, body);
  }

  @Get('patients/:patientId/good-faith-estimates')
  @Roles(...Policies.estimateCharges)
  @ApiListResponse(GoodFaithEstimateDto, "The patient's Good Faith Estimates, newest first")
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  list(@Param('patientId') patientId: string, @CurrentUser() user: AuthUser) {
    return this.estimates.list(user, patientId);
  }

  @Get('good-faith-estimates/:id')
  @Roles(...Policies.estimateCharges)
  @ApiOkResponse({ type: GoodFaithEstimateDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: "GFE.NOT_FOUND (none, or its patient is outside the care relationship)" })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.estimates.get(user, id);
  }

  @Get('good-faith-estimates/:id/pdf')
  @Roles(...Policies.estimateCharges)
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The estimate as the patient gets it (US Letter PDF)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'GFE.NOT_FOUND' })
  async pdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: Response): Promise<void> {
    const estimate = await this.estimates.open(user, id);
    const pdf = await renderGoodFaithEstimatePdf(estimate, estimate.timeZone);
    auditContext.notePatient(estimate.patientId);
    // The bytes are sent below: the audit entry is written first (503 AUDIT.UNAVAILABLE if it cannot be).
    await auditContext.recordBeforeSending();
    res.status(200).type('application/pdf').setHeader('content-disposition', `attachment; filename="good-faith-estimate-${estimate._id}.pdf"`);
    res.send(pdf);
  }
}
