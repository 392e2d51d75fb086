import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, eventKey } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { timelineEvents } from './timeline.rules';
import { TimelineService } from './timeline.service';

/**
 * Feeds the timeline: one handler per event in timelineEvents() (the events with a line in
 * TIMELINE_EVENTS, and every event patient-records produces), attached below rather than written
 * out, so a new kind of entry is a line in timeline.rules.ts and nothing here. Events of types this
 * build does not know at all are skipped and counted by the transport, as everywhere.
 */
@Controller()
export class TimelineConsumer {
  constructor(private readonly timeline: TimelineService) {}

  async record(event: EventEnvelope): Promise<void> {
    await this.timeline.record(event);
  }
}

for (const definition of timelineEvents()) {
  const name = `on ${eventKey(definition)}`;
  const prototype = TimelineConsumer.prototype as unknown as Record<string, unknown>;
  const descriptor: PropertyDescriptor = {
    value: function (this: TimelineConsumer, event: EventEnvelope) {
      return this.record(event);
    },
    configurable: true,
    writable: true,
  };
  Object.defineProperty(prototype, name, descriptor);
  Payload()(prototype, name, 0);
  OnEvent(definition)(prototype, name, descriptor);
}
