import { randomUUID } from 'node:crypto';
import { ApiClient, gatewayUrl, pdfText, waitFor } from '@clinic-flow/testing';
import { download } from './document-support';
import { bookingRequest, registerPatient } from './support';

/*
 * What the patient will owe, through the gateway (insurance service): each site's price list, the
 * check-in estimate of a booked visit from the primary coverage's latest answered eligibility
 * check (PPO copay, Medicare coinsurance, inactive and unchecked coverages as self-pay), and Good
 * Faith Estimates for self-pay patients, their PDF included. Visits are urgent care at Downtown,
 * priced by the demo price list (S9083: $175.00 standard, $125.00 self-pay).
 */
describe('what the patient will owe', () => {
  let desk: ApiClient;
  let billing: ApiClient;
  let outsider: ApiClient;

  const URGENT_CARE = { standardChargeCents: 17500, selfPayCents: 12500, serviceCode: 'S9083' };
  const unique = (prefix: string) => `${prefix}${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
  const coverage = (overrides: Record<string, unknown> = {}) => ({
    payerId: 'payer-acme', planId: 'acme-gold-ppo', order: 'primary', relationship: 'self', memberId: unique('PPO'), effectiveDate: '2026-01-01', ...overrides,
  });

  /** A patient with an urgent-care visit at Downtown that insurance knows of (its estimate answers). */
  const patientWithVisit = async () => {
    const patient = await registerPatient(desk);
    const booked = await desk.post('/appointments', bookingRequest(patient.id));
    expect(booked.status).toBe(201);
    const estimate = await waitFor(async () => {
      const res = await desk.get(`/appointments/${booked.body.id}/estimate`);
      return res.status === 200 ? res.body : undefined;
    }, { what: 'the visit known to insurance' });
    return { patient, appointmentId: booked.body.id as string, dateOfService: estimate.dateOfService as string, first: estimate };
  };

  const insuredVisit = async (overrides: Record<string, unknown>, check = true) => {
    const visit = await patientWithVisit();
    const added = await desk.post(`/patients/${visit.patient.id}/coverages`, coverage(overrides));
    expect(added.status).toBe(201);
    let checkId: string | undefined;
    if (check) {
      const res = await desk.post(`/coverages/${added.body.id}/eligibility-checks`, { dateOfService: visit.dateOfService });
      expect(res.status).toBe(201);
      checkId = res.body.id;
    }
    return { ...visit, coverageId: added.body.id as string, checkId };
  };

  beforeAll(async () => {
    desk = await ApiClient.loginAs('receptionist');
    billing = await ApiClient.loginAs('billing-coder');
    // An office manager of Riverside only: Downtown's price list, visits and patients are not theirs.
    outsider = await ApiClient.loginAsEmail('riverside-manager@demo.clinic');
  });

  describe('price list', () => {
    it('billing sets a price of its site, the desk reads it; another site or the desk cannot change it', async () => {
      const typeId = `e2e-type-${randomUUID().slice(0, 8)}`;
      const price = { serviceCode: 'X9214', codeSystem: 'CPT', placeholder: true, description: 'Office visit, moderate complexity (placeholder)', standardChargeCents: 21000, selfPayCents: 14000 };
      const put = await billing.put(`/sites/site-downtown/price-list/${typeId}`, price);
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ appointmentTypeId: typeId, ...price, updatedBy: billing.user.id });

      const list = await desk.get('/sites/site-downtown/price-list');
      expect(list.status).toBe(200);
      expect(list.body.siteId).toBe('site-downtown');
      expect(list.body.items).toEqual(expect.arrayContaining([
        expect.objectContaining({ appointmentTypeId: typeId, serviceCode: 'X9214', placeholder: true, selfPayCents: 14000 }),
        expect.objectContaining({ appointmentTypeId: 'urgent-care', codeSystem: 'HCPCS', placeholder: false, ...URGENT_CARE }),
      ]));

      const foreignRead = await outsider.get('/sites/site-downtown/price-list');
      expect([foreignRead.status, foreignRead.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
      const foreignWrite = await outsider.put(`/sites/site-downtown/price-list/${typeId}`, { ...price, selfPayCents: 1 });
      expect([foreignWrite.status, foreignWrite.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
      expect((await desk.put(`/sites/site-downtown/price-list/${typeId}`, price)).status).toBe(403);
      // Riverside's own list is the outsider's to read.
      expect((await outsider.get('/sites/site-riverside/price-list')).body.items.length).toBeGreaterThan(0);

      const notHcpcs = await billing.put(`/sites/site-downtown/price-list/${typeId}`, { ...price, codeSystem: 'HCPCS', placeholder: false });
      expect([notHcpcs.status, notHcpcs.body.code]).toEqual([400, 'PRICE_LIST.INVALID']);
      const swapped = await billing.put(`/sites/site-downtown/price-list/${typeId}`, { ...price, selfPayCents: 30000 });
      expect([swapped.status, swapped.body.code]).toEqual([400, 'PRICE_LIST.INVALID']);
      expect((await billing.put(`/sites/site-downtown/price-list/${typeId}`, { ...price, standardChargeCents: 12.5 })).status).toBe(400);
      // Nothing of the refused changes was written.
      const after = (await desk.get('/sites/site-downtown/price-list')).body.items.find((i: { appointmentTypeId: string }) => i.appointmentTypeId === typeId);
      expect(after).toMatchObject(price);
    });
  });

  describe('check-in estimate', () => {
    it('an active PPO: the $25 copay today and in all, itemized, with the check and the price it rests on', async () => {
      const { appointmentId, patient, coverageId, checkId, dateOfService } = await insuredVisit({});
      const res = await desk.get(`/appointments/${appointmentId}/estimate`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        appointmentId, patientId: patient.id, siteId: 'site-downtown', dateOfService, appointmentTypeId: 'urgent-care',
        basis: 'insurance', dueTodayCents: 2500, expectedTotalCents: 2500, chargeCents: URGENT_CARE.standardChargeCents, expectedPlanPaymentCents: 15000,
        coverage: { coverageId, payerId: 'payer-acme', payerName: 'Acme Health', planId: 'acme-gold-ppo', planName: 'Acme Gold PPO' },
        eligibilityCheck: { status: 'active', dateOfService, ageDays: 0 },
        priceListItem: { appointmentTypeId: 'urgent-care', serviceCode: URGENT_CARE.serviceCode },
        warnings: [],
      });
      // A check made by booking (if any) or ours: the latest answer for this coverage.
      const history = (await desk.get(`/coverages/${coverageId}/eligibility-checks`)).body.items;
      expect(res.body.eligibilityCheck.checkId).toBe(history[0].id);
      expect(history.map((c: { id: string }) => c.id)).toContain(checkId);
      expect(res.body.lines).toEqual([
        { kind: 'copay', amountCents: 2500, explanation: 'Your Acme Gold PPO copay for an office visit is $25.00, collected today.' },
        { kind: 'deductible', amountCents: 0, explanation: 'Your remaining deductible ($350.50) does not apply to an office visit with a copay.' },
      ]);
      expect((await billing.get(`/appointments/${appointmentId}/estimate`)).status).toBe(200);
      const foreign = await outsider.get(`/appointments/${appointmentId}/estimate`);
      expect([foreign.status, foreign.body.code]).toEqual([403, 'AUTH.SITE_FORBIDDEN']);
      const nurse = await ApiClient.loginAs('registered-nurse');
      expect((await nurse.get(`/appointments/${appointmentId}/estimate`)).status).toBe(403);
      expect((await desk.get('/appointments/no-such-appointment/estimate')).body.code).toBe('APPOINTMENT.NOT_FOUND');
    });

    it('Medicare Part B: deductible met, 20% coinsurance of the charge, nothing due today', async () => {
      const { appointmentId } = await insuredVisit({ payerId: 'payer-medicare', planId: 'medicare-part-b', memberId: unique('MCR') });
      const res = await desk.get(`/appointments/${appointmentId}/estimate`);
      expect(res.body).toMatchObject({ basis: 'insurance', dueTodayCents: 0, expectedTotalCents: 3500, expectedPlanPaymentCents: 14000, coverage: { payerName: 'Medicare Part B' }, warnings: [] });
      expect(res.body.lines.map((l: { kind: string; amountCents: number }) => [l.kind, l.amountCents])).toEqual([['deductible', 0], ['coinsurance', 3500]]);
      expect(res.body.lines[1].explanation).toBe('After the deductible, you pay 20% coinsurance of the remaining $175.00: $35.00.');
    });

    it('an inactive coverage: estimated as self-pay at the self-pay price, labelled so', async () => {
      const { appointmentId } = await insuredVisit({ memberId: unique('INA') });
      const res = await desk.get(`/appointments/${appointmentId}/estimate`);
      expect(res.body).toMatchObject({ basis: 'self-pay', dueTodayCents: URGENT_CARE.selfPayCents, expectedTotalCents: URGENT_CARE.selfPayCents, eligibilityCheck: { status: 'inactive' } });
      expect(res.body.summary).toMatch(/^SELF-PAY estimate \(the coverage is inactive\)/);
      expect(res.body.warnings.map((w: { code: string }) => w.code)).toEqual(['COVERAGE_INACTIVE']);
    });

    it('no coverage, then a coverage not checked yet: self-pay with a warning that says why', async () => {
      const { appointmentId, patient, first } = await patientWithVisit();
      expect(first).toMatchObject({ basis: 'self-pay', expectedTotalCents: URGENT_CARE.selfPayCents, warnings: [expect.objectContaining({ code: 'NO_COVERAGE' })] });
      // Added after the visit is known, so nothing checks it on its own before we look.
      expect((await desk.post(`/patients/${patient.id}/coverages`, coverage())).status).toBe(201);
      const res = await desk.get(`/appointments/${appointmentId}/estimate`);
      expect(res.body).toMatchObject({ basis: 'self-pay', expectedTotalCents: URGENT_CARE.selfPayCents, coverage: { payerId: 'payer-acme' } });
      expect(res.body.eligibilityCheck).toBeUndefined();
      expect(res.body.warnings).toEqual([{ code: 'NO_ELIGIBILITY_CHECK', message: expect.stringContaining('check eligibility') }]);
    });
  });

  describe('Good Faith Estimate', () => {
    it('issued for a self-pay patient from the visit and an extra item, listed, read, and printed with what the rule requires', async () => {
      const { patient, appointmentId, dateOfService } = await patientWithVisit();
      const created = await desk.post(`/patients/${patient.id}/good-faith-estimates`, {
        appointmentId,
        items: [{ serviceCode: 'X7880', placeholder: true, description: 'Rapid strep test (placeholder code)', expectedChargeCents: 3500 }],
        diagnosisCodes: ['J02.9'],
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        patientId: patient.id, patient: { firstName: patient.firstName, lastName: patient.lastName, dateOfBirth: patient.dateOfBirth },
        appointmentId, siteId: 'site-downtown', scheduledDate: dateOfService, primaryService: 'Urgent care, global fee',
        items: [
          { serviceCode: URGENT_CARE.serviceCode, codeSystem: 'HCPCS', placeholder: false, appointmentTypeId: 'urgent-care', quantity: 1, expectedChargeCents: URGENT_CARE.selfPayCents },
          { serviceCode: 'X7880', codeSystem: 'CPT', placeholder: true, description: 'Rapid strep test (placeholder code)', quantity: 1, expectedChargeCents: 3500 },
        ],
        totalCents: 16000, diagnosisCodes: ['J02.9'], selfPayRequested: false,
        provider: { name: 'CLINIC FLOW MEDICAL GROUP', npi: '1234567893', tin: '12-3456789' },
        facility: { name: 'Downtown Family Clinic', npi: '1234567893', siteId: 'site-downtown' },
        issuedBy: desk.user.id,
      });
      expect(created.body.disclaimers.join(' ')).toContain('$400 or more above this estimate');

      const list = await billing.get(`/patients/${patient.id}/good-faith-estimates`);
      expect(list.body.items.map((g: { id: string }) => g.id)).toEqual([created.body.id]);
      expect((await desk.get(`/good-faith-estimates/${created.body.id}`)).body).toEqual(created.body);

      const pdf = await download(gatewayUrl(), `/api/v1/good-faith-estimates/${created.body.id}/pdf`, desk.token);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toContain('application/pdf');
      const text = (await pdfText(pdf.body as Buffer)).replace(/\s+/g, ' ');
      for (const part of [
        'Good Faith Estimate', `Patient: ${patient.firstName} ${patient.lastName}`, 'Date of birth: May 17, 1980', 'Urgent care, global fee', 'S9083', '$125.00',
        'X7880*', 'Rapid strep test', '$35.00', 'placeholder code', 'Total expected charges $160.00', 'J02.9', 'NPI 1234567893', 'TIN 12-3456789',
        'billed $400 or more above this estimate', 'Keep a copy', 'not a contract',
      ]) {
        expect(text).toContain(part);
      }

      // Outside the care relationship it is not there.
      expect((await outsider.get(`/good-faith-estimates/${created.body.id}`)).status).toBe(404);
      expect((await outsider.get(`/good-faith-estimates/${created.body.id}/pdf`)).status).toBe(404);
      expect((await outsider.get(`/patients/${patient.id}/good-faith-estimates`)).status).toBe(404);
    });

    it('refused for a patient with coverage on the date unless they ask to be treated as self-pay, which is recorded', async () => {
      const { patient, appointmentId, coverageId } = await insuredVisit({}, false);
      const refused = await desk.post(`/patients/${patient.id}/good-faith-estimates`, { appointmentId });
      expect([refused.status, refused.body.code]).toEqual([409, 'GFE.PATIENT_INSURED']);
      expect((await desk.get(`/patients/${patient.id}/good-faith-estimates`)).body.items).toEqual([]);

      const selfPay = await desk.post(`/patients/${patient.id}/good-faith-estimates`, { appointmentId, selfPay: true });
      expect(selfPay.status).toBe(201);
      expect(selfPay.body).toMatchObject({ selfPayRequested: true, totalCents: URGENT_CARE.selfPayCents });
      expect(selfPay.body.disclaimers.join(' ')).toContain('asked to be treated as self-pay');
      expect(coverageId).toBeDefined();

      // Items alone need a site of the caller's, and a type the price list knows.
      const noPrice = await desk.post(`/patients/${patient.id}/good-faith-estimates`, { siteId: 'site-downtown', selfPay: true, items: [{ appointmentTypeId: 'no-such-type' }] });
      expect([noPrice.status, noPrice.body.code]).toEqual([422, 'GFE.NO_PRICE']);
      const noSite = await desk.post(`/patients/${patient.id}/good-faith-estimates`, { items: [{ appointmentTypeId: 'follow-up' }] });
      expect(noSite.status).toBe(400);
      const badCode = await desk.post(`/patients/${patient.id}/good-faith-estimates`, { appointmentId, selfPay: true, diagnosisCodes: ['not-a-code'] });
      expect(badCode.status).toBe(400);
    });

    it("follows a patient merge: the merged record's estimate is filed under the survivor, as issued", async () => {
      const manager = await ApiClient.loginAs('office-manager');
      const keep = await registerPatient(desk);
      const duplicate = await registerPatient(desk);
      const issued = await desk.post(`/patients/${duplicate.id}/good-faith-estimates`, { siteId: 'site-downtown', scheduledDate: '2027-01-12', items: [{ appointmentTypeId: 'follow-up', quantity: 2 }] });
      expect(issued.status).toBe(201);
      expect(issued.body).toMatchObject({ scheduledDate: '2027-01-12', primaryService: expect.stringContaining('established patient'), totalCents: 19000, items: [{ quantity: 2, unitChargeCents: 9500 }] });
      expect((await manager.post(`/patients/${keep.id}/merges`, { mergedPatientId: duplicate.id, reason: 'Same person, registered twice' })).status).toBe(201);
      const moved = await waitFor(async () => (await desk.get(`/patients/${keep.id}/good-faith-estimates`)).body.items?.find((g: { id: string }) => g.id === issued.body.id), { what: 'the estimate under the survivor' });
      expect(moved).toMatchObject({ patientId: keep.id, patient: { lastName: duplicate.lastName }, totalCents: 19000 });
      expect((await desk.get(`/good-faith-estimates/${issued.body.id}`)).body.patientId).toBe(keep.id);
    });
  });
});
