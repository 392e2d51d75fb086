import { Controller, Get, Param } from '@nestjs/common';
import { ApiForbiddenResponse, ApiTags } from '@nestjs/swagger';
import { ApiListResponse, NotificationDto, ProblemDetailsDto } from '@clinic-flow/contracts';
import { AuthUser, CurrentUser, Policies, Roles } from '@clinic-flow/auth';
import { MessageQueriesService } from './queries.service';
import { AuditPatientData } from '@clinic-flow/audit';

/** Delivery status of messages, per appointment and per patient. */
@ApiForbiddenResponse({ type: ProblemDetailsDto })
@AuditPatientData()
@Controller()
export class MessagesController {
  constructor(private readonly queries: MessageQueriesService) {}

  @Get('appointments/:id/notifications')
  @Roles(...Policies.readNotifications)
  @ApiTags('appointments')
  @ApiListResponse(NotificationDto, 'Reminders of the appointment and their delivery status')
  list(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.queries.listForAppointment(id, user);
  }

  @Get('patients/:id/notifications')
  @Roles(...Policies.readNotifications)
  @ApiTags('patients')
  @ApiListResponse(NotificationDto, "The patient's messages (all kinds) at the caller's sites and their delivery status")
  listForPatient(@Param('id') id: string, @CurrentUser() user: AuthUser) {
    return this.queries.listForPatient(id, user);
  }
}
