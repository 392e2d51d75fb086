import PDFDocument from 'pdfkit';

/*
 * The plumbing every printed page of ours shares: a US Letter pdfkit document rendered in memory
 * to a Buffer, and the site's letterhead at the top. What goes on the page is the caller's
 * (patient-records' letters, insurance's Good Faith Estimates).
 */

/** The sender a page comes from: a site's name and the lines under it (address, phone, ids). */
export interface PdfLetterhead {
  name: string;
  lines: string[];
}

export interface PdfOptions {
  title: string;
  author: string;
  /** BCP 47 language of the text (screen readers). */
  lang: string;
  /** Page margin in points (72: one inch). */
  margin?: number;
}

/** Renders a document drawn by `draw` into a Buffer (one or more US Letter pages). */
export function renderPdf(options: PdfOptions, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'LETTER', margin: options.margin ?? 72, info: { Title: options.title, Author: options.author, Creator: 'Clinic Flow' }, lang: options.lang });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      draw(doc);
    } catch (error) {
      reject(error);
      return;
    }
    doc.end();
  });
}

/** The letterhead: the name in bold, its lines under it, and a rule; leaves the cursor below it in body text. */
export function drawLetterhead(doc: PDFKit.PDFDocument, letterhead: PdfLetterhead): void {
  const left = doc.page.margins.left;
  doc.font('Helvetica-Bold').fontSize(16).fillColor('#1f3a5f').text(letterhead.name);
  doc.font('Helvetica').fontSize(9.5).fillColor('#333333');
  for (const line of letterhead.lines) doc.text(line);
  const ruleY = doc.y + 6;
  doc.moveTo(left, ruleY).lineTo(doc.page.width - doc.page.margins.right, ruleY).lineWidth(0.75).strokeColor('#1f3a5f').stroke();
  doc.y = ruleY + 18;
  doc.fillColor('#000000').font('Helvetica').fontSize(11);
}
