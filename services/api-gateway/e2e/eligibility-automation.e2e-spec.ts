import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { Topics } from '@clinic-flow/contracts';
import { DEMO_SITES } from '@clinic-flow/demo-data';
import { ApiClient, KafkaProbe, waitFor } from '@clinic-flow/testing';
import { bookingRequest, registerPatient } from './support';

/*
 * Eligibility that runs by itself, through the gateway against the clearinghouse simulator: every
 * scenario at booking (a visit within 30 days: each coverage checked with trigger 'booking', the
 * visit on the event) and in the nightly batch of the visits' date (one X12 batch interchange,
 * every inquiry with a recorded check, a 271 that does not parse or answers another trace among
 * them); a payer that is down retried (trigger 'retry'); a 271 that differs from the previous one
 * raising eligibility.changed; on-demand checks for a visit. Visits are at Riverside, booked by its
 * office manager: few other files book there, so a batch of these dates holds mostly ours.
 */
const SITE = 'site-riverside';
const SITE_ZONE = DEMO_SITES.find((s) => s.id === SITE)!.timeZone;

interface Check {
  id: string;
  status: string;
  reason?: string;
  detail?: string;
  trigger: string;
  appointmentId?: string;
  siteId?: string;
  dateOfService: string;
  attempt?: number;
  batchId?: string;
  changes?: string[];
  benefits?: Record<string, unknown>;
}

/** Scenario, coverage, and what a real-time check (booking) and a batch check record. */
const SCENARIOS: Array<{ prefix: string; payer?: [string, string]; booking: Partial<Check>; nightly?: Partial<Check> }> = [
  { prefix: 'PPO', booking: { status: 'active', benefits: expect.objectContaining({ copayCents: 2500, coinsurancePercent: 0.2, deductibleRemainingCents: 35050 }) } },
  { prefix: 'MCR', payer: ['payer-medicare', 'medicare-part-b'], booking: { status: 'active', benefits: expect.objectContaining({ insuranceType: 'MA', deductibleRemainingCents: 0 }) } },
  { prefix: 'INA', booking: { status: 'inactive' } },
  { prefix: 'TRM', booking: { status: 'inactive', benefits: expect.objectContaining({ coverageEnds: expect.any(String) }) } },
  { prefix: 'NFD', booking: { status: 'needs-attention', reason: 'SUBSCRIBER_NOT_FOUND' } },
  { prefix: 'DOB', booking: { status: 'needs-attention', reason: 'DOB_MISMATCH' } },
  { prefix: 'UNA', booking: { status: 'payer-unavailable', reason: 'AAA_42' } },
  // Real time: no answer within CLEARINGHOUSE_TIMEOUT_MS, an HTTP 503; in a batch the payer says AAA 42.
  { prefix: 'TMO', booking: { status: 'payer-unavailable', reason: 'TIMEOUT' }, nightly: { status: 'payer-unavailable', reason: 'AAA_42' } },
  { prefix: 'SVC', booking: { status: 'payer-unavailable', reason: 'HTTP_STATUS' }, nightly: { status: 'payer-unavailable', reason: 'AAA_42' } },
  { prefix: 'HMO', payer: ['payer-acme-care-hmo', 'acme-care-hmo'], booking: { status: 'active', benefits: expect.objectContaining({ referralRequired: true, copayCents: 1500 }) } },
  { prefix: 'PAU', booking: { status: 'active', benefits: expect.objectContaining({ authorizationRequiredFor: ['30'] }) } },
  { prefix: 'SLW', booking: { status: 'active' } },
  // 271s spoilt on the wire: one that does not parse, one that echoes another trace number.
  { prefix: 'PPOBAD', booking: { status: 'needs-attention', reason: 'INVALID_RESPONSE', detail: expect.stringContaining('X12.STRUCTURE') } },
  { prefix: 'PPOXTR', booking: { status: 'needs-attention', reason: 'INVALID_RESPONSE', detail: expect.stringContaining('X12.TRACE_MISMATCH') } },
];

