import { Module } from '@nestjs/common';
import { SitesConsumer } from './sites.consumer';
import { SitesRepository } from './sites.repository';

/** The network's sites as scheduling announces them (name, time zone, address, phone). */
@Module({
  controllers: [SitesConsumer],
  providers: [SitesRepository],
  exports: [SitesRepository],
})
export class SitesModule {}
