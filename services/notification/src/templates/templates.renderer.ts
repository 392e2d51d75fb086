import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import { Channel, Language, MessageKind } from '@clinic-flow/contracts';
import { MessageTemplates, REPLY_TEMPLATES, TEMPLATES } from './templates';

/** What a message can talk about; times are instants, formatted here in the site's zone. */
export interface MessageContext {
  firstName: string;
  providerName: string;
  siteName: string;
  siteTimeZone: string;
  /** The appointment (or offered slot) start. */
  start: Date;
  typeName?: string;
  confirmUrl?: string;
  cancelUrl?: string;
  /** Waitlist offers: takes the slot. */
  acceptUrl?: string;
  confirmed?: boolean;
  expiresAt?: Date;
  recallDueOn?: string;
  noShow?: boolean;
  /** Letters: the secure download link of the letter. */
  documentUrl?: string;
  /** Referral reminders: waiting for the specialist's report (else for the appointment to be booked). */
  awaitingReport?: boolean;
  /** Break-the-glass notices (to staff): who, which record (id and MRN only), why, until when. */
  staffName?: string;
  patientId?: string;
  mrn?: string;
  reason?: string;
  until?: Date;
  /** Statements: the due date (YYYY-MM-DD) and the dunning level (statement, reminder, final-notice). */
  dueOn?: string;
  dunningLevel?: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
}

// Plain text and SMS: no HTML escaping (it would turn "&" in a clinic name into "&amp;").
const handlebars = Handlebars.create();
const compile = (source: string) => handlebars.compile(source, { noEscape: true, strict: false });
const compiled = new Map<string, HandlebarsTemplateDelegate>();
function template(key: string, source: string): HandlebarsTemplateDelegate {
  let t = compiled.get(key);
  if (!t) compiled.set(key, (t = compile(source)));
  return t;
}

const WHEN_FORMAT: Record<Language, string> = {
  en: "cccc, LLLL d 'at' h:mm a ZZZZ",
  es: "cccc d 'de' LLLL 'a las' HH:mm ZZZZ",
};
const DATE_FORMAT: Record<Language, string> = { en: 'LLLL d, yyyy', es: "d 'de' LLLL 'de' yyyy" };

/** A time as the patient reads it: in the site's time zone (with its abbreviation) and language. */
export function formatWhen(at: Date, zone: string, language: Language): string {
  return DateTime.fromJSDate(at, { zone }).setLocale(language).toFormat(WHEN_FORMAT[language]);
}

function values(context: MessageContext, language: Language) {
  return {
    ...context,
    when: formatWhen(context.start, context.siteTimeZone, language),
    expiresWhen: context.expiresAt ? formatWhen(context.expiresAt, context.siteTimeZone, language) : undefined,
    untilWhen: context.until ? formatWhen(context.until, context.siteTimeZone, language) : undefined,
    recallDate: context.recallDueOn ? DateTime.fromISO(context.recallDueOn, { zone: context.siteTimeZone }).setLocale(language).toFormat(DATE_FORMAT[language]) : undefined,
    typeName: context.typeName ?? (language === 'es' ? 'visita' : 'visit'),
    dueDate: context.dueOn ? DateTime.fromISO(context.dueOn, { zone: context.siteTimeZone }).setLocale(language).toFormat(DATE_FORMAT[language]) : undefined,
    reminder: context.dunningLevel === 'reminder',
    finalNotice: context.dunningLevel === 'final-notice',
  };
}

/** Renders one message of a kind in the patient's language for a channel (SMS: text only, short). */
export function renderMessage(kind: MessageKind, language: Language, channel: Channel, context: MessageContext): RenderedMessage {
  const sources: MessageTemplates = TEMPLATES[kind][language] ?? TEMPLATES[kind].en;
  const data = values(context, language);
  const subject = template(`${kind}.${language}.subject`, sources.subject)(data);
  if (channel === 'sms') return { subject, text: template(`${kind}.${language}.sms`, sources.sms)(data).replace(/\s+/g, ' ').trim() };
  return { subject, text: template(`${kind}.${language}.text`, sources.text)(data) };
}

export type ReplyKind = keyof (typeof REPLY_TEMPLATES)['en'];

/** The SMS answer to a patient's reply. */
export function renderReply(kind: ReplyKind, language: Language, context?: { firstName: string; start: Date; siteTimeZone: string }): string {
  const data = context ? { firstName: context.firstName, when: formatWhen(context.start, context.siteTimeZone, language) } : {};
  return template(`reply.${kind}.${language}`, REPLY_TEMPLATES[language][kind])(data);
}
