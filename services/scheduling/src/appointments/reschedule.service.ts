import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { AppointmentDto, AppointmentRescheduledV1, RescheduleAppointmentRequest } from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, conflict, notFound, unprocessable } from '@clinic-flow/platform';
import { BookingCheck } from '../availability/booking-check';
import type { SchedulingConfig } from '../config';
import { AppointmentEffects } from './appointments.effects';
import { blockedUntilOf, refData, toAppointmentDto } from './appointments.mapper';
import { AppointmentsRepository } from './appointments.repository';
import { allCells, assertReschedulable, bookingDecision, cellMove, claimPlan, parseStart, statusAfterReschedule } from './appointments.rules';

/**
 * Moves an appointment to another time and/or provider of the same site, keeping its id and
 * history. Claims of the new time are taken first (all the booking rules apply), then the
 * appointment is moved with its event, then the old time is given back: at no moment can the old
 * or the new time be booked by someone else.
 */
@Injectable()
export class RescheduleService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly bookingCheck: BookingCheck,
    private readonly effects: AppointmentEffects,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  async reschedule(id: string, request: RescheduleAppointmentRequest, user: AuthUser): Promise<AppointmentDto> {
    const scope = SiteScope.of(user);
    const current = await this.appointments.findById(scope, id);
    if (!current) throw notFound('APPOINTMENT.NOT_FOUND', `There is no appointment ${id}.`);
    if (!current.appointmentTypeId) throw unprocessable('APPOINTMENT.NO_TYPE', 'This appointment predates appointment types; cancel and book it again.');
    const now = new Date();
    const grid = this.config.SCHEDULING_GRID_MINUTES;
    const start = parseStart(request.start, now, grid);
    const providerId = request.providerId ?? current.providerId;
    assertReschedulable(current, { providerId, start });
    const check = await this.bookingCheck.check({ siteId: current.siteId, providerId, appointmentTypeId: current.appointmentTypeId, start, now });
    bookingDecision(check.violations, { mayOverbook: false });
    const { site, provider } = check;

    const held = current.claims ?? allCells(claimPlan({ ...current, blockedUntil: blockedUntilOf(current) }, grid));
    const slot = { providerId, patientId: current.patientId, start, end: check.end, blockedUntil: check.blockedUntil };
    const plan = claimPlan(slot, grid);
    const claimed: string[] = [];
    const claimNew = async (cells: string[]) => {
      const fresh = cellMove(held, cells).claim;
      const ok = await this.appointments.claimCells(id, fresh);
      if (ok) claimed.push(...fresh);
      return ok;
    };
    const giveBack = () => this.appointments.releaseCells(id, claimed);

    if (!(await claimNew(plan.provider))) throw conflict('APPOINTMENT.SLOT_TAKEN', `${provider.name} already has an appointment overlapping that time.`);
    const rooms = current.roomId && check.candidateRoomIds.includes(current.roomId) ? [current.roomId, ...check.candidateRoomIds.filter((r) => r !== current.roomId)] : check.candidateRoomIds;
    let roomId: string | undefined;
    let roomCells: string[] = [];
    for (const candidate of rooms) {
      const cells = claimPlan({ ...slot, roomId: candidate }, grid).room;
      if (await claimNew(cells)) {
        roomId = candidate;
        roomCells = cells;
        break;
      }
    }
    if (rooms.length && !roomId) {
      await giveBack();
      throw conflict('APPOINTMENT.ROOM_TAKEN', `No room is free then at ${site.name}.`);
    }
    if (!(await claimNew(plan.patient))) {
      await giveBack();
      throw conflict('APPOINTMENT.PATIENT_OVERLAP', 'The patient already has an appointment overlapping that time.');
    }
    const wanted = [...plan.provider, ...roomCells, ...plan.patient];

    let moved;
    try {
      moved = await this.appointments.change(scope, id, (a, rev) => {
        if (a.revision !== current.revision) throw conflict('APPOINTMENT.CHANGED', 'The appointment changed meanwhile; try again.');
        assertReschedulable(a, { providerId, start });
        const at = new Date();
        const status = statusAfterReschedule(a.status);
        return {
          set: { providerId, start, end: check.end, blockedUntil: check.blockedUntil, roomId, status, claims: wanted },
          history: { action: 'rescheduled', at, by: user.id, revision: rev, reason: request.reason, previous: { providerId: a.providerId, start: a.start, end: a.end, roomId: a.roomId } },
          events: [
            this.events.outboxEntry(AppointmentRescheduledV1, {
              subject: id,
              siteId: a.siteId,
              data: {
                ...refData({ ...a, providerId, start }, rev),
                end: check.end.toISOString(),
                previousProviderId: a.providerId,
                previousStart: a.start.toISOString(),
                previousEnd: a.end.toISOString(),
                providerName: provider.name,
                siteName: site.name,
                siteTimeZone: site.timeZone,
                rescheduledBy: user.id,
                reason: request.reason,
                roomId,
                status,
              },
            }),
          ],
        };
      });
    } catch (error) {
      await giveBack();
      throw error;
    }
    await this.appointments.releaseCells(id, cellMove(held, wanted).release);
    await this.effects.afterCommit(moved, { providerId: current.providerId, start: current.start });
    return toAppointmentDto(moved, site.timeZone);
  }
}
