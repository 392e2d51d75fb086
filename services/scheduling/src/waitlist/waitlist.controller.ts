import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { ApiListResponse, AppointmentDto, JoinWaitlistRequest, ProblemDetailsDto, WaitlistEntryDto, WaitlistQuery } from '@clinic-flow/contracts';
import { PatientCheck } from '../patients/patient-check';
import { WaitlistService } from './waitlist.service';
import { AuditPatientData } from '@clinic-flow/audit';

@ApiTags('waitlist')
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller('waitlist')
export class WaitlistController {
  constructor(
    private readonly waitlist: WaitlistService,
    private readonly patients: PatientCheck,
  ) {}

  @Post()
  @Roles(...Policies.manageWaitlist)
  @ApiOperation({ summary: 'Put a patient on the waitlist for a type (and optionally a provider) between two days' })
  @ApiCreatedResponse({ type: WaitlistEntryDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'WAITLIST.UNKNOWN_PATIENT | UNKNOWN_TYPE | UNKNOWN_PROVIDER | INVALID_RANGE' })
  async join(@Body() body: JoinWaitlistRequest, @CurrentUser() user: AuthUser) {
    await this.patients.assertExists(body.patientId, 'WAITLIST.UNKNOWN_PATIENT');
    return this.waitlist.join(body, user);
  }

  @Get()
  @Roles(...Policies.manageWaitlist)
  @ApiOperation({ summary: "A site's waiting (and offered) entries, first come first" })
  @ApiListResponse(WaitlistEntryDto, 'Waitlist entries')
  list(@Query() query: WaitlistQuery, @CurrentUser() user: AuthUser) {
    return this.waitlist.list(query.siteId, user);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...Policies.manageWaitlist)
  @ApiOperation({ summary: 'Take a patient off the waitlist (an open offer goes to the next patient)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'WAITLIST.ENTRY_NOT_FOUND' })
  async remove(@Param('id') id: string, @CurrentUser() user: AuthUser): Promise<void> {
    await this.waitlist.remove(id, user);
  }

  @Post('offers/:offerId/accept')
  @Roles(...Policies.manageWaitlist)
  @ApiOperation({ summary: 'Book the offered slot for the waitlisted patient (normal booking rules)' })
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'WAITLIST.OFFER_EXPIRED | OFFER_TAKEN | APPOINTMENT.SLOT_TAKEN' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'WAITLIST.OFFER_NOT_FOUND' })
  accept(@Param('offerId') offerId: string, @CurrentUser() user: AuthUser) {
    return this.waitlist.accept(offerId, user);
  }
}
