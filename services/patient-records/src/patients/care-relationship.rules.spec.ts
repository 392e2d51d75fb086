import { SiteScope } from '@clinic-flow/auth';
import { breakGlassReasonProblem, breakGlassUntil, careAccess, careSitesAfterVisit, isNetworkWide, patientSites } from './care-relationship.rules';

const NETWORK = ['site-downtown', 'site-riverside'];
const now = new Date('2026-12-01T08:00:00Z');
const at = (...siteIds: string[]) => SiteScope.of({ id: 'u1', siteIds });
const downtownPatient = { registeredAtSiteId: 'site-downtown' };

describe('care relationship', () => {
  it("sees a patient registered at one of the caller's sites", () => {
    expect(careAccess({ viewer: at('site-downtown'), patient: downtownPatient, networkSiteIds: NETWORK, now })).toBe('care-relationship');
  });

  it('does not see a patient of another site, whatever the role: 404 for them', () => {
    expect(careAccess({ viewer: at('site-riverside'), patient: downtownPatient, networkSiteIds: NETWORK, now })).toBe('none');
  });

  it('sees a patient registered elsewhere once they had an appointment at the caller’s site', () => {
    expect(careAccess({ viewer: at('site-riverside'), patient: { ...downtownPatient, careSiteIds: ['site-riverside'] }, networkSiteIds: NETWORK, now })).toBe('care-relationship');
  });

  it('lets a user of every site of the network see every patient, and nobody while the sites are not known', () => {
    const elsewhere = { registeredAtSiteId: 'site-uptown' };
    expect(careAccess({ viewer: at('site-downtown', 'site-riverside'), patient: elsewhere, networkSiteIds: NETWORK, now })).toBe('network-wide');
    expect(isNetworkWide(at('site-downtown'), NETWORK)).toBe(false);
    expect(isNetworkWide(at('site-downtown', 'site-riverside'), [])).toBe(false);
    expect(isNetworkWide(SiteScope.service('test'), NETWORK)).toBe(true);
  });

  it('opens by breaking the glass until the access ends, not a moment after', () => {
    const input = { viewer: at('site-riverside'), patient: downtownPatient, networkSiteIds: NETWORK };
    const until = breakGlassUntil(now, 60);
    expect(until.toISOString()).toBe('2026-12-01T09:00:00.000Z');
    expect(careAccess({ ...input, breakGlassUntil: until, now })).toBe('break-glass');
    expect(careAccess({ ...input, breakGlassUntil: until, now: new Date(until.getTime() - 1) })).toBe('break-glass');
    expect(careAccess({ ...input, breakGlassUntil: until, now: until })).toBe('none');
    expect(careAccess({ ...input, breakGlassUntil: null, now })).toBe('none');
  });

  it('adds care sites once, never the registering site, and keeps the order they came in', () => {
    expect(careSitesAfterVisit(downtownPatient, ['site-downtown'])).toBeNull();
    expect(careSitesAfterVisit(downtownPatient, ['site-riverside', 'site-riverside'])).toEqual(['site-riverside']);
    expect(careSitesAfterVisit({ ...downtownPatient, careSiteIds: ['site-riverside'] }, ['site-riverside'])).toBeNull();
    expect(careSitesAfterVisit({ ...downtownPatient, careSiteIds: ['site-riverside'] }, ['site-uptown', 'site-downtown'])).toEqual(['site-riverside', 'site-uptown']);
    expect(patientSites({ ...downtownPatient, careSiteIds: ['site-riverside', 'site-downtown'] })).toEqual(['site-downtown', 'site-riverside']);
  });

  it('wants a reason of at least ten characters to break the glass', () => {
    expect(breakGlassReasonProblem(undefined)).toMatch(/at least 10/);
    expect(breakGlassReasonProblem('   urgent   ')).toMatch(/at least 10/);
    expect(breakGlassReasonProblem('Patient collapsed in our waiting room')).toBeNull();
  });
});
