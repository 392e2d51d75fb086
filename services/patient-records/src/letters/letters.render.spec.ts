import { LETTER_KINDS } from '@clinic-flow/contracts';
import { pdfText } from '@clinic-flow/testing';
import { composeLetter, LetterFacts, Letterhead, renderLetterPdf } from './letters.render';
import { LETTER_TEMPLATES } from './letters.templates';

const downtown: Letterhead = { name: 'Downtown Family Clinic', address: '120 Main St, Springfield', phone: '+15550100100', timeZone: 'America/New_York' };
const facts: LetterFacts = {
  patientName: 'María López',
  dateOfBirth: '1984-03-12',
  mrn: 'MRN-000042',
  specialty: 'Cardiology',
  specialistName: 'Dr. Helen Park',
  practice: 'Riverside Heart Associates',
  reason: 'Palpitations on exertion',
  reasonCode: 'R00.2',
  audience: 'school',
  absentFrom: '2026-12-01',
  returnOn: '2026-12-03',
  missedOn: '2026-11-28',
  amountDue: '125.00',
};
// 02:00 UTC on Dec 2 is still Dec 1 in New York: the date is the site's.
const issuedAt = new Date('2026-12-02T02:00:00Z');

describe('letters from templates', () => {
  it('writes a referral letter in English with what the specialist needs', () => {
    const letter = composeLetter('referral', 'en', downtown, facts, issuedAt);
    expect(letter).toMatchObject({ template: 'referral@1', title: 'Referral to Cardiology', date: 'December 1, 2026', salutation: 'Dear Dr. Helen Park,', signature: 'Downtown Family Clinic' });
    expect(letter.paragraphs.join(' ')).toContain('María López (date of birth March 12, 1984, MRN MRN-000042) to you at Riverside Heart Associates for a Cardiology consultation');
    expect(letter.paragraphs.join(' ')).toContain('Reason for referral: Palpitations on exertion (ICD-10-CM R00.2).');
  });

  it('writes it in Spanish for a Spanish-speaking patient, dates included', () => {
    const letter = composeLetter('referral', 'es', downtown, facts, issuedAt);
    expect(letter.title).toBe('Referencia a Cardiology');
    expect(letter.date).toBe('1 de diciembre de 2026');
    expect(letter.paragraphs.join(' ')).toContain('fecha de nacimiento 12 de marzo de 1984');
    expect(letter.paragraphs.join(' ')).toContain('CIE-10-MC R00.2');
  });

  it('leaves out what was not given (no reason: no empty paragraph; no phone: no "phone")', () => {
    const letter = composeLetter('referral', 'en', { ...downtown, phone: undefined }, { ...facts, reason: undefined, reasonCode: undefined, practice: undefined }, issuedAt);
    expect(letter.paragraphs).toHaveLength(2);
    expect(letter.paragraphs.join(' ')).not.toMatch(/phone|Reason|undefined| at {2}/);
  });

  it('writes school and work notes for their audience', () => {
    expect(composeLetter('school-work-note', 'en', downtown, facts, issuedAt).paragraphs.join(' ')).toContain('unable to attend school from December 1, 2026');
    const work = composeLetter('school-work-note', 'es', downtown, { ...facts, audience: 'work' }, issuedAt);
    expect(work.title).toBe('Constancia para el trabajo');
    expect(work.paragraphs.join(' ')).toContain('puede volver al trabajo el 3 de diciembre de 2026');
  });

  it.each(LETTER_KINDS.flatMap((kind) => (['en', 'es'] as const).map((lang) => [kind, lang] as const)))('%s in %s fills every placeholder', (kind, lang) => {
    const letter = composeLetter(kind, lang, downtown, facts, issuedAt);
    expect(letter.template).toBe(`${kind}@${LETTER_TEMPLATES[kind][lang].version}`);
    expect(JSON.stringify(letter)).not.toMatch(/\{\{|undefined|null/);
    expect(letter.paragraphs.length).toBeGreaterThan(0);
  });

  it("renders a PDF with the site's letterhead and the letter's words, accents intact", async () => {
    const letter = composeLetter('no-show', 'es', downtown, facts, issuedAt);
    const pdf = await renderLetterPdf(downtown, letter);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const part of ['Downtown Family Clinic', '120 Main St, Springfield', '+15550100100', 'Le esperábamos en su cita', 'Estimado/a María López:', '28 de noviembre de 2026']) expect(text).toContain(part);
  });

  it('renders a long letter over more pages', async () => {
    const long = composeLetter('referral', 'en', downtown, { ...facts, reason: 'Palpitations on exertion. '.repeat(200).trim() }, issuedAt);
    const text = await pdfText(await renderLetterPdf(downtown, long));
    expect(text).toContain('-- 2 of 2 --');
    expect(text).toContain('Sincerely,');
  });
});
