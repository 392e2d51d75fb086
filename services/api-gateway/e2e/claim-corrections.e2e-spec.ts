import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '@clinic-flow/testing';
import { BillingE2E, billingSetup } from './billing-support';
import { holdClearinghouse } from './support';

/*
 * Claim corrections (issue 12): a paid PPO claim voided (frequency 8) -> the payer's reversal (CLP02 22)
 * on the next pay cycle -> the guarantor's balances back to what they were before the claim; a paid
 * claim replaced (frequency 7) -> reversal plus new adjudication, net equal to the new pricing; a claim
 * never accepted, or already voided, refused with 409. And the 837Ps billing really sent (the
 * simulator keeps each interchange, GET /admin/claims?include=x12) pass pyx12 and linuxforhealth-x12.
 */
const validator = require('../../../infra/components/x12-validator') as {
  ensureX12Validator(): void;
  validateX12Files(files: string[]): Array<{ sets: string[]; ok: boolean; errors: string[] }>;
};

describe('claim corrections: void and replacement of a paid claim', () => {
  let b: BillingE2E;
  let coder: ApiClient;
  let ppo: string;
  const sent: Record<string, string> = {};
  const clearinghouse = () => b.clearinghouse();
  const patient = async () => (await b.patient([{ payerId: ppo, order: 'primary', memberId: b.memberId('PPO') }])).id;
  const codedVisit = (patientId: string) => b.codedVisit(patientId, ['J02.9'], [{ code: 'X9213', chargeCents: 15000 }, { code: 'X3641', chargeCents: 3000 }]);
  const claim = (id: string) => b.claim(id);
  const pollUntil = (id: string, statuses: string[]) => b.pollUntil(id, statuses);
  const payCycle = () => b.payCycle();
  const balances = (patientId: string) => b.balances(patientId);
  /** The exact interchange the simulator received for a claim. */
  const keepSent = async (label: string, claimId: string) => {
    const items = (await (await fetch(`${clearinghouse()}/admin/claims?include=x12`)).json()) as { items: Array<{ claimId: string; x12?: string }> };
    const item = items.items.find((i) => i.claimId === claimId);
    expect(item?.x12).toMatch(/^ISA/);
    sent[label] = item!.x12!;
  };
  /** An accepted, paid PPO claim: its id and the balances before it. */
  const paidClaim = async () => {
    const patientId = await patient();
    const encounterId = await codedVisit(patientId);
    const before = await balances(patientId);
    const created = await coder.post('/claims', { encounterId });
    expect(created.status).toBe(201);
    await pollUntil(created.body.id, ['accepted']);
    await payCycle();
    const paid = await pollUntil(created.body.id, ['paid', 'partially-paid']);
    return { patientId, encounterId, before, original: paid, afterPaid: await balances(patientId) };
  };

  afterAll(() => releaseClearinghouse());
  let releaseClearinghouse: () => void = () => undefined;
  // Files that run the simulator's pay cycle take turns (they may wait for each other longer than a test).
  beforeAll(async () => {
    releaseClearinghouse = await holdClearinghouse();
  }, 600_000);
  beforeAll(async () => {
    validator.ensureX12Validator();
    b = await billingSetup({ tag: 'cc', codes: [['X9213', 'Office visit, established (placeholder)'], ['X3641', 'Blood draw (placeholder)']], rendering: { firstName: 'Cora', lastName: 'Rection' }, patientName: { firstName: 'Corrie', lastName: 'Correction' } });
    coder = b.coder;
    ppo = (await b.payer('ppo')).id;
  }, 600_000);

  it('a paid PPO claim voided: the payer reverses it on the next pay cycle, the balances are back to before the claim; a second void is refused', async () => {
    const { patientId, before, original, afterPaid } = await paidClaim();
    expect(afterPaid).not.toEqual(before);
    await keepSent('original', original.id);
    const voided = await coder.post(`/claims/${original.id}/void`);
    expect([voided.status, voided.body.code, voided.body.message]).toEqual([201, undefined, undefined]);
    expect(voided.body).toMatchObject({ frequency: '8', originalClaimId: original.id, status: 'submitted', totalChargeCents: original.totalChargeCents });
    await keepSent('void', voided.body.id);
    expect(sent.void).toContain(`REF*F8*${original.payerClaimControlNumber}~`);
    expect((await claim(original.id)).correctedByClaimId).toBe(voided.body.id);
    const again = await coder.post(`/claims/${original.id}/void`);
    expect([again.status, again.body.code]).toEqual([409, 'CLAIM.ALREADY_CORRECTED']);
    const ofVoid = await coder.post(`/claims/${voided.body.id}/replace`);
    expect([ofVoid.status, ofVoid.body.code]).toEqual([409, 'CLAIM.VOIDED']);
    await pollUntil(voided.body.id, ['accepted']);
    await payCycle();
    const reversed = await pollUntil(original.id, ['reversed']);
    expect(reversed.adjudications.map((a) => [a.clpStatus, a.paidCents])).toEqual([['1', original.adjudications[0].paidCents], ['22', -original.adjudications[0].paidCents]]);
    expect(await balances(patientId)).toEqual(before);
  });

  it('a claim never accepted is neither voided nor replaced (409 CLAIM.NOT_ACCEPTED)', async () => {
    const patientId = await patient();
    const encounterId = await codedVisit(patientId);
    const created = await coder.post('/claims', { encounterId });
    expect(created.status).toBe(201);
    expect(created.body.payerClaimControlNumber).toBeUndefined();
    const refused = await coder.post(`/claims/${created.body.id}/void`);
    expect([refused.status, refused.body.code]).toEqual([409, 'CLAIM.NOT_ACCEPTED']);
    await pollUntil(created.body.id, ['accepted']);
  });

  it('a paid claim replaced: the original reversed and the replacement priced, net equal to the new pricing', async () => {
    const { patientId, original, afterPaid } = await paidClaim();
    const replaced = await coder.post(`/claims/${original.id}/replace`);
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ frequency: '7', originalClaimId: original.id, status: 'submitted' });
    await keepSent('replacement', replaced.body.id);
    expect(sent.replacement).toContain(`REF*F8*${original.payerClaimControlNumber}~`);
    await pollUntil(replaced.body.id, ['accepted']);
    await payCycle();
    const priced = await pollUntil(replaced.body.id, ['paid', 'partially-paid']);
    const reversed = await pollUntil(original.id, ['reversed']);
    expect(reversed.adjudications.map((a) => a.clpStatus)).toEqual(['1', '22']);
    // Same lines, same pricing (the deductible the reversal gave back is taken again): the balances as after the original's payment.
    expect(priced.adjudications.map((a) => a.paidCents)).toEqual([original.adjudications[0].paidCents]);
    expect(await balances(patientId)).toEqual(afterPaid);
  });

  it('a paid claim re-coded: the encounter re-opened with a note, a line dropped, signed off again; the replacement carries the new lines', async () => {
    const { encounterId, original } = await paidClaim();
    const locked = await coder.put(`/encounters/${encounterId}/lines`, { lines: [{ code: 'X9213', units: 1, chargeCents: 15000, diagnosisPointers: [1] }] });
    expect([locked.status, locked.body.code]).toEqual([409, 'ENCOUNTER.ALREADY_READY']);
    const short = await coder.post(`/encounters/${encounterId}/reopen`, { note: 'oops' });
    expect([short.status, short.body.code]).toEqual([400, 'REQUEST.VALIDATION_FAILED']);
    const reopened = await coder.post(`/encounters/${encounterId}/reopen`, { note: 'The blood draw was billed by the lab, not by us' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'coded', reopenings: [expect.objectContaining({ by: coder.user.id, note: 'The blood draw was billed by the lab, not by us' })] });
    const twice = await coder.post(`/encounters/${encounterId}/reopen`, { note: 'The blood draw was billed by the lab, not by us' });
    expect([twice.status, twice.body.code]).toEqual([409, 'ENCOUNTER.NOT_READY']);
    // Open for coding: no replacement from half-done coding.
    const early = await coder.post(`/claims/${original.id}/replace`);
    expect([early.status, early.body.code]).toEqual([409, 'CLAIM.ENCOUNTER_NOT_READY']);
    expect((await coder.put(`/encounters/${encounterId}/lines`, { lines: [{ code: 'X9213', units: 1, chargeCents: 15000, diagnosisPointers: [1] }] })).status).toBe(200);
    expect((await coder.post(`/encounters/${encounterId}/ready`)).status).toBe(200);
    const replaced = await coder.post(`/claims/${original.id}/replace`);
    expect(replaced.status).toBe(201);
    expect(replaced.body).toMatchObject({ frequency: '7', originalClaimId: original.id, totalChargeCents: 15000 });
    expect(replaced.body.lines.map((l: { procedureCode: string }) => l.procedureCode)).toEqual(['X9213']);
  });

  it('the 837Ps billing sent (an original, a void, a replacement) pass pyx12 and linuxforhealth-x12', () => {
    expect(Object.keys(sent).sort()).toEqual(['original', 'replacement', 'void']);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-corrections-'));
    const files = Object.entries(sent).map(([label, text]) => {
      const name = path.join(dir, `${label}.x12`);
      fs.writeFileSync(name, text);
      return name;
    });
    const reports = validator.validateX12Files(files);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(reports.map((r) => [r.sets.join(','), r.errors])).toEqual(files.map(() => ['837', []]));
  });
});
