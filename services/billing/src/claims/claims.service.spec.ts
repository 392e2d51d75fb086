import { exampleClaim } from '@clinic-flow/x12';
import type { BillingConfig } from '../config';
import type { ClaimRecord } from './claims.schema';
import { ClaimsService } from './claims.service';
import { ControlNumbersRepository } from '@clinic-flow/x12/store';

/** Submission when the clearinghouse cannot be reached: nothing changes but the attempt, a retry is planned with backoff. */
describe('ClaimsService.submit with the clearinghouse down', () => {
  const record = (): ClaimRecord => ({
    _id: 'CLDOWN1', version: 1, patientId: 'p1', siteId: 'site-a', encounterId: 'enc-1', accountId: 'acct-p1', coverageId: 'cov-1', payerId: 'payer-a', payerName: 'Payer A',
    order: 'primary', frequency: '1', status: 'ready-to-submit', dateOfService: '2026-11-02', totalChargeCents: 10000, claim: exampleClaim({ claimId: 'CLDOWN1' }), lines: [],
    scrub: { ruleSetVersion: 'x', status: 'clean', findingCount: 0, checkedAt: new Date() }, submitAttempts: 0, adjudications: [], denials: [], openDenials: 0,
    createdBy: 'u1', createdAt: new Date(), updatedAt: new Date(),
  });

  function service(current: ClaimRecord) {
    const updates: unknown[] = [];
    const retries: Array<[string, number]> = [];
    const claims = {
      findById: jest.fn(async () => current),
      update: jest.fn(async (_scope: unknown, _id: string, decide: (c: ClaimRecord) => unknown) => {
        const decision = decide(current) as { inc?: { submitAttempts: number } } | null;
        updates.push(decision);
        if (decision?.inc) current = { ...current, submitAttempts: current.submitAttempts + decision.inc.submitAttempts };
        return decision ? { doc: current, written: true } : null;
      }),
    };
    const planner = { planRetry: jest.fn(async (id: string, attempt: number) => (retries.push([id, attempt]), attempt <= 2)) };
    const config = {
      CLEARINGHOUSE_URL: 'http://127.0.0.1:9', CLEARINGHOUSE_TIMEOUT_MS: 500, X12_SENDER_ID: 'CLINICFLOWBILL', X12_RECEIVER_ID: 'CLEARHOUSE',
      X12_SUBMITTER_NAME: 'CLINIC FLOW BILLING', X12_SUBMITTER_PHONE: '5555550100',
    } as unknown as BillingConfig;
    let n = 0;
    const sequence = () => ({ next: async () => ++n });
    // The real adapter (to a closed port), numbered from this counter instead of the database.
    const controlNumbers = { sequence, clearinghouse: (c: BillingConfig) => ControlNumbersRepository.prototype.clearinghouse.call({ sequence }, c) };
    const none = {} as never;
    const svc = new ClaimsService(claims as never, none, none, none, none, none, none, none, { outboxEntry: jest.fn() } as never, planner as never, controlNumbers as never, config);
    return { svc, updates, retries, claims, current: () => current, numbers: () => n };
  }

  it('leaves the claim ready-to-submit, counts the attempt, says why, plans the next retry; each attempt takes a new control number', async () => {
    const t = service(record());
    expect(await t.svc.submit(['CLDOWN1'], 'u1')).toEqual({ CLDOWN1: 'ready-to-submit' });
    expect(t.updates).toEqual([expect.objectContaining({ set: expect.objectContaining({ lastSubmitError: expect.stringMatching(/^clearinghouse unavailable \(network/) }), inc: { submitAttempts: 1 } })]);
    expect(t.updates[0]).not.toHaveProperty('events');
    expect(t.retries).toEqual([['CLDOWN1', 1]]);
    await t.svc.retry('CLDOWN1');
    expect(t.retries).toEqual([['CLDOWN1', 1], ['CLDOWN1', 2]]);
    expect(t.current().status).toBe('ready-to-submit');
    expect(t.numbers()).toBe(2);
  });

  it('sends nothing for a claim no longer ready-to-submit', async () => {
    const t = service({ ...record(), status: 'submitted' });
    expect(await t.svc.submit(['CLDOWN1'], 'u1')).toEqual({});
    expect(t.numbers()).toBe(0);
    expect(t.retries).toEqual([]);
  });
});
