import { Module } from '@nestjs/common';
import { jobQueueProviders, jobSourceProviders } from '@clinic-flow/messaging';
import { AppointmentsModule } from '../appointments/appointments.module';
import { CalendarModule } from '../calendar/calendar.module';
import { CatalogModule } from '../catalog/catalog.module';
import { DirectoryModule } from '../directory/directory.module';
import { PatientsModule } from '../patients/patients.module';
import { OfferExpiryPlanner, offerExpirySource } from './offer-expiry.queue';
import { offerExpiryWorker } from './offer-expiry.worker';
import { OfferMessagesConsumer } from './offer-messages.consumer';
import { WaitlistConsumer } from './waitlist.consumer';
import { WaitlistController } from './waitlist.controller';
import { WaitlistRepository } from './waitlist.repository';
import { WaitlistService } from './waitlist.service';

/** The waitlist, its offers of freed slots, their messages' outcome and their expiry. */
@Module({
  imports: [AppointmentsModule, CalendarModule, CatalogModule, DirectoryModule, PatientsModule],
  controllers: [WaitlistController, WaitlistConsumer, OfferMessagesConsumer],
  providers: [...jobQueueProviders([offerExpiryWorker]), ...jobSourceProviders([offerExpirySource]), WaitlistRepository, WaitlistService, OfferExpiryPlanner],
  exports: [WaitlistRepository],
})
export class WaitlistModule {}
