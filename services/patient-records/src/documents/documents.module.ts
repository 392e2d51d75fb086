import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { DocumentLinksController, DocumentsController } from './documents.controller';
import { DocumentsFhirController } from './documents-fhir.controller';
import { DocumentsRepository } from './documents.repository';
import { DocumentsService } from './documents.service';
import { DocumentsSweep } from './documents.sweep';

/** Patient documents: uploads, versions, downloads, patients' download links; DocumentsService for generated documents (letters). */
@Module({
  imports: [PatientsModule],
  controllers: [DocumentsController, DocumentLinksController, DocumentsFhirController],
  providers: [DocumentsRepository, DocumentsService, DocumentsSweep],
  exports: [DocumentsService],
})
export class DocumentsModule {}
