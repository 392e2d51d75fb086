import { Module } from '@nestjs/common';
import { ANALYTICS_STREAMS, analyticsTopic } from '@clinic-flow/contracts';
import type { PatientRecordsConfig } from '../config';
import { PatientsModule } from '../patients/patients.module';
import { AnalyticsConsumer } from './analytics.consumer';
import { parseAnalyticsConsumers } from './analytics.rules';
import { AnalyticsService } from './analytics.service';

/** Every registered consumer's analytics topics, created at start with the service's other topics. */
export function analyticsTopics(config: Pick<PatientRecordsConfig, 'ANALYTICS_CONSUMERS' | 'PATIENT_RECORDS_SECRET'>): string[] {
  return parseAnalyticsConsumers(config.ANALYTICS_CONSUMERS, config.PATIENT_RECORDS_SECRET).flatMap((c) => ANALYTICS_STREAMS.map((s) => analyticsTopic(c.name, s)));
}

/**
 * The analytics projector: de-identified appointment and message streams for the registered
 * analytics consumers (README "Analytics streams"). It lives in patient-records because the only
 * patient facts the streams carry (age band, ZIP3) are this service's own data, so no event has to
 * carry a date of birth or an address for it; it already consumes the appointment and message topics.
 */
@Module({
  imports: [PatientsModule],
  controllers: [AnalyticsConsumer],
  providers: [AnalyticsService],
})
export class AnalyticsModule {}
