import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { CatalogController } from './catalog.controller';
import { CatalogRepository } from './catalog.repository';
import { CatalogService } from './catalog.service';

/** Appointment types: network-wide, so changing one is checked against every site of the directory. */
@Module({
  imports: [DirectoryModule],
  controllers: [CatalogController],
  providers: [CatalogRepository, CatalogService],
  exports: [CatalogRepository],
})
export class CatalogModule {}
