import { Language, MessageKind } from '@clinic-flow/contracts';

/**
 * The words of every message, per kind and language, as Handlebars templates. Each says what it
 * is about, when (already formatted in the site's time zone) and where, and what the patient can
 * do: confirm or cancel (reminders), take the slot (offers) or book (follow-ups, outreach, recalls).
 * `sms` is short: the reply keywords are the way to answer there.
 */
export interface MessageTemplates {
  subject: string;
  text: string;
  sms: string;
}

/**
 * To staff (office managers), in the network's working language whatever their language setting:
 * no patient name or demographics, only the record's id and MRN.
 */
const BREAK_GLASS_NOTICE: MessageTemplates = {
  subject: 'Break the glass: record {{mrn}} opened by {{staffName}}',
  text: `Hello,

{{staffName}} opened the record of patient {{mrn}} (id {{patientId}}) by breaking the glass
on {{when}}. The patient is not in their care relationship; the access lasts until {{untilWhen}}.

Reason given: {{reason}}

You are told because you are an office manager of a site of this patient. Review the access in
Clinic Flow (GET /api/v1/break-glass?siteId=...).

Clinic Flow`,
  sms: 'Break the glass: {{staffName}} opened record {{mrn}} on {{when}}. Reason: {{reason}}',
};

export const TEMPLATES: Record<MessageKind, Record<Language, MessageTemplates>> = {
  'appointment-reminder': {
    en: {
      subject: 'Appointment reminder: {{when}}',
      text: `Hello {{firstName}},

This is a reminder of your appointment{{#if typeName}} ({{typeName}}){{/if}} with {{providerName}}
at {{siteName}} on {{when}}.

{{#if confirmed}}Your appointment is confirmed. Thank you!{{else}}Please confirm that you are coming:
{{confirmUrl}}{{/if}}

If you cannot come, cancel it here so we can offer the time to another patient:
{{cancelUrl}}

Clinic Flow`,
      sms: 'Reminder: {{firstName}}, {{providerName}} at {{siteName}} on {{when}}. {{#unless confirmed}}Reply C to confirm, {{/unless}}X to cancel.',
    },
    es: {
      subject: 'Recordatorio de cita: {{when}}',
      text: `Hola {{firstName}}:

Le recordamos su cita{{#if typeName}} ({{typeName}}){{/if}} con {{providerName}}
en {{siteName}} el {{when}}.

{{#if confirmed}}Su cita está confirmada. ¡Gracias!{{else}}Por favor confirme su asistencia:
{{confirmUrl}}{{/if}}

Si no puede venir, cancele aquí para que podamos ofrecer la hora a otro paciente:
{{cancelUrl}}

Clinic Flow`,
      sms: 'Recordatorio: {{firstName}}, {{providerName}} en {{siteName}} el {{when}}. {{#unless confirmed}}Responda SI para confirmar, {{/unless}}NO para cancelar.',
    },
  },
  'waitlist-offer': {
    en: {
      subject: 'An appointment opened up: {{when}}',
      text: `Hello {{firstName}},

A time you were waiting for opened up: {{typeName}} with {{providerName}}
at {{siteName}} on {{when}}.

We hold it for you until {{expiresWhen}}. To take it, {{#if acceptUrl}}open this link before then
(or call the clinic):
{{acceptUrl}}{{else}}call the clinic before then.{{/if}}

If you do not want it, do nothing: the offer lapses and you stay on the waitlist.

Clinic Flow`,
      sms: '{{firstName}}, a slot opened: {{providerName}} at {{siteName}} on {{when}}. Held until {{expiresWhen}}. Take it: {{#if acceptUrl}}{{acceptUrl}} or {{/if}}call the clinic.',
    },
    es: {
      subject: 'Hay una cita disponible: {{when}}',
      text: `Hola {{firstName}}:

Se liberó una hora que usted esperaba: {{typeName}} con {{providerName}}
en {{siteName}} el {{when}}.

La reservamos para usted hasta el {{expiresWhen}}. Para tomarla, {{#if acceptUrl}}abra este enlace antes
(o llame a la clínica):
{{acceptUrl}}{{else}}llame a la clínica antes.{{/if}}

Si no la quiere, no haga nada: la oferta vence y usted sigue en la lista de espera.

Clinic Flow`,
      sms: '{{firstName}}, hay una hora libre: {{providerName}} en {{siteName}} el {{when}}. Reservada hasta el {{expiresWhen}}. Tómela: {{#if acceptUrl}}{{acceptUrl}} o {{/if}}llame a la clínica.',
    },
  },
  'post-visit-follow-up': {
    en: {
      subject: 'Following up on your visit of {{when}}',
      text: `Hello {{firstName}},

Thank you for your visit with {{providerName}} at {{siteName}} on {{when}}.

If you have questions about your care, or need a follow-up appointment, call the clinic
and we will book it for you.

Clinic Flow`,
      sms: '{{firstName}}, thank you for your visit with {{providerName}} at {{siteName}} on {{when}}. Questions or a follow-up visit? Call the clinic.',
    },
    es: {
      subject: 'Seguimiento de su visita del {{when}}',
      text: `Hola {{firstName}}:

Gracias por su visita con {{providerName}} en {{siteName}} el {{when}}.

Si tiene preguntas sobre su atención o necesita una cita de seguimiento, llame a la clínica
y se la reservamos.

Clinic Flow`,
      sms: '{{firstName}}, gracias por su visita con {{providerName}} en {{siteName}} el {{when}}. ¿Preguntas o una cita de seguimiento? Llame a la clínica.',
    },
  },
  'rebooking-outreach': {
    en: {
      subject: "Let's find a new time for your appointment",
      text: `Hello {{firstName}},

{{#if noShow}}We missed you at your appointment{{else}}We are sorry: we had to cancel your appointment{{/if}} with {{providerName}}
at {{siteName}} on {{when}}.

Please call the clinic to book a new time that suits you.

Clinic Flow`,
      sms: '{{firstName}}, {{#if noShow}}we missed you at{{else}}we had to cancel{{/if}} your visit with {{providerName}} at {{siteName}} on {{when}}. Call the clinic to book a new time.',
    },
    es: {
      subject: 'Busquemos una nueva hora para su cita',
      text: `Hola {{firstName}}:

{{#if noShow}}Le echamos de menos en su cita{{else}}Lo sentimos: tuvimos que cancelar su cita{{/if}} con {{providerName}}
en {{siteName}} el {{when}}.

Llame a la clínica para reservar una nueva hora que le convenga.

Clinic Flow`,
      sms: '{{firstName}}, {{#if noShow}}no pudo asistir a{{else}}tuvimos que cancelar{{/if}} su cita con {{providerName}} en {{siteName}} el {{when}}. Llame a la clínica para reservar otra hora.',
    },
  },
  'recall-reminder': {
    en: {
      subject: 'Time to book your next {{typeName}}',
      text: `Hello {{firstName}},

Your next {{typeName}} at {{siteName}} is due on {{recallDate}}
(your last one was with {{providerName}} on {{when}}).

Please call the clinic to book it.

Clinic Flow`,
      sms: '{{firstName}}, your next {{typeName}} at {{siteName}} is due on {{recallDate}}. Call the clinic to book it.',
    },
    es: {
      subject: 'Es hora de reservar su próxima cita: {{typeName}}',
      text: `Hola {{firstName}}:

Su próxima cita ({{typeName}}) en {{siteName}} corresponde el {{recallDate}}
(la última fue con {{providerName}} el {{when}}).

Llame a la clínica para reservarla.

Clinic Flow`,
      sms: '{{firstName}}, su próxima cita ({{typeName}}) en {{siteName}} corresponde el {{recallDate}}. Llame a la clínica para reservarla.',
    },
  },
  // Correspondence (patient-records): the letter itself is a document behind the link; the message says only that there is one.
  'letter-issued': {
    en: {
      subject: 'A letter from {{siteName}}',
      text: `Hello {{firstName}},

{{siteName}} has written you a letter. For your privacy it is not in this email:
download it (PDF) with this secure link:
{{documentUrl}}

If the link no longer works, call the clinic and we will send it again.

Clinic Flow`,
      sms: '{{firstName}}, {{siteName}} has a letter for you. Download it securely: {{documentUrl}}',
    },
    es: {
      subject: 'Una carta de {{siteName}}',
      text: `Hola {{firstName}}:

{{siteName}} le ha escrito una carta. Por su privacidad no va en este correo:
descárguela (PDF) con este enlace seguro:
{{documentUrl}}

Si el enlace ya no funciona, llame a la clínica y se la enviaremos de nuevo.

Clinic Flow`,
      sms: '{{firstName}}, {{siteName}} tiene una carta para usted. Descárguela de forma segura: {{documentUrl}}',
    },
  },
  'referral-reminder': {
    en: {
      subject: '{{#if awaitingReport}}Your specialist visit{{else}}Have you booked your specialist appointment?{{/if}}',
      text: `Hello {{firstName}},

{{#if awaitingReport}}We have not yet received the report from your specialist visit.
Please ask the specialist's office to send it to {{siteName}}.{{else}}{{siteName}} referred you to a specialist. Have you booked your specialist appointment?
Please call us to tell us the date, or if you need help booking it.{{/if}}

Clinic Flow`,
      sms: '{{#if awaitingReport}}{{firstName}}, please ask your specialist to send their report to {{siteName}}.{{else}}{{firstName}}, have you booked your specialist appointment? Please call {{siteName}} with the date.{{/if}}',
    },
    es: {
      subject: '{{#if awaitingReport}}Su visita al especialista{{else}}¿Ya reservó su cita con el especialista?{{/if}}',
      text: `Hola {{firstName}}:

{{#if awaitingReport}}Aún no hemos recibido el informe de su visita al especialista.
Por favor pida a la oficina del especialista que lo envíe a {{siteName}}.{{else}}{{siteName}} le refirió a un especialista. ¿Ya reservó su cita con el especialista?
Llámenos para indicarnos la fecha, o si necesita ayuda para reservarla.{{/if}}

Clinic Flow`,
      sms: '{{#if awaitingReport}}{{firstName}}, pida a su especialista que envíe su informe a {{siteName}}.{{else}}{{firstName}}, ¿ya reservó su cita con el especialista? Llame a {{siteName}} con la fecha.{{/if}}',
    },
  },
  // Billing statements: the message says a statement is ready and by when to pay; never the amount or the services (it may be read by others).
  'statement-ready': {
    en: {
      subject: '{{#if finalNotice}}Final notice: your statement from {{siteName}}{{else}}{{#if reminder}}Reminder: your statement from {{siteName}}{{else}}Your statement from {{siteName}} is ready{{/if}}{{/if}}',
      text: `Hello {{firstName}},

{{#if finalNotice}}This is a final notice: your account with {{siteName}} has a balance that is past due.{{else}}{{#if reminder}}A reminder: your account with {{siteName}} has a balance that is past due.{{else}}Your statement from {{siteName}} is ready.{{/if}}{{/if}}
Please pay by {{dueDate}}: at the front desk, or by phone with a card.
The statement is mailed to the account's guarantor; the front desk can print it for you.
If you cannot pay all at once, call us to set up a payment plan.

Clinic Flow`,
      sms: '{{firstName}}, {{#if finalNotice}}final notice: {{else}}{{#if reminder}}reminder: {{/if}}{{/if}}your statement from {{siteName}} is ready. Please pay by {{dueDate}} at the front desk or by phone.',
    },
    es: {
      subject: '{{#if finalNotice}}Último aviso: su estado de cuenta de {{siteName}}{{else}}{{#if reminder}}Recordatorio: su estado de cuenta de {{siteName}}{{else}}Su estado de cuenta de {{siteName}} está listo{{/if}}{{/if}}',
      text: `Hola {{firstName}}:

{{#if finalNotice}}Este es un último aviso: su cuenta con {{siteName}} tiene un saldo vencido.{{else}}{{#if reminder}}Un recordatorio: su cuenta con {{siteName}} tiene un saldo vencido.{{else}}Su estado de cuenta de {{siteName}} está listo.{{/if}}{{/if}}
Por favor pague antes del {{dueDate}}: en la recepción, o por teléfono con tarjeta.
El estado de cuenta se envía por correo al garante de la cuenta; la recepción puede imprimírselo.
Si no puede pagar todo de una vez, llámenos para acordar un plan de pagos.

Clinic Flow`,
      sms: '{{firstName}}, {{#if finalNotice}}último aviso: {{else}}{{#if reminder}}recordatorio: {{/if}}{{/if}}su estado de cuenta de {{siteName}} está listo. Pague antes del {{dueDate}} en la recepción o por teléfono.',
    },
  },
  'break-glass-notice': { en: BREAK_GLASS_NOTICE, es: BREAK_GLASS_NOTICE },
};

