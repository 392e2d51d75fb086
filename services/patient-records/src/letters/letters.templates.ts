import { Language, LetterKind } from '@clinic-flow/contracts';

/*
 * The words of every letter, per kind and language, as Handlebars templates, versioned in code:
 * a change of words is a new version, and each letter records the version it was rendered with
 * (`referral@1`), so what a patient received can be told from what the code says today.
 * The letterhead (site name, address, phone), the date and the signature are the renderer's.
 */
export interface LetterTemplate {
  version: number;
  /** The letter's title, also the stored document's title. */
  title: string;
  salutation: string;
  /** Paragraphs; an empty one after rendering (an unmet {{#if}}) is left out. */
  body: string[];
  closing: string;
}

export const LETTER_TEMPLATES: Record<LetterKind, Record<Language, LetterTemplate>> = {
  referral: {
    en: {
      version: 1,
      title: 'Referral to {{specialty}}',
      salutation: 'Dear {{specialistName}},',
      body: [
        'We are referring our patient {{patientName}} (date of birth {{dateOfBirth}}, MRN {{mrn}}) to you{{#if practice}} at {{practice}}{{/if}} for a {{specialty}} consultation.',
        '{{#if reason}}Reason for referral: {{reason}}{{#if reasonCode}} (ICD-10-CM {{reasonCode}}){{/if}}.{{else}}{{#if reasonCode}}Reason for referral: ICD-10-CM {{reasonCode}}.{{/if}}{{/if}}',
        'Please send your consultation report to {{siteName}}{{#if sitePhone}} (phone {{sitePhone}}){{/if}}. Thank you for seeing our patient.',
      ],
      closing: 'Sincerely,',
    },
    es: {
      version: 1,
      title: 'Referencia a {{specialty}}',
      salutation: 'Estimado/a {{specialistName}}:',
      body: [
        'Le referimos a nuestro/a paciente {{patientName}} (fecha de nacimiento {{dateOfBirth}}, expediente {{mrn}}){{#if practice}} en {{practice}}{{/if}} para una consulta de {{specialty}}.',
        '{{#if reason}}Motivo de la referencia: {{reason}}{{#if reasonCode}} (CIE-10-MC {{reasonCode}}){{/if}}.{{else}}{{#if reasonCode}}Motivo de la referencia: CIE-10-MC {{reasonCode}}.{{/if}}{{/if}}',
        'Por favor envíe su informe de consulta a {{siteName}}{{#if sitePhone}} (teléfono {{sitePhone}}){{/if}}. Gracias por atender a nuestro/a paciente.',
      ],
      closing: 'Atentamente,',
    },
  },
  'school-work-note': {
    en: {
      version: 1,
      title: '{{#if isSchool}}School{{else}}Work{{/if}} note',
      salutation: 'To whom it may concern,',
      body: [
        '{{patientName}} (date of birth {{dateOfBirth}}) was under our care and was unable to attend {{#if isSchool}}school{{else}}work{{/if}} from {{absentFrom}}.',
        '{{patientName}} may return to {{#if isSchool}}school{{else}}work{{/if}} on {{returnOn}}.',
        'For any question about this note, please call {{siteName}}{{#if sitePhone}} at {{sitePhone}}{{/if}}.',
      ],
      closing: 'Sincerely,',
    },
    es: {
      version: 1,
      title: 'Constancia para {{#if isSchool}}la escuela{{else}}el trabajo{{/if}}',
      salutation: 'A quien corresponda:',
      body: [
        '{{patientName}} (fecha de nacimiento {{dateOfBirth}}) estuvo bajo nuestro cuidado y no pudo asistir a{{#if isSchool}} la escuela{{else}}l trabajo{{/if}} desde el {{absentFrom}}.',
        '{{patientName}} puede volver a{{#if isSchool}} la escuela{{else}}l trabajo{{/if}} el {{returnOn}}.',
        'Para cualquier pregunta sobre esta constancia, llame a {{siteName}}{{#if sitePhone}} al {{sitePhone}}{{/if}}.',
      ],
      closing: 'Atentamente,',
    },
  },
  'no-show': {
    en: {
      version: 1,
      title: 'We missed you at your appointment',
      salutation: 'Dear {{patientName}},',
      body: [
        'Our records show that you missed your appointment at {{siteName}} on {{missedOn}}.',
        'Your health matters to us. Please call us{{#if sitePhone}} at {{sitePhone}}{{/if}} to book a new appointment. If you cannot keep an appointment in the future, please let us know at least 24 hours ahead so we can offer the time to another patient.',
      ],
      closing: 'Sincerely,',
    },
    es: {
      version: 1,
      title: 'Le esperábamos en su cita',
      salutation: 'Estimado/a {{patientName}}:',
      body: [
        'Nuestros registros indican que no asistió a su cita en {{siteName}} el {{missedOn}}.',
        'Su salud nos importa. Llámenos{{#if sitePhone}} al {{sitePhone}}{{/if}} para reservar una nueva cita. Si en el futuro no puede asistir, avísenos con al menos 24 horas de anticipación para ofrecer la hora a otro paciente.',
      ],
      closing: 'Atentamente,',
    },
  },
  balance: {
    en: {
      version: 1,
      title: 'About your account balance',
      salutation: 'Dear {{patientName}},',
      body: [
        '{{#if amountDue}}Our records show a balance of ${{amountDue}} on your account with {{siteName}}.{{else}}Our records show a balance on your account with {{siteName}}.{{/if}}',
        'Please call us{{#if sitePhone}} at {{sitePhone}}{{/if}} to review it or to arrange a payment plan. A detailed statement will follow.',
      ],
      closing: 'Sincerely,',
    },
    es: {
      version: 1,
      title: 'Sobre el saldo de su cuenta',
      salutation: 'Estimado/a {{patientName}}:',
      body: [
        '{{#if amountDue}}Nuestros registros indican un saldo de ${{amountDue}} en su cuenta con {{siteName}}.{{else}}Nuestros registros indican un saldo en su cuenta con {{siteName}}.{{/if}}',
        'Llámenos{{#if sitePhone}} al {{sitePhone}}{{/if}} para revisarlo o acordar un plan de pagos. Le enviaremos un estado de cuenta detallado.',
      ],
      closing: 'Atentamente,',
    },
  },
};
