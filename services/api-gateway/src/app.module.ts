import { DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from '@clinic-flow/auth';
import { MongoModule, PlatformModule } from '@clinic-flow/platform';
import type { GatewayConfig } from './config';
import { DocumentLinksController } from './edge/document-links.controller';
import { PatientResponsesController } from './edge/patient-responses.controller';
import { SystemHealthController } from './health/system-health.controller';
import { AuthController } from './identity/auth.controller';
import { IdentityService } from './identity/identity.service';
import { UsersRepository } from './identity/users.repository';
import { ForwardController } from './routing/forward.controller';
import { ServiceDocuments } from './routing/service-documents';
import { UpstreamClient } from './upstream/upstream.client';

/** The edge: sign-in, the patients' public pages and webhook, health; everything else is forwarded. */
@Module({})
export class AppModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot({ serviceName: 'api-gateway', config }),
        MongoModule.forRoot({ url: config.MONGO_URL, dbName: config.MONGO_DB }),
        AuthModule.forRoot({ secret: config.JWT_SECRET, expiresInSeconds: config.TOKEN_TTL_SECONDS }),
      ],
      // ForwardController catches every other path, so it comes last.
      controllers: [AuthController, PatientResponsesController, DocumentLinksController, SystemHealthController, ForwardController],
      providers: [UsersRepository, IdentityService, UpstreamClient, ServiceDocuments],
    };
  }
}
