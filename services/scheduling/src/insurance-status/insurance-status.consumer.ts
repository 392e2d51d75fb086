import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EligibilityCheckedData, EligibilityCheckedV1, EventEnvelope, VisitAuthorizationAssessedV1, VisitAuthorizationData } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { InsuranceStatusRepository } from './insurance-status.repository';
import { authorizationRowOf, eligibilityRowOf } from './insurance-status.rules';

/**
 * Insurance's verdicts on appointments, for the day view. A replay or a late event changes nothing
 * (the row keeps the latest by the event's time); checks of no visit or of a secondary coverage are skipped.
 */
@Controller()
export class InsuranceStatusConsumer {
  constructor(private readonly status: InsuranceStatusRepository) {}

  @OnEvent(EligibilityCheckedV1)
  async onEligibilityChecked(@Payload() event: EventEnvelope<EligibilityCheckedData>): Promise<void> {
    const row = eligibilityRowOf(event.data, new Date(event.time));
    if (row) await this.status.recordEligibility(row);
  }

  @OnEvent(VisitAuthorizationAssessedV1)
  async onVisitAuthorizationAssessed(@Payload() event: EventEnvelope<VisitAuthorizationData>): Promise<void> {
    await this.status.recordAuthorization(authorizationRowOf(event.data, new Date(event.time)));
  }
}
