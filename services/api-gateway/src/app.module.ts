import { DynamicModule, Module } from '@nestjs/common';
import { ACCESS_CHECK, AuthModule } from '@clinic-flow/auth';
import { MessagingModule } from '@clinic-flow/messaging';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import type { GatewayConfig } from './config';
import { AuditController } from './audit/audit.controller';
import { EventCatalogueController } from './docs/event-catalogue.controller';
import { DocumentLinksController } from './edge/document-links.controller';
import { PatientResponsesController } from './edge/patient-responses.controller';
import { FrontDeskController } from './front-desk/front-desk.controller';
import { SystemHealthController } from './health/system-health.controller';
import { GatewayAccessCheck } from './identity/access-check';
import { AuthController } from './identity/auth.controller';
import { IdentityService } from './identity/identity.service';
import { SessionsRepository } from './identity/sessions.repository';
import { ThrottleRepository } from './identity/throttle.repository';
import { UserStatusCache } from './users/user-status.cache';
import { ConsoleController } from './operations/console.controller';
import { OperationsController } from './operations/operations.controller';
import { OperationsRepository } from './operations/operations.repository';
import { OperationsService } from './operations/operations.service';
import { ForwardController } from './routing/forward.controller';
import { ServiceDocuments } from './routing/service-documents';
import { UpstreamClient } from './upstream/upstream.client';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/** The edge: sign-in, staff accounts, the patients' public pages and webhook, health; everything else is forwarded. */
@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'api-gateway', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        // Staff-account events go out through the outbox of the users collection.
        MessagingModule.forRoot({ service: 'api-gateway', brokers: config.KAFKA_BROKERS, logLevel: config.LOG_LEVEL, inbox: { retentionDays: config.INBOX_RETENTION_DAYS, intervalMs: config.INBOX_PRUNE_INTERVAL_MS, batchSize: config.INBOX_PRUNE_BATCH }, outboxSweepIntervalMs: config.OUTBOX_SWEEP_MS }),
        AuthModule.forRoot({ publicKeys: config.JWT_PUBLIC_KEYS, privateKey: config.JWT_PRIVATE_KEY, accessTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS }),
      ],
      // ForwardController catches every other path, so it comes last. EventCatalogueController serves docs/asyncapi.json (issue 13); FrontDeskController the web app at / (issue 15).
      controllers: [AuthController, UsersController, PatientResponsesController, DocumentLinksController, AuditController, SystemHealthController, EventCatalogueController, OperationsController, ConsoleController, FrontDeskController, ForwardController],
      providers: [
        UsersRepository,
        SessionsRepository,
        ThrottleRepository,
        UserStatusCache,
        GatewayAccessCheck,
        // The gateway, the only public entry, checks each token's user (active, not changed since) and sign-in (not ended).
        { provide: ACCESS_CHECK, useExisting: GatewayAccessCheck },
        IdentityService,
        UsersService,
        UpstreamClient,
        ServiceDocuments,
        // The operations console (issue 13).
        OperationsRepository,
        OperationsService,
      ],
    };
  }
}
