import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, StatementIssuedData, StatementIssuedV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { messageIds } from '../messages/messages.rules';
import { MessagePlanningService } from '../messages/planning.service';

/**
 * Billing's statements, through the same messages pipeline as reminders (planned message, job,
 * the patient's preferred channel, delivery status): "your statement is ready, pay by <date>",
 * with the reminder or final-notice wording of its dunning level. The message carries neither
 * the amount nor the services (an SMS or a shared inbox may be read by others); the statement
 * itself is mailed and printed at the desk. Collections review is for staff: no message.
 */
@Controller()
export class StatementsConsumer {
  constructor(private readonly planning: MessagePlanningService) {}

  @OnEvent(StatementIssuedV1)
  async onStatementIssued(@Payload() event: EventEnvelope<StatementIssuedData>): Promise<void> {
    const s = event.data;
    if (s.dunningLevel === 'collections-review') return;
    await this.planning.planOneOff(
      [
        {
          id: messageIds.statement(s.statementId),
          kind: 'statement-ready',
          patientId: s.patientId,
          siteId: s.siteId,
          siteTimeZone: s.siteTimeZone,
          dueAt: new Date(),
          snapshot: { providerName: '', siteName: s.siteName, siteTimeZone: s.siteTimeZone, start: new Date(s.issuedAt), dueOn: s.dueDate, dunningLevel: s.dunningLevel },
        },
      ],
      { siteId: s.siteId },
    );
  }
}