const memberId = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 12 - Math.max(0, prefix.length - 3)).toUpperCase()}`;

describe('eligibility that runs by itself', () => {
  let desk: ApiClient;
  let downtownDesk: ApiClient;
  const probe = new KafkaProbe();

  const addCoverage = async (patientId: string, prefix: string, payer: [string, string] = ['payer-acme', 'acme-gold-ppo'], order = 'primary') => {
    const res = await desk.post(`/patients/${patientId}/coverages`, { payerId: payer[0], planId: payer[1], order, relationship: 'self', memberId: memberId(prefix), effectiveDate: '2026-01-01' });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const bookVisit = async (patientId: string) => {
    const res = await desk.post('/appointments', bookingRequest(patientId, { siteId: SITE }));
    expect(res.status).toBe(201);
    return { appointmentId: res.body.id as string, dateOfService: DateTime.fromISO(res.body.start).setZone(SITE_ZONE).toISODate()! };
  };
  const book = async (patientId: string) => (await bookVisit(patientId)).appointmentId;
  const history = async (coverageId: string): Promise<Check[]> => {
    const res = await desk.get(`/coverages/${coverageId}/eligibility-checks`);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const checkWhere = (coverageId: string, what: string, match: (c: Check) => boolean, timeoutMs = 45_000) =>
    waitFor(async () => (await history(coverageId)).find(match), { what, timeoutMs, intervalMs: 500 });

  beforeAll(async () => {
    desk = await ApiClient.loginAsEmail('riverside-manager@demo.clinic');
    downtownDesk = await ApiClient.loginAs('receptionist');
    await probe.record([Topics.coverages]);
  });
  afterAll(() => probe.close());

  describe('every simulator scenario, at booking and in the nightly batch', () => {
    const visits: Array<{ prefix: string; patientId: string; coverageId: string; appointmentId: string; dateOfService: string }> = [];

    beforeAll(async () => {
      for (const s of SCENARIOS) {
        const patient = await registerPatient(desk);
        const coverageId = await addCoverage(patient.id, s.prefix, s.payer);
        visits.push({ prefix: s.prefix, patientId: patient.id, coverageId, ...(await bookVisit(patient.id)) });
      }
    });

    it('checks each booked visit within 30 days with trigger booking: the scenario\'s status, the visit on the check and on eligibility.checked', async () => {
      for (const v of visits) {
        const expected = SCENARIOS.find((s) => s.prefix === v.prefix)!.booking;
        const booking = await checkWhere(v.coverageId, `the booking check of ${v.prefix}`, (c) => c.trigger === 'booking');
        expect({ prefix: v.prefix, ...booking }).toMatchObject({ prefix: v.prefix, ...expected, appointmentId: v.appointmentId, siteId: SITE, order: 'primary', dateOfService: v.dateOfService });
        const event = await waitFor(async () => probe.envelopes((m) => m.key === v.patientId).find((e) => e.type === 'eligibility.checked' && e.data.checkId === booking.id), { what: `eligibility.checked of ${v.prefix}` });
        expect(event.data).toMatchObject({ coverageId: v.coverageId, trigger: 'booking', appointmentId: v.appointmentId, siteId: SITE, order: 'primary', status: expected.status });
      }
    });

    it('asks a payer that was down again (trigger retry), once per delay, each retry a recorded check', async () => {
      for (const prefix of ['UNA', 'SVC']) {
        const v = visits.find((x) => x.prefix === prefix)!;
        const second = await checkWhere(v.coverageId, `the second retry of ${prefix}`, (c) => c.trigger === 'retry' && c.attempt === 2);
        expect(second).toMatchObject({ status: 'payer-unavailable', appointmentId: v.appointmentId, dateOfService: v.dateOfService });
        const retries = (await history(v.coverageId)).filter((c) => c.trigger === 'retry');
        expect(retries.map((c) => c.attempt).sort()).toEqual([1, 2]);
      }
    });

    it("checks the site's visits of a date in one batch: every scenario recorded with trigger nightly, counts by result, asking again runs it once", async () => {
      const dates = [...new Set(visits.map((v) => v.dateOfService))];
      const run = `e2e-${randomUUID().slice(0, 8)}`;
      const batchIds: string[] = [];
      for (const date of dates) {
        const res = await desk.post('/eligibility/batches', { siteId: SITE, date, run });
        expect(res.status).toBe(202);
        expect(res.body).toMatchObject({ siteId: SITE, date, run });
        batchIds.push(res.body.id);
      }
      const batches = await Promise.all(
        batchIds.map((id) => waitFor(async () => ((await desk.get(`/eligibility/batches/${id}`)).body.status === 'done' ? (await desk.get(`/eligibility/batches/${id}`)).body : undefined), { what: `batch ${id} done`, timeoutMs: 60_000, intervalMs: 500 })),
      );
      const inquiries = batches.reduce((n, b) => n + b.inquiries, 0);
      expect(inquiries).toBeGreaterThanOrEqual(visits.length);
      for (const b of batches) {
        expect(b.recorded).toBe(b.inquiries);
        expect(Object.values(b.counts as Record<string, number>).reduce((n, c) => n + c, 0)).toBe(b.inquiries);
        expect(b.interchangeControlNumber).toMatch(/^\d{9}$/);
      }
      for (const v of visits) {
        const s = SCENARIOS.find((x) => x.prefix === v.prefix)!;
        const nightly = await checkWhere(v.coverageId, `the nightly check of ${v.prefix}`, (c) => c.trigger === 'nightly' && batchIds.includes(c.batchId ?? ''));
        expect({ prefix: v.prefix, ...nightly }).toMatchObject({ prefix: v.prefix, ...s.booking, ...s.nightly, appointmentId: v.appointmentId, siteId: SITE, dateOfService: v.dateOfService });
      }
      // One interchange per batch: every one of our traces went in the batch's.
      const again = await desk.post('/eligibility/batches', { siteId: SITE, date: dates[0], run });
      expect(again.body).toMatchObject({ id: batchIds[0], status: 'done', inquiries: batches[0].inquiries });
      // Another site's desk sees neither the batch nor may run one here.
      expect((await downtownDesk.get(`/eligibility/batches/${batchIds[0]}`)).status).toBe(403);
      expect((await downtownDesk.post('/eligibility/batches', { siteId: SITE, date: dates[0] })).body.code).toBe('AUTH.SITE_FORBIDDEN');
    });
  });

  it('raises eligibility.changed when the payer answers differently from the last answer (a coverage terminated since)', async () => {
    const patient = await registerPatient(desk);
    const coverageId = await addCoverage(patient.id, 'PPO');
    const first = await desk.post(`/coverages/${coverageId}/eligibility-checks`, { dateOfService: '2026-12-15' });
    expect(first.body).toMatchObject({ status: 'active', trigger: 'on-demand' });
    expect(first.body.changes).toBeUndefined();
    expect((await desk.patch(`/coverages/${coverageId}`, { memberId: memberId('TRM') })).status).toBe(200);
    const second = await desk.post(`/coverages/${coverageId}/eligibility-checks`, { dateOfService: '2026-12-15' });
    expect(second.body).toMatchObject({ status: 'inactive', changes: ['status', 'terminated'] });
    const event = await waitFor(async () => probe.envelopes((m) => m.key === patient.id).find((e) => e.type === 'eligibility.changed'), { what: 'eligibility.changed' });
    expect(event.data).toEqual({
      checkId: second.body.id, previousCheckId: first.body.id, coverageId, patientId: patient.id, payerId: 'payer-acme', dateOfService: '2026-12-15',
      status: 'inactive', previousStatus: 'active', changes: ['status', 'terminated'],
    });
    // The same answer again changes nothing.
    const third = await desk.post(`/coverages/${coverageId}/eligibility-checks`, { dateOfService: '2026-12-15' });
    expect(third.body.changes).toBeUndefined();
    await waitFor(async () => probe.envelopes((m) => m.key === patient.id).find((e) => e.type === 'eligibility.checked' && e.data.checkId === third.body.id), { what: 'the third check' });
    expect(probe.envelopes((m) => m.key === patient.id).filter((e) => e.type === 'eligibility.changed')).toHaveLength(1);
  });

  it("checks on demand for a visit (its date of service and site), and refuses another patient's visit or an unknown one", async () => {
    const patient = await registerPatient(desk);
    const coverageId = await addCoverage(patient.id, 'PPO');
    const { appointmentId, dateOfService } = await bookVisit(patient.id);
    // Insurance learns the visit from scheduling's event: until then it is an unknown visit (404), nothing recorded.
    const res = await waitFor(async () => {
      const r = await desk.post(`/coverages/${coverageId}/eligibility-checks`, { appointmentId });
      return r.status === 201 ? r : r.body.code === 'ELIGIBILITY.VISIT_NOT_FOUND' ? undefined : Promise.reject(new Error(`${r.status} ${JSON.stringify(r.body)}`));
    }, { what: 'a check for the visit' });
    expect(res.body).toMatchObject({ trigger: 'on-demand', appointmentId, siteId: SITE, dateOfService, status: 'active' });
    const other = await registerPatient(desk);
    const othersVisit = await book(other.id);
    const refused = await waitFor(async () => {
      const r = await desk.post(`/coverages/${coverageId}/eligibility-checks`, { appointmentId: othersVisit });
      return r.body.code === 'ELIGIBILITY.VISIT_NOT_FOUND' ? undefined : r;
    }, { what: "the other patient's visit known to insurance" });
    expect([refused.status, refused.body.code]).toEqual([400, 'ELIGIBILITY.VISIT_OF_ANOTHER_PATIENT']);
    const wrongDate = await desk.post(`/coverages/${coverageId}/eligibility-checks`, { appointmentId, dateOfService: '2020-01-01' });
    expect([wrongDate.status, wrongDate.body.code]).toEqual([400, 'ELIGIBILITY.DATE_NOT_THE_VISITS']);
    const unknown = await desk.post(`/coverages/${coverageId}/eligibility-checks`, { appointmentId: 'appt-no-such-visit' });
    expect([unknown.status, unknown.body.code]).toEqual([404, 'ELIGIBILITY.VISIT_NOT_FOUND']);
  });

  it('checks every coverage in force at booking, primary first, and none that ended before the visit', async () => {
    const patient = await registerPatient(desk);
    const primary = await addCoverage(patient.id, 'PPO');
    const secondary = await addCoverage(patient.id, 'MCR', ['payer-medicare', 'medicare-part-b'], 'secondary');
    const ended = (await desk.post(`/patients/${patient.id}/coverages`, { payerId: 'payer-acme', planId: 'acme-gold-ppo', order: 'tertiary', relationship: 'self', memberId: memberId('PPO'), effectiveDate: '2025-01-01', terminationDate: '2025-12-31' })).body.id as string;
    const appointmentId = await book(patient.id);
    const [p, s] = [await checkWhere(primary, 'primary checked', (c) => c.trigger === 'booking'), await checkWhere(secondary, 'secondary checked', (c) => c.trigger === 'booking')];
    expect([p.appointmentId, s.appointmentId]).toEqual([appointmentId, appointmentId]);
    const events = probe.envelopes((m) => m.key === patient.id).filter((e) => e.type === 'eligibility.checked' && e.data.appointmentId === appointmentId);
    expect(events.map((e) => e.data.order)).toEqual(['primary', 'secondary']);
    expect(await history(ended)).toEqual([]);
  });
});
