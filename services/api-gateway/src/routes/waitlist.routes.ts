import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Policies, Roles } from '@clinic-flow/auth';
import { AppointmentDto, JoinWaitlistRequest, ListResponse, ProblemDetailsDto, WaitlistEntryDto, WaitlistQuery } from '@clinic-flow/contracts';
import { UpstreamClient } from '../upstream/upstream.client';
import { assertPatientExists } from './patient-check';
import { query } from './query';

@ApiTags('waitlist')
@ApiBearerAuth()
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@Controller('waitlist')
export class WaitlistRoutes {
  constructor(private readonly upstream: UpstreamClient) {}

  @Post()
  @Roles(...Policies.manageWaitlist)
  @ApiOperation({ summary: 'Put a patient on the waitlist for a type (and optionally a provider) between two days' })
  @ApiCreatedResponse({ type: WaitlistEntryDto })
  @ApiUnprocessableEntityResponse({ type: ProblemDetailsDto, description: 'WAITLIST.UNKNOWN_PATIENT | UNKNOWN_TYPE | UNKNOWN_PROVIDER | INVALID_RANGE' })
  async join(@Body() body: JoinWaitlistRequest): Promise<WaitlistEntryDto> {
    await assertPatientExists(this.upstream, body.patientId, 'WAITLIST.UNKNOWN_PATIENT');
    return this.upstream.call('scheduling', 'POST', '/waitlist', body);
  }

  @Get()
  @Roles(...Policies.manageWaitlist)
  @ApiOperation({ summary: "A site's waiting (and offered) entries, first come first" })
  @ApiOkResponse({ description: 'Waitlist entries', schema: { properties: { items: { type: 'array', items: { $ref: '#/components/schemas/WaitlistEntryDto' } } } } })
  list(@Query() q: WaitlistQuery): Promise<ListResponse<WaitlistEntryDto>> {
    return this.upstream.call('scheduling', 'GET', `/waitlist${query(q)}`);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles(...Policies.manageWaitlist)
  @ApiOperation({ summary: 'Take a patient off the waitlist (an open offer goes to the next patient)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'WAITLIST.ENTRY_NOT_FOUND' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.upstream.call('scheduling', 'DELETE', `/waitlist/${encodeURIComponent(id)}`);
  }

  @Post('offers/:offerId/accept')
  @Roles(...Policies.manageWaitlist)
  @ApiOperation({ summary: 'Book the offered slot for the waitlisted patient (normal booking rules)' })
  @ApiCreatedResponse({ type: AppointmentDto })
  @ApiConflictResponse({ type: ProblemDetailsDto, description: 'WAITLIST.OFFER_EXPIRED | OFFER_TAKEN | APPOINTMENT.SLOT_TAKEN' })
  @ApiNotFoundResponse({ type: ProblemDetailsDto, description: 'WAITLIST.OFFER_NOT_FOUND' })
  accept(@Param('offerId') offerId: string): Promise<AppointmentDto> {
    return this.upstream.call('scheduling', 'POST', `/waitlist/offers/${encodeURIComponent(offerId)}/accept`, {});
  }
}
