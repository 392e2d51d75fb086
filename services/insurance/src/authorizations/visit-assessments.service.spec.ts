import type { EventFactory } from '@clinic-flow/messaging';
import { VisitListeners } from '@clinic-flow/visits';
import type { VisitRecord, VisitsRepository } from '@clinic-flow/visits';
import type { CoveragesRepository } from '../coverages/coverages.repository';
import type { PayersRepository } from '../payers/payers.repository';
import type { PayerRecord } from '../payers/payers.schema';
import type { AuthorizationsRepository } from './authorizations.repository';
import type { AuthorizationRecord, VisitAssessmentRecord } from './authorizations.schema';
import { todayInNetwork, VisitAssessmentsService } from './visit-assessments.service';

/* The visit listener with in-memory stores that apply decisions as the AggregateStore does (set, push, events). */
type Doc = { _id: string; version: number } & Record<string, unknown>;
type Change = { set?: Record<string, unknown>; push?: Record<string, unknown>; events?: Array<{ type: string; data: Record<string, unknown> }> } | null;

function memoryStore<T extends Doc>() {
  const docs = new Map<string, T>();
  const published: Array<{ type: string; data: Record<string, unknown> }> = [];
  const apply = (id: string, current: T | null, change: Change) => {
    if (!change || (!change.set && !change.push && !change.events?.length)) return { doc: current, written: false };
    const next = { ...(current ?? { _id: id, version: 0 }), ...change.set, version: (current?.version ?? 0) + 1 } as T;
    for (const [field, value] of Object.entries(change.push ?? {})) (next as Record<string, unknown>)[field] = [...(((current as Record<string, unknown> | null)?.[field] as unknown[]) ?? []), value];
    docs.set(id, next);
    published.push(...(change.events ?? []));
    return { doc: next, written: true, result: (change as { result?: unknown }).result };
  };
  return {
    docs, published,
    update: async (_scope: unknown, id: string, decide: (c: T) => Change) => (docs.has(id) ? apply(id, docs.get(id)!, decide(docs.get(id)!)) : null),
    upsert: async (_scope: unknown, id: string, decide: (c: T | null) => Change) => apply(id, docs.get(id) ?? null, decide(docs.get(id) ?? null)),
  };
}

describe('VisitAssessmentsService', () => {
  const today = todayInNetwork();
  const payer: PayerRecord = {
    _id: 'payer-x', version: 1, name: 'X', ediPayerId: 'X', receiverId: 'R', claimFilingIndicator: 'CI', timelyFilingDays: 90, blockWithoutAuthorization: false,
    rules: [{ requirement: 'prior-authorization', appointmentTypeIds: ['mri'], procedureCodes: [] }], plans: [{ id: 'plan', name: 'P', kind: 'ppo', rules: [] }], active: true,
  };
  const visit: VisitRecord = {
    _id: 'appt-1', patientId: 'p1', siteId: 'site-a', providerId: 'prov', appointmentTypeId: 'mri', start: `${today}T15:00:00.000Z`, dateOfService: today,
    siteTimeZone: 'America/New_York', status: 'booked', asOf: new Date(),
  };
  const authorization = (): AuthorizationRecord => ({
    _id: 'auth-1', version: 1, patientId: 'p1', coverageId: 'cov-1', payerId: 'payer-x', planId: 'plan', siteId: 'site-a', status: 'approved', source: 'phone',
    appointmentTypeIds: ['mri'], serviceCodes: [], diagnosisCodes: ['M54.50'], requestedUnits: 1, requestedFrom: today, requestedTo: today, approvedUnits: 1, usedUnits: 0,
    validFrom: today, validTo: today, usages: [], history: [], requestedBy: 'u', requestedAt: new Date(),
  });

  function setUp() {
    const auths = memoryStore<AuthorizationRecord & Doc>();
    const assessments = memoryStore<VisitAssessmentRecord & Doc>();
    auths.docs.set('auth-1', authorization() as AuthorizationRecord & Doc);
    const repository = {
      forPatient: async (_s: unknown, patientId: string) => [...auths.docs.values()].filter((a) => a.patientId === patientId),
      update: auths.update,
      upsertAssessment: assessments.upsert,
    } as unknown as AuthorizationsRepository;
    const coverages = { forPatient: async () => [{ _id: 'cov-1', patientId: 'p1', payerId: 'payer-x', planId: 'plan', order: 'primary', effectiveDate: '2020-01-01' }] } as unknown as CoveragesRepository;
    const payers = { findById: async () => payer } as unknown as PayersRepository;
    const visits = { forPatient: async () => [] } as unknown as VisitsRepository;
    const events = { outboxEntry: (def: { type: string }, args: { data: Record<string, unknown> }) => ({ type: def.type, data: args.data }) } as unknown as EventFactory;
    const service = new VisitAssessmentsService(new VisitListeners(), visits, coverages, payers, repository, events);
    return { service, auths, assessments };
  }

  it('publishes an assessment only when it changes, and a redelivered change publishes nothing', async () => {
    const { service, assessments } = setUp();
    await service.onVisitChanged({ kind: 'booked', visit, previous: null, eventId: 'e1' });
    await service.onVisitChanged({ kind: 'booked', visit, previous: null, eventId: 'e1' });
    await service.onVisitChanged({ kind: 'confirmed', visit: { ...visit, status: 'confirmed' }, previous: visit, eventId: 'e2' });
    expect(assessments.published.map((e) => [e.type, e.data.state, e.data.authorizationId])).toEqual([['visit-authorization.assessed', 'covered', 'auth-1']]);
  });

  it('uses one unit at check-in once, even when the check-in is redelivered, expiring the authorization at its last unit; a cancellation gives it back', async () => {
    const { service, auths } = setUp();
    auths.docs.get('auth-1')!.approvedUnits = 2;
    const checkedIn = { ...visit, status: 'checked-in' as const };
    await service.onVisitChanged({ kind: 'checked-in', visit: checkedIn, previous: visit, eventId: 'e3' });
    await service.onVisitChanged({ kind: 'checked-in', visit: checkedIn, previous: visit, eventId: 'e3' });
    expect(auths.docs.get('auth-1')).toMatchObject({ usedUnits: 1, status: 'approved', usages: [{ appointmentId: 'appt-1', units: 1 }] });
    const other = { ...checkedIn, _id: 'appt-2' };
    await service.onVisitChanged({ kind: 'checked-in', visit: other, previous: { ...other, status: 'booked' }, eventId: 'e4' });
    expect(auths.docs.get('auth-1')).toMatchObject({ usedUnits: 2, status: 'expired', reason: 'UNITS_USED' });
    expect(auths.published.map((e) => [e.type, e.data.units ?? null])).toEqual([['authorization.units-used', 1], ['authorization.units-used', 1], ['authorization.expired', null]]);

    await service.onVisitChanged({ kind: 'cancelled', visit: { ...visit, status: 'cancelled' }, previous: checkedIn, eventId: 'e5' });
    await service.onVisitChanged({ kind: 'cancelled', visit: { ...visit, status: 'cancelled' }, previous: checkedIn, eventId: 'e5' });
    expect(auths.docs.get('auth-1')).toMatchObject({ usedUnits: 1, status: 'approved', usages: [{ appointmentId: 'appt-2', units: 1 }] });
    expect(auths.published.filter((e) => e.type === 'authorization.units-used').map((e) => e.data.units)).toEqual([1, 1, -1]);
  });
});
