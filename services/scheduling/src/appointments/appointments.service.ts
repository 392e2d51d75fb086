import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, Policies, SiteScope } from '@clinic-flow/auth';
import { AppointmentBookedV2, AppointmentDto, BookAppointmentRequest, ListResponse } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, conflict, forbidden, notFound, unprocessable } from '@clinic-flow/platform';
import { BookingCheck } from '../availability/booking-check';
import type { SchedulingConfig } from '../config';
import { DirectoryRepository } from '../directory/directory.repository';
import { AppointmentEffects } from './appointments.effects';
import { toAppointmentDto } from './appointments.mapper';
import { AppointmentsRepository } from './appointments.repository';
import { bookingDecision, claimPlan, parseStart } from './appointments.rules';
import { AppointmentRecord, BookingIdempotency } from './appointments.schema';

/** Who books: a member of staff (policies from the token) or the system on their behalf. */
export interface Booker {
  id: string;
  siteIds: string[];
  mayOverbook: boolean;
}

export const bookerOf = (user: AuthUser): Booker => ({
  id: user.id,
  siteIds: user.siteIds,
  mayOverbook: user.roles.some((r) => Policies.overbook.includes(r)),
});

/** Booking and reading appointments. */
@Injectable()
export class AppointmentsService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly directory: DirectoryRepository,
    private readonly bookingCheck: BookingCheck,
    private readonly effects: AppointmentEffects,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  book(request: BookAppointmentRequest, user: AuthUser): Promise<AppointmentDto> {
    return this.bookAs(request, bookerOf(user));
  }

  /**
   * Books inside availability (or overbooks, office managers with a reason), then claims the
   * provider's, the room's and the patient's cells: the database lets only one overlapping claim
   * of each through, whatever the concurrency. Appointment and booked event are one write.
   */
  async bookAs(request: BookAppointmentRequest, booker: Booker, extra: { waitlistEntryId?: string; id?: string; idempotency?: BookingIdempotency } = {}): Promise<AppointmentDto> {
    if (!booker.siteIds.includes(request.siteId)) throw forbidden('AUTH.SITE_FORBIDDEN', `You do not work at site ${request.siteId}.`);
    const now = new Date();
    const grid = this.config.SCHEDULING_GRID_MINUTES;
    const start = parseStart(request.start, now, grid);
    const check = await this.bookingCheck.check({ siteId: request.siteId, providerId: request.providerId, appointmentTypeId: request.appointmentTypeId, start, now });
    const { overbook } = bookingDecision(check.violations, { overbookReason: request.overbookReason, mayOverbook: booker.mayOverbook });
    const { site, provider, type } = check;
    const rooms = request.roomId ? [request.roomId] : check.candidateRoomIds;
    if (request.roomId && !check.candidateRoomIds.includes(request.roomId)) {
      throw unprocessable('APPOINTMENT.UNKNOWN_ROOM', `Room ${request.roomId} is not a room for ${type.name} at ${site.name}.`);
    }

    // An Idempotency-Key's booking comes with its id (idempotent-booking.service.ts).
    const id = extra.id ?? randomUUID();
    const slot = { providerId: provider._id, patientId: request.patientId, start, end: check.end, blockedUntil: check.blockedUntil };
    const plan = claimPlan(slot, grid, { skipProvider: overbook });
    const held: string[] = [];
    const giveBack = () => this.appointments.releaseCells(id, held);
    if (!(await this.appointments.claimCells(id, plan.provider))) {
      throw conflict('APPOINTMENT.SLOT_TAKEN', `${provider.name} already has an appointment overlapping that time.`);
    }
    held.push(...plan.provider);
    let roomId: string | undefined;
    for (const candidate of rooms) {
      const cells = claimPlan({ ...slot, roomId: candidate }, grid).room;
      if (await this.appointments.claimCells(id, cells)) {
        roomId = candidate;
        held.push(...cells);
        break;
      }
    }
    if (rooms.length && !roomId) {
      await giveBack();
      throw conflict('APPOINTMENT.ROOM_TAKEN', request.roomId ? `Room ${request.roomId} is taken then.` : `No ${type.roomKind ?? ''} room is free then at ${site.name}.`);
    }
    if (!(await this.appointments.claimCells(id, plan.patient))) {
      await giveBack();
      throw conflict('APPOINTMENT.PATIENT_OVERLAP', 'The patient already has an appointment overlapping that time.');
    }
    held.push(...plan.patient);

    const at = new Date();
    const record: Omit<AppointmentRecord, 'version' | 'outbox' | 'outboxPending'> = {
      _id: id,
      patientId: request.patientId,
      providerId: provider._id,
      siteId: site._id,
      appointmentTypeId: type._id,
      appointmentTypeName: type.name,
      telehealth: type.telehealth,
      recallIntervalMonths: type.recallIntervalMonths,
      roomId,
      start,
      end: check.end,
      blockedUntil: check.blockedUntil,
      durationMinutes: type.durationMinutes,
      reason: request.reason,
      status: 'booked',
      revision: 1,
      claims: held,
      bookedBy: booker.id,
      overbookReason: overbook ? request.overbookReason : undefined,
      waitlistEntryId: extra.waitlistEntryId,
      idempotency: extra.idempotency,
      history: [{ action: 'booked', at, by: booker.id, revision: 1, reason: overbook ? `overbooked: ${request.overbookReason}` : undefined }],
      createdAt: at,
      updatedAt: at,
    };
    // v2: the visit's reason and an overbooking's reason stay here (clinical or personal free text no consumer reads).
    const booked = this.events.outboxEntry(AppointmentBookedV2, {
      subject: id,
      siteId: site._id,
      data: {
        appointmentId: id,
        patientId: record.patientId,
        providerId: record.providerId,
        siteId: record.siteId,
        revision: 1,
        siteName: site.name,
        siteTimeZone: site.timeZone,
        providerName: provider.name,
        start: start.toISOString(),
        end: check.end.toISOString(),
        durationMinutes: record.durationMinutes,
        status: 'booked',
        bookedBy: booker.id,
        appointmentTypeId: type._id,
        appointmentTypeName: type.name,
        telehealth: type.telehealth,
        roomId,
        waitlistEntryId: extra.waitlistEntryId,
      },
    });
    let created: AppointmentRecord;
    try {
      created = await this.appointments.insert(SiteScope.of(booker), record, [booked]);
    } catch (error) {
      await giveBack();
      throw error;
    }
    await this.effects.afterCommit(created);
    return toAppointmentDto(created, site.timeZone);
  }

  async get(id: string, user: AuthUser): Promise<AppointmentDto> {
    const appointment = await this.appointments.findById(SiteScope.of(user), id);
    if (!appointment) throw notFound('APPOINTMENT.NOT_FOUND', `There is no appointment ${id}.`);
    return toAppointmentDto(appointment, await this.timeZoneOf(appointment.siteId));
  }

  /** A patient's appointments at the caller's sites, latest start first. */
  async listForPatient(patientId: string, user: AuthUser, page: { limit: number; offset: number }): Promise<ListResponse<AppointmentDto>> {
    const all = (await this.appointments.findForPatient(SiteScope.of(user), patientId)).sort((a, b) => b.start.getTime() - a.start.getTime());
    const zones = new Map<string, string>();
    for (const siteId of new Set(all.map((a) => a.siteId))) zones.set(siteId, await this.timeZoneOf(siteId));
    const items = all.slice(page.offset, page.offset + page.limit).map((a) => toAppointmentDto(a, zones.get(a.siteId)!));
    return { items, total: all.length, limit: page.limit, offset: page.offset };
  }

  private async timeZoneOf(siteId: string): Promise<string> {
    return (await this.directory.findSite(siteId))?.timeZone ?? 'UTC';
  }
}
