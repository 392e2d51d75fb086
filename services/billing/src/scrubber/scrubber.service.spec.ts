import { AuthUser, SiteScope } from '@clinic-flow/auth';
import { EventFactory } from '@clinic-flow/messaging';
import { DomainError } from '@clinic-flow/platform';
import type { OutboxEntry } from '@clinic-flow/messaging';
import { FIXTURE_CODE_SET } from './rules/fixture-tables';
import { claimWith } from './rules/fixture-claim';
import type { ScrubberRepository } from './scrubber.repository';
import type { CodeTableImportRecord, ScrubOverrideRecord } from './scrubber.schema';
import { ScrubberService } from './scrubber.service';

/** The repository in memory: overrides filtered by the scope's sites like the store does. */
class FakeRepository {
  overrides: ScrubOverrideRecord[] = [];
  events: OutboxEntry[] = [];
  async insertOverride(scope: SiteScope, record: Omit<ScrubOverrideRecord, 'version'>, events: OutboxEntry[]) {
    scope.assert(record.siteId);
    this.overrides.push({ ...record, version: 1 });
    this.events.push(...events);
    return { ...record, version: 1 };
  }
  async overridesOf(scope: SiteScope, claimId: string) {
    return this.overrides.filter((o) => o.claimId === claimId && scope.covers(o.siteId));
  }
  async currentImport(): Promise<CodeTableImportRecord | null> {
    return null;
  }
}

const biller: AuthUser = { id: 'u-biller', email: 'b@x', name: 'Biller', roles: ['billing-coder'], siteIds: ['site-downtown'] };
const riverside: AuthUser = { id: 'u-river', email: 'r@x', name: 'River', roles: ['billing-coder'], siteIds: ['site-riverside'] };

describe('ScrubberService', () => {
  let repo: FakeRepository;
  let service: ScrubberService;
  const late = claimWith((c) => (c.submissionDate = '2027-03-01'));
  const request = (ruleId: string) => ({ claimId: late.claimId, ruleId, patientId: 'patient-fixture', siteId: 'site-downtown', note: 'Payer granted an exception, ref 55-1234' });
  const code = async (p: Promise<unknown>) => {
    try {
      await p;
      return 'no error';
    } catch (e) {
      return `${(e as DomainError).kind} ${(e as DomainError).code}`;
    }
  };

  beforeEach(() => {
    repo = new FakeRepository();
    service = new ScrubberService(repo as unknown as ScrubberRepository, FIXTURE_CODE_SET, new EventFactory('billing'));
  });

  it('refuses an unknown rule (404), a non-overridable one (409), a site the caller does not work at (403), and a second override (409)', async () => {
    expect(await code(service.override(biller, request('CF-NOPE-001')))).toBe('not-found SCRUBBER.RULE_NOT_FOUND');
    expect(await code(service.override(biller, request('CF-DXPTR-001')))).toBe('conflict SCRUBBER.RULE_NOT_OVERRIDABLE');
    expect(await code(service.override(riverside, request('CF-TFL-001')))).toBe('forbidden AUTH.SITE_FORBIDDEN');
    expect(repo.overrides).toEqual([]);
    expect(await code(service.override(biller, request('CF-TFL-001')))).toBe('no error');
    expect(await code(service.override(biller, request('CF-TFL-001')))).toBe('conflict SCRUBBER.ALREADY_OVERRIDDEN');
    expect(repo.overrides).toHaveLength(1);
  });

  it('records who, when and why with an event keyed by the patient that carries no note', async () => {
    const made = await service.override(biller, request('CF-TFL-001'));
    expect(made).toMatchObject({ claimId: late.claimId, ruleId: 'CF-TFL-001', ruleVersion: 1, by: 'u-biller', note: 'Payer granted an exception, ref 55-1234' });
    expect(repo.events).toHaveLength(1);
    expect(repo.events[0]).toMatchObject({ key: 'patient-fixture', type: 'claim.scrub-overridden', topic: 'clinic.billing.claim.v1' });
    expect(repo.events[0].payload).not.toContain('exception');
  });

  it("honours a claim's active overrides for callers of its site only", async () => {
    expect((await service.scrub(late, SiteScope.of(biller))).status).toBe('blocked');
    await service.override(biller, request('CF-TFL-001'));
    expect((await service.scrub(late, SiteScope.of(biller))).status).toBe('clean');
    expect((await service.scrub(late, SiteScope.service('claim submission'))).status).toBe('clean');
    expect((await service.scrub(late, SiteScope.of(riverside))).status).toBe('blocked');
    expect((await service.scrub({ ...late, claimId: 'another-claim' }, SiteScope.of(biller))).status).toBe('blocked');
  });
});
