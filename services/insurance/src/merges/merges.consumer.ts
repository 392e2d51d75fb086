import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, PatientMergedData, PatientMergedV1, PatientUnmergedData, PatientUnmergedV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { MergesService } from './merges.service';

/** Applies patient-records' merges and unmerges to coverages. */
@Controller()
export class MergesConsumer {
  constructor(private readonly merges: MergesService) {}

  @OnEvent(PatientMergedV1)
  async onMerged(@Payload() event: EventEnvelope<PatientMergedData>): Promise<void> {
    await this.merges.applyMerge(event.data);
  }

  @OnEvent(PatientUnmergedV1)
  async onUnmerged(@Payload() event: EventEnvelope<PatientUnmergedData>): Promise<void> {
    await this.merges.applyUnmerge(event.data);
  }
}
