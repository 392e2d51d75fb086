import { Module } from '@nestjs/common';
import { SitesConsumer } from './sites.consumer';
import { SitesRepository } from './sites.repository';

/** The network's sites, kept from scheduling's events. */
@Module({
  controllers: [SitesConsumer],
  providers: [SitesRepository],
  exports: [SitesRepository],
})
export class SitesModule {}
