import type { AuditEntryDto } from '@clinic-flow/contracts';
import { mergeAccessPages } from './audit.rules';

const entry = (service: string, at: string, seq: number) => ({ id: `${service}:h:${String(seq).padStart(12, '0')}`, service, at }) as AuditEntryDto;

describe('mergeAccessPages', () => {
  it('merges the services newest first and says whether more is left', () => {
    const records = [entry('patient-records', '2026-12-01T08:00:05.000Z', 5), entry('patient-records', '2026-12-01T08:00:01.000Z', 1)];
    const scheduling = [entry('scheduling', '2026-12-01T08:00:03.000Z', 3), entry('scheduling', '2026-12-01T08:00:02.000Z', 2)];
    const first = mergeAccessPages([records, scheduling, []], 3);
    expect(first.items.map((e) => `${e.service}@${e.at.slice(17, 19)}`)).toEqual(['patient-records@05', 'scheduling@03', 'scheduling@02']);
    expect(first.more).toBe(true);
    expect(mergeAccessPages([records, scheduling], 4).more).toBe(false);
  });

  it('orders entries of the same millisecond by id, as each service pages them', () => {
    const at = '2026-12-01T08:00:00.000Z';
    const merged = mergeAccessPages([[entry('scheduling', at, 1)], [entry('notification', at, 9)]], 2).items;
    expect(merged.map((e) => e.service)).toEqual(['scheduling', 'notification']);
  });
});
