import type { VisitRecord, VisitsRepository } from '@clinic-flow/visits';
import type { CoverageRecord } from '../coverages/coverages.schema';
import type { CoveragesRepository } from '../coverages/coverages.repository';
import type { PatientDemographicsRepository } from '../patients/patient-demographics.repository';
import type { CheckSubject, EligibilityService } from './eligibility.service';
import { PatientNotKnownYet, VisitChecksService } from './visit-checks.service';

/* Checks without a caller, with fakes: what a booking or retry job checks, skips, or waits for. */
describe('VisitChecksService', () => {
  const visit = (overrides: Partial<VisitRecord> = {}): VisitRecord => ({
    _id: 'appt-1', patientId: 'pat-1', siteId: 'site-downtown', providerId: 'prov-1', start: '2026-12-07T15:00:00.000Z', dateOfService: '2026-12-07',
    siteTimeZone: 'America/New_York', status: 'booked', asOf: new Date(), ...overrides,
  });
  const coverage = (id: string, order: CoverageRecord['order'], overrides: Partial<CoverageRecord> = {}): CoverageRecord => ({
    _id: id, patientId: 'pat-1', payerId: 'payer-acme', planId: 'acme-gold-ppo', order, relationship: 'self', memberId: 'PPO123', effectiveDate: '2026-01-01',
    createdBy: 'u', version: 1, ...overrides,
  });

  function setUp(v: VisitRecord | null, coverages: CoverageRecord[], known = true) {
    const runs: CheckSubject[] = [];
    const eligibility = {
      recorded: async () => null,
      run: async (_scope: unknown, subject: CheckSubject) => {
        runs.push(subject);
        return { _id: subject.checkId, status: 'active' };
      },
    } as unknown as EligibilityService;
    const visits = { findById: async () => v } as unknown as VisitsRepository;
    const repo = { forPatient: async () => coverages, findById: async (_s: unknown, id: string) => coverages.find((c) => c._id === id) ?? null } as unknown as CoveragesRepository;
    const patients = { findById: async () => (known ? { _id: 'pat-1', firstName: 'A', lastName: 'B', dateOfBirth: '1980-01-01', asOf: new Date() } : null) } as unknown as PatientDemographicsRepository;
    return { service: new VisitChecksService(eligibility, visits, repo, patients), runs };
  }

  it('at booking checks every coverage in force on the date of service, primary first, with ids of the job', async () => {
    const { service, runs } = setUp(visit(), [
      coverage('cov-2', 'secondary'),
      coverage('cov-old', 'tertiary', { terminationDate: '2026-06-30' }),
      coverage('cov-1', 'primary'),
    ]);
    await service.checkBookedVisit('appt-1', '2026-12-07');
    expect(runs.map((r) => [r.coverage._id, r.trigger, r.appointmentId, r.siteId, r.checkId])).toEqual([
      ['cov-1', 'booking', 'appt-1', 'site-downtown', 'elig-booking-appt-1-2026-12-07-cov-1'],
      ['cov-2', 'booking', 'appt-1', 'site-downtown', 'elig-booking-appt-1-2026-12-07-cov-2'],
    ]);
  });

  it('records nothing for a patient with no coverage in force, and waits for a patient it does not know yet', async () => {
    const none = setUp(visit(), [coverage('cov-old', 'primary', { terminationDate: '2026-06-30' })]);
    expect(await none.service.checkBookedVisit('appt-1', '2026-12-07')).toBe('no coverage in force on the date of service');
    expect(none.runs).toEqual([]);
    const unknown = setUp(visit(), [coverage('cov-1', 'primary')], false);
    await expect(unknown.service.checkBookedVisit('appt-1', '2026-12-07')).rejects.toBeInstanceOf(PatientNotKnownYet);
    expect(unknown.runs).toEqual([]);
  });

  it('does not retry a visit cancelled or moved to another date meanwhile; retries one still on, as attempt n of the series', async () => {
    const job = { appointmentId: 'appt-1', coverageId: 'cov-1', dateOfService: '2026-12-07', attempt: 2, retryOf: 'elig-x-retry1', firstCheckId: 'elig-x', correlationId: 'c' };
    for (const moved of [visit({ status: 'cancelled' }), visit({ dateOfService: '2026-12-08' }), null]) {
      const { service, runs } = setUp(moved, [coverage('cov-1', 'primary')]);
      expect(await service.retry(job)).toMatch(/^skipped/);
      expect(runs).toEqual([]);
    }
    const { service, runs } = setUp(visit({ status: 'confirmed' }), [coverage('cov-1', 'primary')]);
    await service.retry(job);
    expect(runs.map((r) => [r.trigger, r.attempt, r.checkId])).toEqual([['retry', 2, 'elig-x-retry2']]);
  });
});
