import { Module } from '@nestjs/common';
import { DocumentsModule } from '../documents/documents.module';
import { PatientsModule } from '../patients/patients.module';
import { ReferralsModule } from '../referrals/referrals.module';
import { SitesModule } from '../sites/sites.module';
import { LettersController } from './letters.controller';
import { LettersRepository } from './letters.repository';
import { LettersService } from './letters.service';

/** Letters from versioned templates with each site's letterhead, stored as documents, emailed as a link or printed. */
@Module({
  imports: [PatientsModule, SitesModule, DocumentsModule, ReferralsModule],
  controllers: [LettersController],
  providers: [LettersRepository, LettersService],
})
export class LettersModule {}
