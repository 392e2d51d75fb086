import { Injectable } from '@nestjs/common';
import { NotificationDto } from '@clinic-flow/contracts';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { MessagesRepository } from './messages.repository';
import { MessageRecord } from './messages.schema';

type NotificationList = { items: NotificationDto[]; total: number; limit: number; offset: number };

const toDto = (r: MessageRecord): NotificationDto => ({
  id: r._id,
  kind: r.kind,
  appointmentId: r.appointmentId,
  waitlistEntryId: r.waitlistEntryId,
  patientId: r.patientId,
  channel: r.channel,
  offset: r.offset,
  status: r.status,
  dueAt: r.dueAt?.toISOString(),
  scheduledFor: r.scheduledFor.toISOString(),
  sentAt: r.sentAt?.toISOString(),
  reason: r.failureReason,
  failureReason: r.failureReason,
  attempts: r.attempts ?? 0,
  createdAt: r.createdAt.toISOString(),
});

const whole = (items: NotificationDto[]): NotificationList => ({ items, total: items.length, limit: items.length, offset: 0 });

/** Staff reading messages and their delivery status, limited to the caller's sites. */
@Injectable()
export class MessageQueriesService {
  constructor(private readonly messages: MessagesRepository) {}

  async listForAppointment(appointmentId: string, user: AuthUser): Promise<NotificationList> {
    const view = await this.messages.findView(SiteScope.of(user), appointmentId);
    return whole(view ? (await this.messages.listForAppointment(SiteScope.of(user), view)).map(toDto) : []);
  }

  /** A patient's messages at the caller's sites, oldest first. */
  async listForPatient(patientId: string, user: AuthUser): Promise<NotificationList> {
    // Notices to staff about the patient (break the glass) are not the patient's messages.
    return whole((await this.messages.listForPatient(SiteScope.of(user), patientId)).filter((m) => m.kind !== 'break-glass-notice').map(toDto));
  }
}
