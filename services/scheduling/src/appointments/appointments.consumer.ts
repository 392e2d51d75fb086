import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { SiteScope } from '@clinic-flow/auth';
import {
  AppointmentBookedData,
  AppointmentBookedV1,
  AppointmentCancelledData,
  AppointmentCancelledV1,
  AppointmentCheckedInV1,
  AppointmentCompletedV1,
  AppointmentConfirmedV1,
  AppointmentNoShowV1,
  AppointmentRefData,
  AppointmentRescheduledData,
  AppointmentRescheduledV1,
  EventEnvelope,
  PatientOfferAcceptedData,
  PatientOfferAcceptedV1,
  PatientResponseReceivedData,
  PatientResponseReceivedV1,
} from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { WaitlistService } from '../waitlist/waitlist.service';
import { AppointmentEffects } from './appointments.effects';
import { AppointmentsRepository } from './appointments.repository';
import { LifecycleService } from './lifecycle.service';

/**
 * Scheduling reads its own appointment events (at least once, in order per appointment) to finish
 * what follows a change outside the appointment document, idempotently: the busy-time projection,
 * the no-show job, waitlist offers for freed slots, and the waitlist entry a booking fulfils. It
 * also applies patients' answers to messages (confirm / cancel, taking a waitlist offer).
 */
/** Scheduling reacting to its own appointment events, at every site. */
const OWN_EVENTS = SiteScope.service('appointment events');

@Controller()
export class AppointmentsConsumer {
  constructor(
    private readonly effects: AppointmentEffects,
    private readonly appointments: AppointmentsRepository,
    private readonly waitlist: WaitlistService,
    private readonly lifecycle: LifecycleService,
  ) {}

  @OnEvent(AppointmentBookedV1)
  async onBooked(@Payload() event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    await this.effects.heal(event.data.appointmentId);
    if (event.data.waitlistEntryId) await this.waitlist.fulfil(event.data.siteId, event.data.waitlistEntryId, event.data.appointmentId);
  }

  @OnEvent(AppointmentConfirmedV1)
  onConfirmed(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.effects.heal(event.data.appointmentId);
  }

  @OnEvent(AppointmentCheckedInV1)
  onCheckedIn(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.effects.heal(event.data.appointmentId);
  }

  @OnEvent(AppointmentCompletedV1)
  onCompleted(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    return this.effects.heal(event.data.appointmentId);
  }

  @OnEvent(AppointmentNoShowV1)
  onNoShow(@Payload() event: EventEnvelope<AppointmentRefData>): Promise<void> {
    // A no-show's time is in the past: nothing to offer the waitlist.
    return this.effects.heal(event.data.appointmentId);
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

  @OnEvent(PatientResponseReceivedV1)
  onPatientResponse(@Payload() event: EventEnvelope<PatientResponseReceivedData>): Promise<void> {
    return this.lifecycle.applyPatientResponse(event.data);
  }

  @OnEvent(PatientOfferAcceptedV1)
  onOfferAccepted(@Payload() event: EventEnvelope<PatientOfferAcceptedData>): Promise<void> {
    return this.waitlist.acceptByPatient(event.data);
  }
}
