import { en } from './en';
import { es } from './es';
import { DICTIONARIES, format, LANGUAGES, placeholders, preferredLanguage, translator } from './i18n';

describe('the dictionaries', () => {
  it.each(LANGUAGES)('%s has every key of English, each with text, and no key English lacks', (language) => {
    const dictionary = DICTIONARIES[language] as Record<string, string>;
    expect(Object.keys(dictionary).sort()).toEqual(Object.keys(en).sort());
    const empty = Object.entries(dictionary).filter(([, text]) => typeof text !== 'string' || text.trim() === '');
    expect(empty).toEqual([]);
  });

  it('Spanish uses the same {placeholders} as English in every text', () => {
    const differ = Object.keys(en).filter((key) => placeholders(en[key as keyof typeof en]).join() !== placeholders(es[key as keyof typeof es]).join());
    expect(differ).toEqual([]);
  });

  it('Spanish is translated: only names and symbols may read the same as in English', () => {
    const same = Object.keys(en).filter((key) => en[key as keyof typeof en] === es[key as keyof typeof es] && !/^\{\w+\}$/.test(en[key as keyof typeof en]));
    expect(same).toEqual([]);
  });
});

describe('translating', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('Moved to {time} with {provider}', { time: '9:30 AM', provider: 'Dr. Ruiz' })).toBe('Moved to 9:30 AM with Dr. Ruiz');
    expect(format('{n} found', { n: 0 })).toBe('0 found');
    expect(format('Hello {nmae}', { name: 'Ana' })).toBe('Hello {nmae}');
  });

  it('answers in the chosen language', () => {
    expect(translator('es')('search.count', { n: 3 })).toBe('3 encontrados');
    expect(translator('en')('search.count', { n: 3 })).toBe('3 found');
  });

  it('starts in the language chosen before, else the browser’s first language of ours, else English', () => {
    expect(preferredLanguage('es', ['en-US'])).toBe('es');
    expect(preferredLanguage(null, ['fr-FR', 'es-MX', 'en'])).toBe('es');
    expect(preferredLanguage('de', ['de-DE'])).toBe('en');
  });
});
