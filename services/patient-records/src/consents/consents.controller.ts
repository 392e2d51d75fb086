import { Body, Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ConsentDto, ConsentFormDto, ProblemDetailsDto, RevokeConsentRequest, SignConsentRequest } from '@clinic-flow/contracts';
import { originAddress } from './consents.rules';
import { ConsentsService } from './consents.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('consents')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller()
export class ConsentsController {
  constructor(private readonly consents: ConsentsService) {}

  @Get('consent-forms')
  @Roles(...Policies.readConsents)
  @ApiOkResponse({ type: ConsentFormDto, isArray: true, description: 'Every version of every form; `current` marks the one new signatures are of' })
  forms() {
    return this.consents.forms();
  }

  @Get('patients/:patientId/consents')
  @Roles(...Policies.readConsents)
  @ApiOkResponse({ type: ConsentDto, isArray: true })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  list(@Param('patientId') patientId: string, @CurrentUser() user: AuthUser) {
    return this.consents.list(user, patientId);
  }

  @Post('patients/:patientId/consents')
  @Roles(...Policies.manageConsents)
  @ApiCreatedResponse({ type: ConsentDto, description: 'Signed (again, if it was signed or revoked before); consent.signed published' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED' })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'CONSENT.UNKNOWN_FORM_VERSION, CONSENT.DOCUMENT_NOT_A_SIGNED_FORM' })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CONSENT.FORM_VERSION_OUTDATED' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND, DOCUMENT.NOT_FOUND' })
  sign(@Param('patientId') patientId: string, @Body() body: SignConsentRequest, @Req() req: Request, @CurrentUser() user: AuthUser) {
    return this.consents.sign(user, patientId, body, { ip: originAddress(req.headers['x-forwarded-for'], req.socket.remoteAddress), userAgent: req.headers['user-agent'] });
  }

  @Post('patients/:patientId/consents/:consentId/revoke')
  @HttpCode(200)
  @Roles(...Policies.manageConsents)
  @ApiOkResponse({ type: ConsentDto, description: 'Revoked; consent.revoked published (a communication consent stops its channel)' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'CONSENT.NOT_ACTIVE' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND, CONSENT.NOT_FOUND' })
  revoke(@Param('patientId') patientId: string, @Param('consentId') consentId: string, @Body() body: RevokeConsentRequest, @CurrentUser() user: AuthUser) {
    return this.consents.revoke(user, patientId, consentId, body);
  }
}
