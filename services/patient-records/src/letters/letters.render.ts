import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { Language, LetterKind } from '@clinic-flow/contracts';
import { drawLetterhead, renderPdf } from '@clinic-flow/platform';
import { LETTER_TEMPLATES } from './letters.templates';

/*
 * A letter from its template: the words (Handlebars over the facts, dates in the patient's
 * language), then the PDF (pdfkit, in memory) with the site's letterhead. Pure apart from pdfkit:
 * no database, no network; the unit tests read the PDF back. The page plumbing and letterhead
 * are libs/platform's pdf.ts, shared with insurance's Good Faith Estimates.
 */

/** The site a letter comes from, as its letterhead shows it. */
export interface Letterhead {
  name: string;
  address?: string;
  phone?: string;
  timeZone: string;
}

/** What a template may say; dates as YYYY-MM-DD (formatted here), the rest as written. */
export interface LetterFacts {
  patientName: string;
  dateOfBirth: string;
  mrn: string;
  specialty?: string;
  specialistName?: string;
  practice?: string;
  reason?: string;
  reasonCode?: string;
  audience?: 'school' | 'work';
  absentFrom?: string;
  returnOn?: string;
  missedOn?: string;
  amountDue?: string;
}

export interface ComposedLetter {
  /** `kind@version` of the template it was rendered with. */
  template: string;
  language: Language;
  title: string;
  /** The issue date, in the site's zone and the patient's language. */
  date: string;
  salutation: string;
  paragraphs: string[];
  closing: string;
  signature: string;
}

// Text for a PDF, not HTML: no escaping ("Smith & Sons" stays as it is).
const handlebars = Handlebars.create();
const compiled = new Map<string, HandlebarsTemplateDelegate>();
function fill(source: string, data: object): string {
  let template = compiled.get(source);
  if (!template) compiled.set(source, (template = handlebars.compile(source, { noEscape: true, strict: false })));
  return template(data).replace(/\s+/g, ' ').trim();
}

const DATE_FORMAT: Record<Language, string> = { en: 'LLLL d, yyyy', es: "d 'de' LLLL 'de' yyyy" };
const formatDate = (isoDate: string | undefined, language: Language): string | undefined =>
  isoDate ? DateTime.fromISO(isoDate, { zone: 'UTC' }).setLocale(language).toFormat(DATE_FORMAT[language]) : undefined;

/** The letter's words, in the patient's language, from the current version of its template. */
export function composeLetter(kind: LetterKind, language: Language, letterhead: Letterhead, facts: LetterFacts, issuedAt: Date): ComposedLetter {
  const template = LETTER_TEMPLATES[kind][language] ?? LETTER_TEMPLATES[kind].en;
  const data = {
    ...facts,
    dateOfBirth: formatDate(facts.dateOfBirth, language),
    absentFrom: formatDate(facts.absentFrom, language),
    returnOn: formatDate(facts.returnOn, language),
    missedOn: formatDate(facts.missedOn, language),
    isSchool: facts.audience === 'school',
    siteName: letterhead.name,
    sitePhone: letterhead.phone,
  };
  return {
    template: `${kind}@${template.version}`,
    language,
    title: fill(template.title, data),
    date: DateTime.fromJSDate(issuedAt, { zone: letterhead.timeZone }).setLocale(language).toFormat(DATE_FORMAT[language]),
    salutation: fill(template.salutation, data),
    paragraphs: template.body.map((p) => fill(p, data)).filter(Boolean),
    closing: fill(template.closing, data),
    signature: letterhead.name,
  };
}

/** The letter as a one-or-more-page US Letter PDF with the site's letterhead. */
export function renderLetterPdf(letterhead: Letterhead, letter: ComposedLetter): Promise<Buffer> {
  return renderPdf({ title: letter.title, author: letterhead.name, lang: letter.language }, (doc) => {
    // Letterhead: the site's name, address and phone, and a rule under them.
    drawLetterhead(doc, { name: letterhead.name, lines: [letterhead.address, letterhead.phone].filter((l): l is string => !!l) });
    doc.text(letter.date, { align: 'right' });
    doc.moveDown(1.5);
    doc.font('Helvetica-Bold').fontSize(12).text(letter.title);
    doc.moveDown(1);
    doc.font('Helvetica').fontSize(11).text(letter.salutation);
    for (const paragraph of letter.paragraphs) {
      doc.moveDown(0.8);
      doc.text(paragraph, { align: 'left', lineGap: 2 });
    }
    doc.moveDown(1.5);
    doc.text(letter.closing);
    doc.moveDown(2);
    doc.text(letter.signature);
  });
}
