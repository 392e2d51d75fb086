import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, PatientMergedData, PatientMergedV1, PatientUnmergedData, PatientUnmergedV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { MergesService } from './merges.service';

/** Patient-records reads its own merge events to finish what a crash left between the merged record and the survivor (see MergesService). */
@Controller()
export class MergesConsumer {
  constructor(private readonly merges: MergesService) {}

  @OnEvent(PatientMergedV1)
  async onMerged(@Payload() event: EventEnvelope<PatientMergedData>): Promise<void> {
    await this.merges.completeMerge(event.data);
  }

  @OnEvent(PatientUnmergedV1)
  async onUnmerged(@Payload() event: EventEnvelope<PatientUnmergedData>): Promise<void> {
    await this.merges.completeUnmerge(event.data);
  }
}
