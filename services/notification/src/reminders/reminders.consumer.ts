import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { AppointmentBookedData, AppointmentBookedV1, AppointmentCancelledData, AppointmentCancelledV1, EventEnvelope } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { RemindersService } from './reminders.service';

@Controller()
export class RemindersConsumer {
  constructor(private readonly reminders: RemindersService) {}

  @OnEvent(AppointmentBookedV1)
  onBooked(@Payload() event: EventEnvelope<AppointmentBookedData>): Promise<void> {
    return this.reminders.scheduleFor(event);
  }

  @OnEvent(AppointmentCancelledV1)
  onCancelled(@Payload() event: EventEnvelope<AppointmentCancelledData>): Promise<void> {
    return this.reminders.cancelFor(event);
  }
}
