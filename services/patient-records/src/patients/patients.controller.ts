import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { PatientDto, ProblemDetailsDto, RegisterPatientRequest, UpdatePatientContactRequest } from '@clinic-flow/contracts';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  @Post()
  @Roles(...Policies.registerPatient)
  @ApiCreatedResponse({ type: PatientDto })
  @ApiBadRequestResponse({ type: ProblemDetailsDto })
  register(@Body() body: RegisterPatientRequest, @CurrentUser() user: AuthUser) {
    return this.patients.register(body, user);
  }

  @Get(':id')
  @Roles(...Policies.readPatient)
  @ApiOkResponse({ type: PatientDto })
  @ApiNotFoundResponse({ type: ProblemDetailsDto })
  get(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.patients.get(id, user);
  }

  @Patch(':id/contact')
  @Roles(...Policies.updatePatientContact)
  @ApiOkResponse({ type: PatientDto, description: 'Contact details and communication preferences changed; patient.contact-updated published' })
  @ApiBadRequestResponse({ type: ProblemDetailsDto, description: 'REQUEST.VALIDATION_FAILED (e.g. preferred channel without its address)' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'PATIENT.NOT_FOUND' })
  updateContact(@Param('id') id: string, @Body() body: UpdatePatientContactRequest, @CurrentUser() user: AuthUser) {
    return this.patients.updateContact(id, body, user);
  }
}
