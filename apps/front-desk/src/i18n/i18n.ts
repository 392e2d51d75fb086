import { en, type MessageKey, type Messages } from './en';
import { es } from './es';

export type Language = 'en' | 'es';
export const LANGUAGES: readonly Language[] = ['en', 'es'];
export const DICTIONARIES: Record<Language, Messages> = { en, es };
export type { MessageKey, Messages };

/** A translate function: the key's text in `language` with `{name}` placeholders filled. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Fills `{name}` placeholders; an unknown one is left as written, so a typo shows on screen. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function translator(language: Language): Translate {
  const dictionary = DICTIONARIES[language];
  return (key, values) => format(dictionary[key] ?? en[key] ?? key, values);
}

/** Whether `key` is in the dictionary (error codes are looked up by name). */
export function hasKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** The placeholders a text uses, sorted (both languages must use the same). */
export function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

/** The language the browser prefers among ours, else English. */
export function preferredLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored === 'en' || stored === 'es') return stored;
  for (const tag of browser) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'en' || base === 'es') return base;
  }
  return 'en';
}
