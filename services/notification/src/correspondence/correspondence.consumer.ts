import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, LetterIssuedData, LetterIssuedV1, ReferralChasedData, ReferralChasedV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { messageIds } from '../messages/messages.rules';
import { MessagePlanningService } from '../messages/planning.service';

/**
 * Patient-records' correspondence, sent through the same messages pipeline as reminders (planned
 * message, job, channel, delivery status in the patient's notifications): a letter's download
 * link (email delivery; printed letters go by post), and the reminder of a chased referral.
 * The messages carry no clinical content: the letter stays behind its link.
 */
@Controller()
export class CorrespondenceConsumer {
  constructor(private readonly planning: MessagePlanningService) {}

  @OnEvent(LetterIssuedV1)
  async onLetterIssued(@Payload() event: EventEnvelope<LetterIssuedData>): Promise<void> {
    const l = event.data;
    if (l.delivery !== 'email' || !l.downloadUrl) return;
    const issuedAt = new Date(l.issuedAt);
    await this.planning.planOneOff(
      [
        {
          id: messageIds.letter(l.letterId),
          kind: 'letter-issued',
          patientId: l.patientId,
          siteId: l.siteId,
          siteTimeZone: l.siteTimeZone,
          requestedChannel: 'email',
          dueAt: new Date(),
          snapshot: { providerName: '', siteName: l.siteName, siteTimeZone: l.siteTimeZone, start: issuedAt, documentUrl: l.downloadUrl },
        },
      ],
      { siteId: l.siteId },
    );
  }

  @OnEvent(ReferralChasedV1)
  async onReferralChased(@Payload() event: EventEnvelope<ReferralChasedData>): Promise<void> {
    const r = event.data;
    if (!r.remindPatient) return;
    await this.planning.planOneOff(
      [
        {
          id: messageIds.referralReminder(r.taskId),
          kind: 'referral-reminder',
          patientId: r.patientId,
          siteId: r.siteId,
          siteTimeZone: r.siteTimeZone,
          dueAt: new Date(),
          snapshot: { providerName: '', siteName: r.siteName, siteTimeZone: r.siteTimeZone, start: new Date(r.chasedAt), awaiting: r.awaiting },
        },
      ],
      { siteId: r.siteId },
    );
  }
}
