import { Module } from '@nestjs/common';
import { ScrubberController, ScrubberRulesController } from './scrubber.controller';
import { ScrubberRepository } from './scrubber.repository';
import { ScrubberService } from './scrubber.service';

/** The open, versioned claim scrubber: rules, reference tables and overrides. Exports ScrubberService for the claim flow. */
@Module({
  controllers: [ScrubberController, ScrubberRulesController],
  providers: [ScrubberRepository, ScrubberService],
  exports: [ScrubberService],
})
export class ScrubberModule {}
