import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, SiteRegisteredData, SiteRegisteredV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { SitesRepository } from './sites.repository';

/** Learns the network's sites from scheduling: letters carry the site's letterhead. */
@Controller()
export class SitesConsumer {
  constructor(private readonly sites: SitesRepository) {}

  @OnEvent(SiteRegisteredV1)
  async onSiteRegistered(@Payload() event: EventEnvelope<SiteRegisteredData>): Promise<void> {
    const { siteId, name, timeZone, address, phone } = event.data;
    await this.sites.remember({ _id: siteId, name, timeZone, address, phone, asOf: new Date(event.time) });
  }
}
