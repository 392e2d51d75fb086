import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ConsentRevokedData, ConsentRevokedV1, ConsentSignedData, ConsentSignedV1, EventEnvelope } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { ChannelConsentsRepository } from './channel-consents.repository';

/** A revoked communication consent blocks its channel; signing it again opens the channel again. Other consents do not concern messages. */
@Controller()
export class ChannelConsentsConsumer {
  constructor(private readonly consents: ChannelConsentsRepository) {}

  @OnEvent(ConsentSignedV1)
  async onSigned(@Payload() event: EventEnvelope<ConsentSignedData>): Promise<void> {
    if (event.data.kind !== 'communication' || !event.data.channel) return;
    await this.consents.apply(event.data.patientId, event.data.channel, false, new Date(event.data.signedAt));
  }

  @OnEvent(ConsentRevokedV1)
  async onRevoked(@Payload() event: EventEnvelope<ConsentRevokedData>): Promise<void> {
    if (event.data.kind !== 'communication' || !event.data.channel) return;
    await this.consents.apply(event.data.patientId, event.data.channel, true, new Date(event.data.revokedAt));
  }
}
