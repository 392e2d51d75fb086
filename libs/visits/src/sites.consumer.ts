import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, SiteRegisteredData, SiteRegisteredV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { SitesRepository } from './sites.repository';

/** Learns the network's sites from scheduling, so a change that affects every site can be checked against them. */
@Controller()
export class SitesConsumer {
  constructor(private readonly sites: SitesRepository) {}

  @OnEvent(SiteRegisteredV1)
  async onSiteRegistered(@Payload() event: EventEnvelope<SiteRegisteredData>): Promise<void> {
    const { siteId, name, timeZone } = event.data;
    await this.sites.remember({ _id: siteId, name, timeZone, registeredAt: new Date(event.time) });
  }
}
