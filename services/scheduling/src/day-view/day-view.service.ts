import { Injectable } from '@nestjs/common';
import { AuthUser, assertSiteAccess } from '@clinic-flow/auth';
import { DayViewDto } from '@clinic-flow/contracts';
import { unprocessable } from '@clinic-flow/platform';
import { CalendarRepository } from '../calendar/calendar.repository';
import { CatalogRepository } from '../catalog/catalog.repository';
import { DirectoryRepository } from '../directory/directory.repository';
import { InsuranceStatusRepository } from '../insurance-status/insurance-status.repository';
import { PatientNamesRepository } from '../patients/patient-names.repository';
import { dayBounds, groupByProvider, withInsurance, withNames } from './day-view.rules';

/** The front desk's day: every provider's appointments at a site, read from the busy-time projection. */
@Injectable()
export class DayViewService {
  constructor(
    private readonly directory: DirectoryRepository,
    private readonly calendar: CalendarRepository,
    private readonly catalog: CatalogRepository,
    private readonly patients: PatientNamesRepository,
    private readonly insurance: InsuranceStatusRepository,
  ) {}

  async day(query: { siteId: string; date: string; providerId?: string }, user: AuthUser): Promise<DayViewDto> {
    assertSiteAccess(user, query.siteId);
    const site = await this.directory.findSite(query.siteId);
    if (!site) throw unprocessable('SCHEDULE.UNKNOWN_SITE', `There is no site ${query.siteId}.`);
    const all = await this.directory.providersAt(site._id);
    const providers = query.providerId ? all.filter((p) => p._id === query.providerId) : all;
    if (query.providerId && !providers.length) throw unprocessable('SCHEDULE.UNKNOWN_PROVIDER', `There is no provider ${query.providerId} at ${site.name}.`);
    const { from, to } = dayBounds(query.date, site.timeZone);
    const entries = await this.calendar.entries(providers.map((p) => p._id), from, to);
    const grouped = groupByProvider(entries, providers.map((p) => ({ id: p._id, name: p.name })), { from, to, siteId: site._id, timeZone: site.timeZone });
    const shown = grouped.providers.flatMap((p) => p.appointments);
    const typeIds = [...new Set(shown.map((a) => a.appointmentTypeId).filter((id): id is string => !!id))];
    const appointmentIds = shown.map((a) => a.appointmentId);
    const [names, types, eligibility, authorizations] = await Promise.all([
      this.patients.findMany(shown.map((a) => a.patientId)),
      Promise.all(typeIds.map((id) => this.catalog.findType(id))),
      this.insurance.eligibilityOn(appointmentIds, query.date),
      this.insurance.authorizationsOf(appointmentIds),
    ]);
    const typeNames = new Map(types.flatMap((t) => (t ? [[t._id, t.name] as const] : [])));
    const schedule = withInsurance(withNames(grouped.providers, names, typeNames), query.date, eligibility, authorizations);
    return { siteId: site._id, date: query.date, timeZone: site.timeZone, providers: schedule, totals: grouped.totals };
  }
}
