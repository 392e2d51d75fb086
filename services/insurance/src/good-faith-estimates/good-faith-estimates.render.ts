import { DateTime } from 'luxon';
import { drawLetterhead, renderPdf } from '@clinic-flow/platform';
import { formatCents } from '../estimates/estimates.rules';
import type { GoodFaithEstimateRecord } from './good-faith-estimates.schema';

/*
 * A Good Faith Estimate as the patient gets it on paper: the facility's letterhead, the patient,
 * the primary service and its date, the items with their codes and expected charges, the total,
 * diagnosis codes, provider and facility with NPI and TIN, and the notices. Pure apart from pdfkit.
 */

const longDate = (isoDate: string) => DateTime.fromISO(isoDate, { zone: 'UTC' }).setLocale('en').toFormat('LLLL d, yyyy');

/** The estimate as a US Letter PDF; `timeZone` is the facility's (the issue date is its day). */
export function renderGoodFaithEstimatePdf(gfe: Omit<GoodFaithEstimateRecord, 'version'>, timeZone: string): Promise<Buffer> {
  return renderPdf({ title: 'Good Faith Estimate', author: gfe.facility.name, lang: 'en', margin: 54 }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    drawLetterhead(doc, { name: gfe.facility.name, lines: [`NPI ${gfe.facility.npi} · TIN ${gfe.facility.tin}`] });

    doc.font('Helvetica-Bold').fontSize(15).text('Good Faith Estimate');
    doc.font('Helvetica').fontSize(9.5).fillColor('#333333')
      .text(`Estimate ${gfe._id} · issued ${DateTime.fromJSDate(gfe.issuedAt, { zone: timeZone }).setLocale('en').toFormat('LLLL d, yyyy')}`);
    doc.fillColor('#000000').fontSize(11).moveDown(0.8);

    const field = (label: string, value: string) => {
      doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(value);
    };
    field('Patient', `${gfe.patient.firstName} ${gfe.patient.lastName}`);
    field('Date of birth', longDate(gfe.patient.dateOfBirth));
    field('Primary service', gfe.primaryService);
    field('Scheduled for', gfe.scheduledDate ? longDate(gfe.scheduledDate) : 'not scheduled yet');
    if (gfe.diagnosisCodes.length) field('Diagnosis codes (ICD-10-CM)', gfe.diagnosisCodes.join(', '));
    if (gfe.selfPayRequested) field('Self-pay', 'the patient has insurance and asked to be treated as self-pay');
    doc.moveDown(0.8);

    // Items: code, description, quantity, expected charge (the self-pay price).
    const columns = { code: left, description: left + 80, quantity: left + width - 150, charge: left + width - 90 };
    const header = doc.y;
    doc.font('Helvetica-Bold').fontSize(10);
    doc.text('Service code', columns.code, header, { width: 75 });
    doc.text('Item or service', columns.description, header, { width: columns.quantity - columns.description - 10 });
    doc.text('Qty', columns.quantity, header, { width: 50, align: 'right' });
    doc.text('Expected charge', columns.charge, header, { width: 90, align: 'right' });
    doc.moveTo(left, doc.y + 3).lineTo(left + width, doc.y + 3).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y += 8;
    doc.font('Helvetica').fontSize(10);
    for (const item of gfe.items) {
      const y = doc.y;
      const code = `${item.serviceCode}${item.placeholder ? '*' : ''}`;
      const description = item.quantity > 1 ? `${item.description} (${formatCents(item.unitChargeCents)} each)` : item.description;
      const descriptionWidth = columns.quantity - columns.description - 10;
      doc.text(code, columns.code, y, { width: 75 });
      doc.text(String(item.quantity), columns.quantity, y, { width: 50, align: 'right' });
      doc.text(formatCents(item.expectedChargeCents), columns.charge, y, { width: 90, align: 'right' });
      doc.text(description, columns.description, y, { width: descriptionWidth });
      doc.y = Math.max(doc.y, y + doc.heightOfString(description, { width: descriptionWidth })) + 4;
    }
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y += 6;
    const totalY = doc.y;
    doc.font('Helvetica-Bold').text('Total expected charges', columns.description, totalY, { width: 250 });
    doc.text(formatCents(gfe.totalCents), columns.charge, totalY, { width: 90, align: 'right' });
    doc.x = left;
    doc.font('Helvetica').fontSize(9);
    if (gfe.items.some((i) => i.placeholder)) {
      doc.moveDown(0.4).fillColor('#555555').text('* A placeholder code (the billing code is assigned later); the description says what the service is.', left, doc.y, { width }).fillColor('#000000');
    }

    doc.moveDown(1).fontSize(11);
    doc.font('Helvetica-Bold').text('Provider and facility', left, doc.y, { width });
    doc.font('Helvetica').fontSize(10);
    doc.text(`Provider: ${gfe.provider.name} · NPI ${gfe.provider.npi} · TIN ${gfe.provider.tin}`, { width });
    doc.text(`Facility: ${gfe.facility.name} · NPI ${gfe.facility.npi} · TIN ${gfe.facility.tin}`, { width });

    doc.moveDown(1);
    doc.font('Helvetica-Bold').fontSize(11).text('Disclaimers', { width });
    doc.font('Helvetica').fontSize(9.5);
    for (const notice of gfe.disclaimers) doc.moveDown(0.4).text(notice, { width, lineGap: 1.5 });
  });
}
