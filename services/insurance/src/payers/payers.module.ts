import { Module } from '@nestjs/common';
import { SitesModule } from '@clinic-flow/visits';
import { DemoPayersSeed } from './demo-payers.seed';
import { PayersController } from './payers.controller';
import { PayersRepository } from './payers.repository';
import { PayersService } from './payers.service';

/** Payers, plans and their referral / prior-authorization rules: network-wide reference data. */
@Module({
  imports: [SitesModule],
  controllers: [PayersController],
  providers: [PayersRepository, PayersService, DemoPayersSeed],
  exports: [PayersRepository],
})
export class PayersModule {}
