import { Module } from '@nestjs/common';
import { SitesModule } from './sites.module';
import { VisitListeners } from './visit-listeners';
import { VisitsConsumer } from './visits.consumer';
import { VisitsRepository } from './visits.repository';
import { VisitsService } from './visits.service';

/**
 * Visits: scheduling's appointments as insurance needs them. Features react by registering a
 * VisitListener (`VisitListeners.register` in their onModuleInit) and read visits through
 * VisitsRepository.
 */
@Module({
  imports: [SitesModule],
  controllers: [VisitsConsumer],
  providers: [VisitsRepository, VisitsService, VisitListeners],
  exports: [VisitsRepository, VisitListeners],
})
export class VisitsModule {}
