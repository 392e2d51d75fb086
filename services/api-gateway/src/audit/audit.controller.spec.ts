import type { AuditEntryDto } from '@clinic-flow/contracts';
import type { UpstreamClient } from '../upstream/upstream.client';
import { AuditController } from './audit.controller';

const entry = (service: string, at: string, seq: number) => ({ id: `${service}:h:${String(seq).padStart(12, '0')}`, service, at }) as AuditEntryDto;

/** An upstream that answers each service's audit routes from fixed pages and remembers what was asked. */
function fakeUpstream(pages: Record<string, AuditEntryDto[]>) {
  const calls: Array<[string, string]> = [];
  const upstream = {
    call: async (service: string, _method: string, path: string) => {
      calls.push([service, path]);
      if (path.startsWith('/audit/patients/')) return { recordIds: ['pat-1', 'pat-merged'], items: pages[service] ?? [] };
      if (path === '/audit/verify') return { service, ok: true, chains: [] };
      return { items: pages[service] ?? [] };
    },
  };
  return { calls, upstream: upstream as unknown as UpstreamClient };
}

describe("AuditController: a patient's accesses across services", () => {
  it("asks insurance too (coverages and eligibility are audited there) for the patient's record ids, and merges its entries newest first", async () => {
    const { calls, upstream } = fakeUpstream({
      'patient-records': [entry('patient-records', '2026-12-01T08:00:04.000Z', 4)],
      scheduling: [entry('scheduling', '2026-12-01T08:00:02.000Z', 2)],
      notification: [],
      insurance: [entry('insurance', '2026-12-01T08:00:05.000Z', 7), entry('insurance', '2026-12-01T08:00:03.000Z', 6)],
    });
    const page = await new AuditController(upstream).accesses('pat-1', { limit: 3 } as never);
    expect(page.items.map((e) => e.id)).toEqual(['insurance:h:000000000007', 'patient-records:h:000000000004', 'insurance:h:000000000006']);
    expect(page.next).toEqual(expect.any(String));
    const insurance = calls.find(([service]) => service === 'insurance');
    expect(insurance?.[1]).toBe('/audit/entries?limit=4&patientIds=pat-1%2Cpat-merged');
  });

  it('verifies the chains of every service that keeps a trail, insurance and billing included', async () => {
    const { upstream } = fakeUpstream({});
    const report = await new AuditController(upstream).verify();
    expect(report.services.map((s) => s.service)).toEqual(['patient-records', 'scheduling', 'notification', 'insurance', 'billing']);
  });
});
