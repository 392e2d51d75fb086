import { DateTime } from 'luxon';
import { drawLetterhead, renderPdf } from '@clinic-flow/platform';
import { dunningNotice, formatCents } from './statements.rules';
import type { StatementRecord } from './statements.schema';

/*
 * A patient statement on paper: the site's letterhead, the guarantor's name and address, the
 * patient, the period's charges, payments and adjustments, insurance pending, the amount due and
 * its due date, the dunning notice of its level, and how to pay. Pure apart from pdfkit.
 */

export function renderStatementPdf(s: Omit<StatementRecord, 'version'>): Promise<Buffer> {
  const day = (d: Date) => DateTime.fromJSDate(new Date(d), { zone: s.siteTimeZone }).setLocale('en').toFormat('LLL d, yyyy');
  const longDate = (iso: string) => DateTime.fromISO(iso, { zone: 'UTC' }).setLocale('en').toFormat('LLLL d, yyyy');
  return renderPdf({ title: 'Patient statement', author: s.siteName, lang: 'en', margin: 54 }, (doc) => {
    const left = doc.page.margins.left;
    const width = doc.page.width - left - doc.page.margins.right;
    drawLetterhead(doc, { name: s.siteName, lines: ['Patient billing office'] });

    const title = s.dunningLevel === 'final-notice' ? 'Statement: final notice' : s.dunningLevel === 'reminder' ? 'Statement: reminder' : 'Statement';
    doc.font('Helvetica-Bold').fontSize(15).text(title);
    doc.font('Helvetica').fontSize(9.5).fillColor('#333333').text(`Statement ${s._id} · issued ${day(s.issuedAt)} · period ${day(s.periodStart)} to ${day(s.periodEnd)}`);
    doc.fillColor('#000000').fontSize(11).moveDown(0.8);

    const g = s.guarantor;
    doc.font('Helvetica-Bold').text(`${g.firstName} ${g.lastName}`);
    doc.font('Helvetica');
    if (g.address) {
      doc.text(g.address.line1);
      if (g.address.line2) doc.text(g.address.line2);
      doc.text(`${g.address.city}, ${g.address.state} ${g.address.postalCode}`);
    }
    doc.moveDown(0.5).text(`Patient: ${g.patientFirstName} ${g.patientLastName}`).text(`Account: ${s.accountId}`);
    doc.moveDown(0.8);

    const notice = dunningNotice(s.dunningLevel);
    if (notice) doc.font('Helvetica-Bold').fillColor('#8a1c1c').text(notice, { width }).fillColor('#000000').font('Helvetica').moveDown(0.6);

    const columns = { date: left, description: left + 90, insurance: left + width - 180, amount: left + width - 90 };
    const header = doc.y;
    doc.font('Helvetica-Bold').fontSize(10);
    doc.text('Date', columns.date, header, { width: 85 });
    doc.text('Activity', columns.description, header, { width: columns.insurance - columns.description - 10 });
    doc.text('Insurance', columns.insurance, header, { width: 85, align: 'right' });
    doc.text('You', columns.amount, header, { width: 90, align: 'right' });
    doc.moveTo(left, doc.y + 3).lineTo(left + width, doc.y + 3).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y += 8;
    doc.font('Helvetica').fontSize(10);
    if (!s.lines.length) doc.text('No activity this period.', columns.description, doc.y);
    for (const line of s.lines) {
      const y = doc.y;
      doc.text(day(line.date), columns.date, y, { width: 85 });
      doc.text(line.insuranceCents ? formatCents(line.insuranceCents) : '', columns.insurance, y, { width: 85, align: 'right' });
      doc.text(line.patientCents ? formatCents(line.patientCents) : '', columns.amount, y, { width: 90, align: 'right' });
      doc.text(line.description, columns.description, y, { width: columns.insurance - columns.description - 10 });
      doc.y += 3;
    }
    doc.moveTo(left, doc.y).lineTo(left + width, doc.y).lineWidth(0.5).strokeColor('#999999').stroke();
    doc.y += 8;
    doc.x = left;

    const total = (label: string, value: string, bold = false) => {
      const y = doc.y;
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(bold ? 12 : 10.5);
      doc.text(label, columns.description, y, { width: 250 });
      doc.text(value, columns.amount - 40, y, { width: 130, align: 'right' });
      doc.moveDown(0.3);
    };
    total('Previous balance', formatCents(s.previousBalanceCents));
    total('Insurance pending (not yet owed by you)', formatCents(s.insurancePendingCents));
    if (s.creditCents) total('Credit on your account', formatCents(s.creditCents));
    total('Amount due', formatCents(s.amountDueCents), true);
    total('Please pay by', longDate(s.dueDate), true);
    doc.x = left;

    doc.moveDown(1).font('Helvetica-Bold').fontSize(11).text('How to pay', left, doc.y, { width });
    doc.font('Helvetica').fontSize(10)
      .text(`At the front desk of ${s.siteName} (cash, check or card); by phone with a card; or mail a check payable to ${s.siteName} with statement number ${s._id}.`, { width })
      .moveDown(0.4)
      .text('Questions about this statement or want a payment plan? Call the billing office.', { width });
  });
}
