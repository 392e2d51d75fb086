import { Module } from '@nestjs/common';
import { PatientsModule } from '../patients/patients.module';
import { BreakGlassController } from './break-glass.controller';
import { BreakGlassService } from './break-glass.service';

/** Break the glass: open a record outside one's care relationship with a reason, for a while; the accesses of a site for its office managers. */
@Module({
  imports: [PatientsModule],
  controllers: [BreakGlassController],
  providers: [BreakGlassService],
})
export class BreakGlassModule {}
