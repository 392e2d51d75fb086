import { Controller, Logger } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { EventEnvelope, PatientBreakGlassData, PatientBreakGlassV1 } from '@clinic-flow/contracts';
import { OnEvent } from '@clinic-flow/messaging';
import { SitesRepository } from '@clinic-flow/visits';
import { messageIds } from '../messages/messages.rules';
import { MessagePlanningService } from '../messages/planning.service';
import { StaffDirectory } from '../staff/staff.repository';

/**
 * Someone broke the glass: the active office managers of the patient's sites (registering and care
 * sites, as the event names them, found in the staff directory) get one email together, through
 * the messages pipeline (planned message, job, idempotent channel, delivery status), right away
 * whatever the hour. It names who, the record's id and MRN, the reason and the times; never the
 * patient's name or other details. The recipients are chosen when the event is handled: a manager
 * added later is not told of an earlier access (they list them: GET /break-glass?siteId=).
 */
@Controller()
export class BreakGlassConsumer {
  private readonly logger = new Logger(BreakGlassConsumer.name);

  constructor(
    private readonly planning: MessagePlanningService,
    private readonly directory: StaffDirectory,
    private readonly sites: SitesRepository,
  ) {}

  @OnEvent(PatientBreakGlassV1)
  async onBreakGlass(@Payload() event: EventEnvelope<PatientBreakGlassData>): Promise<void> {
    const b = event.data;
    const managers = await this.directory.officeManagersOf(b.patientSiteIds);
    const siteId = b.patientSiteIds[0];
    const site = await this.sites.find(siteId);
    if (!managers.length) this.logger.warn(`break-the-glass ${b.breakGlassId}: no active office manager of ${b.patientSiteIds.join(', ')} to tell`);
    await this.planning.planStaffNotice({
      id: messageIds.breakGlassNotice(b.breakGlassId),
      kind: 'break-glass-notice',
      patientId: b.patientId,
      siteId,
      siteTimeZone: site?.timeZone ?? 'UTC',
      requestedChannel: 'email',
      dueAt: new Date(),
      snapshot: {
        providerName: '',
        siteName: site?.name ?? siteId,
        siteTimeZone: site?.timeZone ?? 'UTC',
        start: new Date(b.at),
        staffTo: managers.map((m) => m._id),
        staffName: `${b.userName} (${b.roles.join(', ')})`,
        mrn: b.mrn,
        reason: b.reason,
        until: new Date(b.until),
      },
    });
  }
}
