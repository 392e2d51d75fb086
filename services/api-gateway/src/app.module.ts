import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@clinic-flow/auth';
import { MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import type { GatewayConfig } from './config';
import { SystemHealthController } from './health/system-health.controller';
import { AuthController } from './identity/auth.controller';
import { IdentityService } from './identity/identity.service';
import { UsersRepository } from './identity/users.repository';
import { AppointmentsRoutes } from './routes/appointments.routes';
import { DayViewRoutes } from './routes/day-view.routes';
import { WaitlistRoutes } from './routes/waitlist.routes';
import { DirectoryRoutes } from './routes/directory.routes';
import { CatalogRoutes } from './routes/catalog.routes';
import { AvailabilityRoutes } from './routes/availability.routes';
import { SlotsRoutes } from './routes/slots.routes';
import { PatientResponsesRoutes } from './routes/patient-responses.routes';
import { PatientsRoutes } from './routes/patients.routes';
import { ReminderPoliciesRoutes } from './routes/reminder-policies.routes';
import { UpstreamClient } from './upstream/upstream.client';

@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'api-gateway', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        MessagingModule.forRoot({ service: 'api-gateway', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL }),
        AuthModule.forRoot({ secret: config.JWT_SECRET, expiresInSeconds: config.TOKEN_TTL_SECONDS }),
      ],
      controllers: [AuthController, DirectoryRoutes, CatalogRoutes, AvailabilityRoutes, SlotsRoutes, PatientsRoutes, ReminderPoliciesRoutes, PatientResponsesRoutes, AppointmentsRoutes, WaitlistRoutes, DayViewRoutes, SystemHealthController],
      providers: [UsersRepository, IdentityService, UpstreamClient],
    };
  }
}
