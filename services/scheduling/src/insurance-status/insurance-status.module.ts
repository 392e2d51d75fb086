import { Module } from '@nestjs/common';
import { InsuranceStatusConsumer } from './insurance-status.consumer';
import { InsuranceStatusRepository } from './insurance-status.repository';

/** Eligibility and authorization of appointments as insurance reported them (eligibility.checked, visit-authorization.assessed). */
@Module({
  controllers: [InsuranceStatusConsumer],
  providers: [InsuranceStatusRepository],
  exports: [InsuranceStatusRepository],
})
export class InsuranceStatusModule {}
