import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { AppointmentTypeDto, CreateAppointmentTypeRequest, ListResponse, UpdateAppointmentTypeRequest } from '@clinic-flow/contracts';
import { APP_CONFIG, conflict, notFound, unprocessable } from '@clinic-flow/platform';
import type { SchedulingConfig } from '../config';
import { DirectoryRepository } from '../directory/directory.repository';
import { CatalogRepository } from './catalog.repository';
import { AppointmentTypeRecord } from './catalog.schema';

export const toTypeDto = (t: AppointmentTypeRecord): AppointmentTypeDto => ({
  id: t._id,
  name: t.name,
  durationMinutes: t.durationMinutes,
  bufferAfterMinutes: t.bufferAfterMinutes,
  providerRoles: t.providerRoles,
  telehealth: t.telehealth,
  patientCategory: t.patientCategory,
  ...(t.roomKind ? { roomKind: t.roomKind } : {}),
  minLeadMinutes: t.minLeadMinutes,
  maxHorizonDays: t.maxHorizonDays,
  ...(t.recallIntervalMonths ? { recallIntervalMonths: t.recallIntervalMonths } : {}),
  active: t.active,
});

/** Appointment types are network-wide: the same at every site, so changed only by someone entitled to every site. */
@Injectable()
export class CatalogService {
  constructor(
    private readonly repository: CatalogRepository,
    private readonly directory: DirectoryRepository,
    @Inject(APP_CONFIG) private readonly config: SchedulingConfig,
  ) {}

  async list(): Promise<ListResponse<AppointmentTypeDto>> {
    const types = await this.repository.listTypes();
    return { items: types.map(toTypeDto), total: types.length, limit: types.length, offset: 0 };
  }

  async get(id: string): Promise<AppointmentTypeDto> {
    const type = await this.repository.findType(id);
    if (!type) throw notFound('APPOINTMENT_TYPE.NOT_FOUND', `There is no appointment type ${id}.`);
    return toTypeDto(type);
  }

  async create(request: CreateAppointmentTypeRequest, user: AuthUser): Promise<AppointmentTypeDto> {
    await this.assertNetworkWide(user, 'An appointment type');
    const type: AppointmentTypeRecord = {
      _id: request.id ?? `type-${randomUUID()}`,
      name: request.name,
      durationMinutes: request.durationMinutes,
      bufferAfterMinutes: request.bufferAfterMinutes ?? 0,
      providerRoles: [...new Set(request.providerRoles)],
      telehealth: request.telehealth ?? false,
      patientCategory: request.patientCategory ?? 'any',
      ...(request.roomKind && !request.telehealth ? { roomKind: request.roomKind } : {}),
      minLeadMinutes: request.minLeadMinutes ?? 0,
      maxHorizonDays: request.maxHorizonDays ?? 365,
      ...(request.recallIntervalMonths ? { recallIntervalMonths: request.recallIntervalMonths } : {}),
      active: true,
    };
    this.assertOnGrid(type);
    if (!(await this.repository.insertType(type))) throw conflict('APPOINTMENT_TYPE.EXISTS', `There is already an appointment type ${type._id}.`);
    return toTypeDto(type);
  }

  /** Changes apply to bookings made from now on; existing appointments keep their times. */
  async update(id: string, request: UpdateAppointmentTypeRequest, user: AuthUser): Promise<AppointmentTypeDto> {
    await this.assertNetworkWide(user, 'An appointment type');
    const current = await this.repository.findType(id);
    if (!current) throw notFound('APPOINTMENT_TYPE.NOT_FOUND', `There is no appointment type ${id}.`);
    const set = Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as Partial<AppointmentTypeRecord>;
    this.assertOnGrid({ ...current, ...set });
    const updated = await this.repository.updateType(id, set);
    if (!updated) throw notFound('APPOINTMENT_TYPE.NOT_FOUND', `There is no appointment type ${id}.`);
    return toTypeDto(updated);
  }

  private async assertNetworkWide(user: AuthUser, what: string): Promise<void> {
    SiteScope.of(user).assertCoversAll(await this.directory.allSiteIds(), what);
  }

  /** Slot claims are grid cells: a length off the grid could never be claimed exactly. */
  private assertOnGrid(type: Pick<AppointmentTypeRecord, 'durationMinutes' | 'bufferAfterMinutes'>): void {
    const grid = this.config.SCHEDULING_GRID_MINUTES;
    if (type.durationMinutes % grid || type.bufferAfterMinutes % grid) {
      throw unprocessable('APPOINTMENT_TYPE.OFF_GRID', `durationMinutes and bufferAfterMinutes must be multiples of the ${grid}-minute scheduling grid.`);
    }
  }
}
