import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SiteScope } from '@clinic-flow/auth';
import {
  AppointmentBookedData,
  AppointmentBookedV1,
  AppointmentBookedV2,
  AppointmentCancelledData,
  AppointmentCancelledV1,
  AppointmentCancelledV2,
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

  @OnEvent(AppointmentBookedV1, AppointmentBookedV2)
  async onBooked(@Payload() event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    await this.effects.heal(event.data.appointmentId);
    if (event.data.waitlistEntryId) await this.waitlist.fulfil(event.data.siteId, event.data.waitlistEntryId, event.data.appointmentId);
  }

  @OnEvent(AppointmentCancelledV1, AppointmentCancelledV2)
  async onCancelled(@Payload() event: EventEnvelope<AppointmentCancelledData>): Promise<void> {
    const { data } = event;
    await this.effects.heal(data.appointmentId);
    await this.offerFreedTime(data.appointmentId, data.revision, { providerId: data.providerId, start: data.start, end: data.end });
  }

  @OnEvent(AppointmentRescheduledV1)
  async onRescheduled(@Payload() event: EventEnvelope<AppointmentRescheduledData>): Promise<void> {
    const { data } = event;
    await this.effects.heal(data.appointmentId, { providerId: data.previousProviderId, start: new Date(data.previousStart) });
    await this.offerFreedTime(data.appointmentId, data.revision, { providerId: data.previousProviderId, start: data.previousStart, end: data.previousEnd });
  }

  @OnEvent(PatientOfferAcceptedV1)
  onOfferAccepted(@Payload() event: EventEnvelope<PatientOfferAcceptedData>): Promise<void> {
    return this.waitlist.acceptByPatient(event.data);
  }

  /** The time an appointment gave up (cancelled, or moved away from), offered to the waitlist once per revision. */
  private async offerFreedTime(appointmentId: string, revision: number | undefined, freed: { providerId: string; start: string; end?: string }): Promise<void> {
    const a = await this.appointments.findById(OWN_EVENTS, appointmentId);
    if (!a?.appointmentTypeId) return;
    await this.waitlist.slotFreed({
      key: `${a._id}@${revision ?? a.revision ?? 1}`,
      siteId: a.siteId,
      providerId: freed.providerId,
      appointmentTypeId: a.appointmentTypeId,
      appointmentTypeName: a.appointmentTypeName ?? a.appointmentTypeId,
      releasedBy: a.patientId,
      start: new Date(freed.start),
      end: freed.end ? new Date(freed.end) : a.end,
    });
  }
}