/** Answers to SMS replies, per language. */
export const REPLY_TEMPLATES: Record<Language, Record<'confirmed' | 'cancelled' | 'unknownKeyword' | 'noReminder' | 'closed', string>> = {
  en: {
    confirmed: 'Thank you, {{firstName}}: your appointment on {{when}} is being confirmed.',
    cancelled: 'Thank you, {{firstName}}: your appointment on {{when}} is being cancelled.',
    unknownKeyword: 'Sorry, we did not understand. Reply C (or CONFIRM) to confirm your appointment, X (or CANCEL) to cancel it.',
    noReminder: 'Sorry, we found no upcoming appointment reminder for this number. Please call the clinic.',
    closed: 'This appointment can no longer be changed by text message. Please call the clinic.',
  },
  es: {
    confirmed: 'Gracias, {{firstName}}: estamos confirmando su cita del {{when}}.',
    cancelled: 'Gracias, {{firstName}}: estamos cancelando su cita del {{when}}.',
    unknownKeyword: 'Disculpe, no entendimos. Responda SI (o C) para confirmar su cita, NO (o X) para cancelarla.',
    noReminder: 'Disculpe, no encontramos un recordatorio de cita para este número. Llame a la clínica.',
    closed: 'Esta cita ya no se puede cambiar por mensaje de texto. Llame a la clínica.',
  },
};
