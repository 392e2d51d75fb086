import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AuthUser, assertSiteAccess } from '@clinic-flow/auth';
import {
  AppointmentBookedV1,
  AppointmentCancelledV1,
  AppointmentDto,
  BookAppointmentRequest,
} from '@clinic-flow/contracts';
import { EventFactory } from '@clinic-flow/messaging';
import { APP_CONFIG, conflict, notFound, unprocessable } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';
import { DirectoryRepository } from '../directory/directory.repository';
import { AppointmentsRepository } from './appointments.repository';
import { assertTransition, CANCELLABLE, planSlot, slotCells } from './appointments.rules';
import { AppointmentRecord } from './appointments.schema';

@Injectable()
export class AppointmentsService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly directory: DirectoryRepository,
    private readonly events: EventFactory,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  async book(request: BookAppointmentRequest, user: AuthUser): Promise<AppointmentDto> {
    assertSiteAccess(user, request.siteId);
    const [site, provider] = await Promise.all([this.directory.findSite(request.siteId), this.directory.findProvider(request.providerId)]);
    if (!site) throw unprocessable('APPOINTMENT.UNKNOWN_SITE', `There is no site ${request.siteId}.`);
    if (!provider || !provider.active) throw unprocessable('APPOINTMENT.UNKNOWN_PROVIDER', `There is no provider ${request.providerId}.`);
    if (!provider.siteIds.includes(site._id)) {
      throw unprocessable('APPOINTMENT.PROVIDER_NOT_AT_SITE', `${provider.name} does not work at ${site.name}.`);
    }
    const grid = this.config.SCHEDULING_GRID_MINUTES;
    const slot = planSlot(request, new Date(), grid);
    const id = randomUUID();
    const cells = slotCells(`provider:${provider._id}`, slot, grid);
    if (!(await this.appointments.claimCells(id, cells))) {
      throw conflict('APPOINTMENT.SLOT_TAKEN', `${provider.name} already has an appointment overlapping that time.`);
    }
    const now = new Date();
    const record = {
      _id: id,
      patientId: request.patientId,
      providerId: provider._id,
      siteId: site._id,
      start: slot.start,
      end: slot.end,
      durationMinutes: request.durationMinutes,
      reason: request.reason,
      status: 'booked' as const,
      bookedBy: user.id,
      createdAt: now,
      updatedAt: now,
    };
    const booked = this.events.outboxEntry(AppointmentBookedV1, {
      subject: id,
      siteId: site._id,
      data: {
        appointmentId: id,
        patientId: record.patientId,
        providerId: record.providerId,
        siteId: record.siteId,
        siteName: site.name,
        siteTimeZone: site.timeZone,
        providerName: provider.name,
        start: slot.start.toISOString(),
        end: slot.end.toISOString(),
        durationMinutes: record.durationMinutes,
        reason: record.reason,
        status: 'booked',
        bookedBy: user.id,
      },
    });
    try {
      return this.toDto(await this.appointments.insert(record, [booked]), site.timeZone);
    } catch (error) {
      await this.appointments.releaseCells(id, cells);
      throw error;
    }
  }

  async get(id: string, user: AuthUser): Promise<AppointmentDto> {
    const appointment = await this.load(id, user);
    return this.toDto(appointment, await this.timeZoneOf(appointment.siteId));
  }

  async cancel(id: string, reason: string, user: AuthUser): Promise<AppointmentDto> {
    const appointment = await this.load(id, user);
    assertTransition(appointment.status, 'cancelled');
    const cancelledAt = new Date();
    const event = this.events.outboxEntry(AppointmentCancelledV1, {
      subject: id,
      siteId: appointment.siteId,
      data: {
        appointmentId: id,
        patientId: appointment.patientId,
        providerId: appointment.providerId,
        siteId: appointment.siteId,
        start: appointment.start.toISOString(),
        reason,
        cancelledBy: user.id,
        cancelledAt: cancelledAt.toISOString(),
      },
    });
    const cancelled = await this.appointments.transition(
      id,
      CANCELLABLE,
      { status: 'cancelled', cancellation: { reason, cancelledBy: user.id, cancelledAt } },
      [event],
    );
    if (!cancelled) throw conflict('APPOINTMENT.INVALID_TRANSITION', 'The appointment changed meanwhile and can no longer be cancelled.');
    // The slot is free again; a crash before this line leaves claims that the next booking frees.
    const grid = this.config.SCHEDULING_GRID_MINUTES;
    await this.appointments.releaseCells(id, slotCells(`provider:${cancelled.providerId}`, cancelled, grid));
    return this.toDto(cancelled, await this.timeZoneOf(cancelled.siteId));
  }

  private async load(id: string, user: AuthUser): Promise<AppointmentRecord> {
    const appointment = await this.appointments.findById(id);
    if (!appointment) throw notFound('APPOINTMENT.NOT_FOUND', `There is no appointment ${id}.`);
    assertSiteAccess(user, appointment.siteId);
    return appointment;
  }

  private async timeZoneOf(siteId: string): Promise<string> {
    return (await this.directory.findSite(siteId))?.timeZone ?? 'UTC';
  }

  private toDto(a: AppointmentRecord, timeZone: string): AppointmentDto {
    const local = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).toISO({ suppressMilliseconds: true })!;
    return {
      id: a._id,
      patientId: a.patientId,
      providerId: a.providerId,
      siteId: a.siteId,
      start: local(a.start),
      end: local(a.end),
      durationMinutes: a.durationMinutes,
      reason: a.reason,
      status: a.status,
      cancellation: a.cancellation
        ? { reason: a.cancellation.reason, cancelledBy: a.cancellation.cancelledBy, cancelledAt: a.cancellation.cancelledAt.toISOString() }
        : undefined,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
    };
  }
}
