import { Inject, Injectable, Logger } from '@nestjs/common';
import { SiteScope } from '@clinic-flow/auth';
import {
  InboundSmsRequest,
  Language,
  PatientOfferAcceptedV1,
  PatientResponseAction,
  PatientResponseReceivedV1,
  PatientResponseResultDto,
  ResponseVia,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, conflict, errorMessageForLog, gone, invalid, unauthenticated } from '@clinic-flow/platform';
import { MESSAGE_CHANNELS, MessageChannel } from '../channels/channel';
import type { NotificationConfig } from '../config';
import { ContactsRepository } from '../contacts/contacts.repository';
import { MessagesRepository } from '../messages/messages.repository';
import { OPEN_STATUSES } from '../messages/messages.rules';
import { AppointmentViewRecord, MessageRecord } from '../messages/messages.schema';
import { LinkClaims, verifyLink } from '../messages/response-links.rules';
import { SmsThreadsRepository } from '../messages/sms-threads.repository';
import { formatWhen, renderReply, ReplyKind } from '../templates/templates.renderer';
import { ResponsesRepository } from './responses.repository';
import { parseReply, responseIdOfToken, verifyInbound } from './responses.rules';
import { responsePage } from './responses.page';
import { auditContext } from '@clinic-flow/audit';

const linkExpired = () => gone('RESPONSE.LINK_EXPIRED', 'This link has expired. Please call the clinic.');
const linkInvalid = () => invalid('RESPONSE.LINK_INVALID', 'This link is not valid. Please use the link from your latest message or call the clinic.');

interface ResolvedLink {
  claims: LinkClaims;
  reminder: MessageRecord;
  /** Confirm / cancel: the appointment as notification knows it. */
  view?: AppointmentViewRecord;
  /** What the page shows: when, with whom, where. */
  about: { start: Date; siteTimeZone: string; providerName: string; siteName: string };
  language: Language;
}

/**
 * Patients answering a message: by signed link (GET shows a page and changes nothing, since
 * mail scanners follow links; POST answers) or by SMS reply keyword through the provider's inbound
 * webhook. Either way the answer becomes one event (outbox, one per link or inbound message):
 * `patient-response.received`, and scheduling confirms or cancels the appointment, or
 * `patient-response.offer-accepted`, and scheduling books the offered slot.
 */
/** A patient's answer is authorised by its signed link or phone number, not by a staff member's sites. */
const PATIENT_ANSWERS = SiteScope.service('patient answers');

@Injectable()
export class ResponsesService {
  private readonly logger = new Logger(ResponsesService.name);
  private readonly sms?: MessageChannel;

  constructor(
    private readonly responses: ResponsesRepository,
    private readonly messages: MessagesRepository,
    private readonly threads: SmsThreadsRepository,
    private readonly contacts: ContactsRepository,
    private readonly events: EventFactory,
    @Inject(MESSAGE_CHANNELS) channels: MessageChannel[],
    @Inject(APP_CONFIG) private readonly config: NotificationConfig,
  ) {
    this.sms = channels.find((c) => c.name === 'sms');
  }

  /** What the link would do, as a page with a button; nothing changes. */
  async show(token: string): Promise<PatientResponseResultDto> {
    const link = await this.resolveLink(token);
    const existing = await this.responses.find(PATIENT_ANSWERS, responseIdOfToken(token));
    return this.result(link, existing ? 'received' : 'pending', existing?._id);
  }

  /**
   * Answers: verifies the link, checks the appointment (or the offer) is still open, records the
   * response once; the same link again gives the same response.
   */
  async answer(token: string): Promise<PatientResponseResultDto> {
    const link = await this.resolveLink(token);
    const responseId = responseIdOfToken(token);
    const existing = await this.responses.find(PATIENT_ANSWERS, responseId);
    if (existing) return this.result(link, 'received', existing._id);
    const { action } = link.claims;
    if (action === 'accept-offer') {
      this.assertOfferOpen(link.reminder);
      return this.result(link, 'received', (await this.recordOfferAcceptance(responseId, link.reminder))._id);
    }
    this.assertOpen(link.view!, link.reminder);
    return this.result(link, 'received', (await this.record(responseId, link.reminder, action, 'link'))._id);
  }

  private result(link: ResolvedLink, state: 'pending' | 'received', responseId?: string): PatientResponseResultDto {
    const { claims, reminder, about, language } = link;
    // The patient's own link: on their audit trail as what it showed or did (the query holds only the token, never kept).
    auditContext.notePatient(reminder.patientId);
    return {
      action: claims.action,
      state,
      responseId,
      ...(claims.action === 'accept-offer' ? { offerId: reminder.snapshot?.offerId } : { appointmentId: reminder.appointmentId }),
      html: responsePage({ action: claims.action, state, language, when: formatWhen(about.start, about.siteTimeZone, language), providerName: about.providerName, siteName: about.siteName }),
    };
  }

