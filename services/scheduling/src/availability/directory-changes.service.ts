import { Injectable } from '@nestjs/common';
import { AuthUser, SiteScope, assertSiteAccess } from '@clinic-flow/auth';
import { ScheduleConflictDto, SiteHoursResponse, UpdateProviderRequest, UpdateProviderResponse, UpdateSiteHoursRequest } from '@clinic-flow/contracts';
import { notFound, unprocessable } from '@clinic-flow/platform';
import { DirectoryRepository } from '../directory/directory.repository';
import { ProviderRecord, SiteRecord } from '../directory/directory.schema';
import { DirectoryService, toHours, toProviderDto } from '../directory/directory.service';
import { minutesOf } from './availability.rules';
import { AvailabilityRepository } from './availability.repository';
import { ScheduleConflicts } from './schedule-conflicts';

/**
 * Changes to the directory that take availability away: a site's hours and closures, a provider
 * leaving sites or being deactivated. They live here, beside the template and exception changes,
 * because all of them are checked against the bookings they would strand; the directory itself
 * knows nothing of availability.
 */
@Injectable()
export class DirectoryChangesService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly records: DirectoryRepository,
    private readonly availability: AvailabilityRepository,
    private readonly conflicts: ScheduleConflicts,
  ) {}

  /** Replaces a site's opening hours and closures; refused with the list of appointments it would strand unless acknowledged. */
  async putHours(siteId: string, request: UpdateSiteHoursRequest, user: AuthUser): Promise<SiteHoursResponse> {
    const site = await this.directory.site(siteId, user);
    for (const row of request.openingHours) {
      if (minutesOf(row.open) >= minutesOf(row.close)) throw unprocessable('SITE.INVALID_HOURS', `Opening hours on weekday ${row.weekday} must open before they close.`);
    }
    const hours = { openingHours: request.openingHours.map(({ weekday, open, close }) => ({ weekday, open, close })), closures: request.closures.map(({ date, reason }) => ({ date, reason })) };
    const providers = await this.records.providersAt(siteId);
    const schedules = new Map(await Promise.all(providers.map(async (p) => [p._id, await this.availability.findSchedule(p._id)] as const)));
    const after = { ...site, ...hours };
    const found = await this.conflicts.find({
      providerIds: providers.map((p) => p._id),
      siteId,
      before: { schedule: (id) => schedules.get(id), site: () => site },
      after: { schedule: (id) => schedules.get(id), site: () => after },
    });
    ScheduleConflicts.assertAcknowledged(found, request.acknowledgeConflicts);
    const saved = await this.records.updateSiteHours(SiteScope.of(user), siteId, hours);
    if (!saved) throw notFound('SITE.NOT_FOUND', `There is no site ${siteId}.`);
    return toHours(saved, found);
  }

  /**
   * Changes a provider. Leaving a site (or being deactivated) strands the upcoming appointments
   * there: refused with their list (409 AVAILABILITY.CONFLICTS) unless acknowledged, like a
   * template change; acknowledged, they stay booked and are listed.
   */
  async updateProvider(id: string, request: UpdateProviderRequest, user: AuthUser): Promise<UpdateProviderResponse> {
    const current = await this.directory.provider(id, user);
    if (request.siteIds) await this.directory.assertSites(request.siteIds, user);
    const { acknowledgeConflicts, ...changes } = request;
    const left = request.active === false ? current.siteIds : request.siteIds ? current.siteIds.filter((s) => !request.siteIds!.includes(s)) : [];
    for (const siteId of left) assertSiteAccess(user, siteId);
    const found = left.length ? await this.strandedBy(current, left) : [];
    ScheduleConflicts.assertAcknowledged(found, acknowledgeConflicts);
    const set = Object.fromEntries(Object.entries({ ...changes, siteIds: changes.siteIds && [...new Set(changes.siteIds)] }).filter(([, v]) => v !== undefined));
    const updated = await this.records.updateProvider(id, set);
    if (!updated) throw notFound('PROVIDER.NOT_FOUND', `There is no provider ${id}.`);
    return { ...toProviderDto(updated), conflicts: found };
  }

  /** Upcoming appointments of the provider at sites it leaves: no availability is left for them there. */
  private async strandedBy(provider: ProviderRecord, leftSiteIds: string[]): Promise<ScheduleConflictDto[]> {
    const schedule = await this.availability.findSchedule(provider._id);
    const sites = new Map((await Promise.all(leftSiteIds.map((id) => this.records.findSite(id)))).filter((s): s is SiteRecord => !!s).map((s) => [s._id, s]));
    const without = schedule && {
      ...schedule,
      templates: schedule.templates.filter((t) => !leftSiteIds.includes(t.siteId)),
      exceptions: schedule.exceptions.filter((e) => !(e.kind === 'extra' && e.siteId && leftSiteIds.includes(e.siteId))),
    };
    const results = await Promise.all(
      leftSiteIds.map((siteId) =>
        this.conflicts.find({ providerIds: [provider._id], siteId, before: { schedule: () => schedule, site: (s) => sites.get(s) }, after: { schedule: () => without, site: (s) => sites.get(s) } }),
      ),
    );
    return results.flat();
  }
}
