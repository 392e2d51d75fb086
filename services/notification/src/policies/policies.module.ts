import { Module } from '@nestjs/common';
import { SitesModule } from '@clinic-flow/visits';
import { PoliciesController } from './policies.controller';
import { PoliciesRepository } from './policies.repository';
import { PoliciesService } from './policies.service';

/** Reminder policies (steps, quiet hours) per network, site and appointment type. */
@Module({
  imports: [SitesModule],
  controllers: [PoliciesController],
  providers: [PoliciesRepository, PoliciesService],
  exports: [PoliciesService],
})
export class PoliciesModule {}
