import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { PatientsModule } from '../patients/patients.module';
import { ConsentsController } from './consents.controller';
import { ConsentsRepository } from './consents.repository';
import { ConsentsService } from './consents.service';
import { DemoConsentsSeed } from './demo-consents.seed';

/** Consent forms (a versioned catalogue) and patients' signatures and revocations of them. */
@Module({
  imports: [PatientsModule, DocumentsModule],
  controllers: [ConsentsController],
  providers: [ConsentsRepository, ConsentsService, DemoConsentsSeed],
})
export class ConsentsModule {}
