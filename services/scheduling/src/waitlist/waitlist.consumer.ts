import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SiteScope } from '@clinic-flow/auth';
import {
  AppointmentBookedData,
  AppointmentBookedV1,
  AppointmentCancelledData,
  AppointmentCancelledV1,
  AppointmentRescheduledData,
  AppointmentRescheduledV1,
  EventEnvelope,
  PatientOfferAcceptedData,
  PatientOfferAcceptedV1,
} from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { AppointmentEffects } from '../appointments/appointments.effects';
import { AppointmentsRepository } from '../appointments/appointments.repository';
import { WaitlistService } from './waitlist.service';

/**
 * The appointment events that concern the waitlist: a booking that fulfils an entry, a cancellation
 * or a reschedule that frees a slot to offer, and patients taking an offer. The transport has one
 * handler per event type, so these handlers also heal the appointment's busy-time projection and
 * no-show job (as `appointments.consumer.ts` does for the other events), first: a freed slot is
 * offered only once the projection shows it free.
 */

/** Scheduling reacting to its own appointment events, at every site. */
const OWN_EVENTS = SiteScope.service('appointment events');

@Controller()
export class WaitlistConsumer {
  constructor(
    private readonly effects: AppointmentEffects,
    private readonly appointments: AppointmentsRepository,
    private readonly waitlist: WaitlistService,
  ) {}

  @OnEvent(AppointmentBookedV1)
  async onBooked(@Payload() event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    await this.effects.heal(event.data.appointmentId);
    if (event.data.waitlistEntryId) await this.waitlist.fulfil(event.data.siteId, event.data.waitlistEntryId, event.data.appointmentId);
  }

  @OnEvent(AppointmentCancelledV1)
  async onCancelled(@Payload() event: EventEnvelope<AppointmentCancelledData>): Promise<void> {
    const { data } = event;
    await this.effects.heal(data.appointmentId);
    const a = await this.appointments.findById(OWN_EVENTS, data.appointmentId);
    if (!a?.appointmentTypeId) return;
    await this.waitlist.slotFreed({
      key: `${a._id}@${data.revision ?? a.revision ?? 1}`,
      siteId: a.siteId,
      providerId: data.providerId,
      appointmentTypeId: a.appointmentTypeId,
      appointmentTypeName: a.appointmentTypeName ?? a.appointmentTypeId,
      releasedBy: a.patientId,
      start: new Date(data.start),
      end: new Date(data.end ?? a.end),
    });
  }

  @OnEvent(AppointmentRescheduledV1)
  async onRescheduled(@Payload() event: EventEnvelope<AppointmentRescheduledData>): Promise<void> {
    const { data } = event;
    await this.effects.heal(data.appointmentId, { providerId: data.previousProviderId, start: new Date(data.previousStart) });
    const a = await this.appointments.findById(OWN_EVENTS, data.appointmentId);
    if (!a?.appointmentTypeId) return;
    await this.waitlist.slotFreed({
      key: `${a._id}@${data.revision ?? a.revision ?? 1}`,
      siteId: a.siteId,
      providerId: data.previousProviderId,
      appointmentTypeId: a.appointmentTypeId,
      appointmentTypeName: a.appointmentTypeName ?? a.appointmentTypeId,
      releasedBy: a.patientId,
      start: new Date(data.previousStart),
      end: new Date(data.previousEnd),
    });
  }

  @OnEvent(PatientOfferAcceptedV1)
  onOfferAccepted(@Payload() event: EventEnvelope<PatientOfferAcceptedData>): Promise<void> {
    return this.waitlist.acceptByPatient(event.data);
  }
}
