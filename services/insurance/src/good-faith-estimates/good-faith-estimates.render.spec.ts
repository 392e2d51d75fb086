import { pdfText } from '@clinic-flow/testing';
import { gfeDisclaimers, priceItem } from './good-faith-estimates.rules';
import { renderGoodFaithEstimatePdf } from './good-faith-estimates.render';

describe('the Good Faith Estimate PDF', () => {
  it('holds the patient, the scheduled service, the items with codes and charges, the total, provider and facility ids, and the notices', async () => {
    const items = [
      priceItem({ serviceCode: 'X9213', codeSystem: 'CPT', placeholder: true, description: 'Office visit, established patient', appointmentTypeId: 'follow-up', quantity: 1, unitChargeCents: 9500 }),
      priceItem({ serviceCode: 'X2947', codeSystem: 'CPT', placeholder: true, description: 'Glucose, blood', quantity: 2, unitChargeCents: 1800 }),
    ];
    const pdf = await renderGoodFaithEstimatePdf(
      {
        _id: 'gfe-1', patientId: 'p1', patient: { firstName: 'María', lastName: 'López', dateOfBirth: '1984-03-12' }, siteId: 'site-downtown',
        primaryService: 'Office visit, established patient', scheduledDate: '2026-12-15', items, totalCents: 13100, diagnosisCodes: ['E11.9'],
        provider: { name: 'CLINIC FLOW MEDICAL GROUP', npi: '1234567893', tin: '12-3456789' }, facility: { name: 'Downtown Family Clinic', npi: '1234567893', tin: '12-3456789', siteId: 'site-downtown' },
        selfPayRequested: false, coverageIdsSetAside: [], disclaimers: gfeDisclaimers(13100, false),
        // 02:00 UTC on Dec 2 is Dec 1 in New York: the issue date is the facility's day.
        issuedAt: new Date('2026-12-02T02:00:00Z'), issuedBy: 'u1',
      },
      'America/New_York',
    );
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const expected of [
      'Good Faith Estimate', 'issued December 1, 2026', 'Patient: María López', 'Date of birth: March 12, 1984', 'Scheduled for: December 15, 2026',
      'X9213*', 'Office visit, established patient', '$95.00', 'X2947', 'Glucose, blood ($18.00 each)', '$36.00', 'Total expected charges $131.00',
      'E11.9', 'NPI 1234567893', 'TIN 12-3456789', 'placeholder code', '$400 or more above this estimate', 'Keep a copy', 'not a contract',
    ]) {
      expect(text).toContain(expected);
    }
  });
});
