import Handlebars from 'handlebars';
import { Language } from '@clinic-flow/contracts';
import type { LinkAction } from '../messages/response-links.rules';

/*
 * The tiny page behind a confirm / cancel / take-the-offer link. GET shows it with a button (mail scanners that
 * prefetch links change nothing); the button POSTs to the same address. HTML-escaped by Handlebars.
 */

const WORDS: Record<Language, Record<string, string>> = {
  en: {
    confirmTitle: 'Confirm your appointment',
    cancelTitle: 'Cancel your appointment',
    confirmButton: 'Yes, I will come',
    cancelButton: 'Cancel my appointment',
    confirmDone: 'Thank you: your confirmation was received.',
    cancelDone: 'Your cancellation was received. We will offer the time to another patient.',
    'accept-offerTitle': 'Take the appointment offered to you',
    'accept-offerButton': 'Yes, book it for me',
    'accept-offerDone': 'Thank you: we are booking it for you. Your appointment reminders will follow.',
    with: 'with',
    at: 'at',
  },
  es: {
    confirmTitle: 'Confirme su cita',
    cancelTitle: 'Cancele su cita',
    confirmButton: 'Sí, asistiré',
    cancelButton: 'Cancelar mi cita',
    confirmDone: 'Gracias: recibimos su confirmación.',
    cancelDone: 'Recibimos su cancelación. Ofreceremos la hora a otro paciente.',
    'accept-offerTitle': 'Tome la cita que le ofrecemos',
    'accept-offerButton': 'Sí, resérvela para mí',
    'accept-offerDone': 'Gracias: estamos reservando su cita. Recibirá los recordatorios.',
    with: 'con',
    at: 'en',
  },
};

const page = Handlebars.create().compile(`<!doctype html>
<html lang="{{language}}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{{title}}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.2rem}</style>
</head><body>
<h1>{{title}}</h1>
<p>{{when}}<br>{{words.with}} {{providerName}} {{words.at}} {{siteName}}</p>
{{#if done}}<p><strong>{{done}}</strong></p>{{else}}<form method="post"><button type="submit">{{button}}</button></form>{{/if}}
</body></html>`);

export function responsePage(input: { action: LinkAction; state: 'pending' | 'received'; language: Language; when: string; providerName: string; siteName: string }): string {
  const words = WORDS[input.language] ?? WORDS.en;
  return page({
    ...input,
    words,
    title: words[`${input.action}Title`],
    button: words[`${input.action}Button`],
    done: input.state === 'received' ? words[`${input.action}Done`] : undefined,
  });
}
