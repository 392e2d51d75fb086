import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditReader } from './audit.reader';
import { AuditChainWriter } from './audit.writer';

/**
 * The audit trail of a service that serves patient data: the chain writer of this process, the
 * interceptor that writes every audited call's entry, and the internal listing and verify routes.
 * Needs PlatformModule (service name, config) and MongoModule (the service's own database).
 */
@Global()
@Module({})
export class AuditModule {
  static forRoot(): DynamicModule {
    return {
      module: AuditModule,
      controllers: [AuditController],
      providers: [AuditChainWriter, AuditReader, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
      exports: [AuditChainWriter, AuditReader],
    };
  }
}