  /**
   * An SMS reply from the provider's webhook: signature checked, matched by phone number to the
   * latest reminder sent there, keyword parsed; the patient always gets an SMS back saying what happened.
   */
  async inboundSms(message: InboundSmsRequest, signature: string | undefined, timestamp: string | undefined): Promise<{ outcome: string; responseId?: string }> {
    if (!signature || !timestamp || !verifyInbound(this.config.SMS_INBOUND_SECRET, { timestamp, id: message.id, from: message.from, body: message.body }, signature, new Date())) {
      throw unauthenticated('RESPONSE.BAD_SIGNATURE', 'The webhook signature is missing, wrong or too old.');
    }
    const thread = await this.threads.find(message.from);
    if (thread) auditContext.notePatient(thread.patientId);
    const contact = thread ? await this.contacts.find(thread.patientId) : null;
    const language: Language = thread?.language ?? contact?.language ?? 'en';
    if (!thread) return this.reply(message, 'noReminder', language, 'no-reminder');
    const action = parseReply(message.body);
    if (!action) return this.reply(message, 'unknownKeyword', language, 'unknown-keyword');
    const [reminder, view] = await Promise.all([this.messages.findMessage(PATIENT_ANSWERS, thread.messageId), this.messages.findView(PATIENT_ANSWERS, thread.appointmentId)]);
    if (!reminder || !view) return this.reply(message, 'noReminder', language, 'no-reminder');
    const responseId = `sms_${message.id}`;
    const existing = await this.responses.find(PATIENT_ANSWERS, responseId);
    if (!existing && (!OPEN_STATUSES.includes(view.status) || view.start.getTime() <= Date.now())) return this.reply(message, 'closed', language, 'closed');
    const record = existing ?? (await this.record(responseId, reminder, action, 'sms'));
    const context = { firstName: contact?.firstName ?? '', start: view.start, siteTimeZone: view.siteTimeZone };
    await this.reply(message, record.action === 'confirm' ? 'confirmed' : 'cancelled', language, record.action, context);
    return { outcome: record.action, responseId: record._id };
  }

  private async resolveLink(token: string): Promise<ResolvedLink> {
    const check = verifyLink(token, this.config.RESPONSE_LINK_SECRET, new Date());
    if (!check.ok && check.problem === 'expired') throw linkExpired();
    if (!check.ok) throw linkInvalid();
    const { claims } = check;
    const reminder = await this.messages.findMessage(PATIENT_ANSWERS, claims.messageId);
    if (!reminder) throw linkInvalid();
    const language: Language = (await this.contacts.find(reminder.patientId))?.language ?? 'en';
    if (claims.action === 'accept-offer') {
      const s = reminder.snapshot;
      if (reminder.kind !== 'waitlist-offer' || !s?.offerId || !reminder.waitlistEntryId) throw linkInvalid();
      return { claims, reminder, language, about: { start: s.start, siteTimeZone: s.siteTimeZone, providerName: s.providerName, siteName: s.siteName } };
    }
    const view = reminder.appointmentId ? await this.messages.findView(PATIENT_ANSWERS, reminder.appointmentId) : null;
    if (!view) throw linkInvalid();
    return { claims, reminder, view, language, about: view };
  }

  /** Scheduling closed the offer (someone booked the slot, or it lapsed): the link takes nothing. */
  private assertOfferOpen(reminder: MessageRecord): void {
    if (reminder.offerClosed === 'accepted') throw conflict('RESPONSE.OFFER_CLOSED', 'This time has already been booked. You stay on the waitlist; the clinic will offer you another time.');
    if (reminder.offerClosed) throw linkExpired();
  }

  /** A link for an appointment that moved, or one that is closed, no longer answers anything. */
  private assertOpen(view: AppointmentViewRecord, reminder: MessageRecord): void {
    if (view.start.getTime() !== reminder.appointmentStart?.getTime()) throw linkExpired();
    if (!OPEN_STATUSES.includes(view.status)) throw conflict('RESPONSE.APPOINTMENT_CLOSED', `The appointment is ${view.status}; it can no longer be confirmed or cancelled from a message.`);
  }

  private async record(responseId: string, reminder: MessageRecord, action: PatientResponseAction, via: ResponseVia) {
    const receivedAt = new Date();
    const event = this.events.outboxEntry(PatientResponseReceivedV1, {
      subject: reminder.appointmentId!,
      siteId: reminder.siteId,
      data: {
        responseId,
        appointmentId: reminder.appointmentId!,
        patientId: reminder.patientId,
        siteId: reminder.siteId,
        action,
        via,
        messageId: reminder._id,
        receivedAt: receivedAt.toISOString(),
      },
    });
    const { record } = await this.responses.record(
      PATIENT_ANSWERS,
      { _id: responseId, appointmentId: reminder.appointmentId!, patientId: reminder.patientId, siteId: reminder.siteId, messageId: reminder._id, action, via, receivedAt },
      [event],
    );
    return record;
  }

  private async recordOfferAcceptance(responseId: string, reminder: MessageRecord) {
    const receivedAt = new Date();
    const offerId = reminder.snapshot!.offerId!;
    const waitlistEntryId = reminder.waitlistEntryId!;
    const event = this.events.outboxEntry(PatientOfferAcceptedV1, {
      subject: waitlistEntryId,
      siteId: reminder.siteId,
      data: { responseId, offerId, waitlistEntryId, patientId: reminder.patientId, siteId: reminder.siteId, via: 'link', messageId: reminder._id, receivedAt: receivedAt.toISOString() },
    });
    const { record } = await this.responses.record(
      PATIENT_ANSWERS,
      { _id: responseId, offerId, patientId: reminder.patientId, siteId: reminder.siteId, messageId: reminder._id, action: 'accept-offer', via: 'link', receivedAt },
      [event],
    );
    return record;
  }

  private async reply(
    inbound: InboundSmsRequest,
    kind: ReplyKind,
    language: Language,
    outcome: string,
    context?: { firstName: string; start: Date; siteTimeZone: string },
  ): Promise<{ outcome: string }> {
    // Keyed by the inbound message: a redelivered webhook call does not answer twice.
    await this.sms
      ?.send({ to: inbound.from, subject: '', text: renderReply(kind, language, context), idempotencyKey: `reply_${inbound.id}` })
      .catch((error: Error) => this.logger.warn(`reply to ${inbound.id} not sent: ${errorMessageForLog(error)}`));
    return { outcome };
  }
}
