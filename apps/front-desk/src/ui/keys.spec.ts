import { shortcutOf } from './keys';

const key = (k: string, extra: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean; code: string }> = {}) => ({ key: k, altKey: false, ctrlKey: false, metaKey: false, ...extra });
const element = (tagName: string, type = 'text') => ({ tagName, type, isContentEditable: false }) as unknown as Element;

describe('keyboard shortcuts', () => {
  it('"/" goes to the search outside text fields, and is typed inside them', () => {
    expect(shortcutOf(key('/'), element('BODY'))).toBe('search');
    expect(shortcutOf(key('/'), element('BUTTON'))).toBe('search');
    expect(shortcutOf(key('/'), element('INPUT', 'checkbox'))).toBe('search');
    expect(shortcutOf(key('/'), element('INPUT', 'text'))).toBeNull();
    expect(shortcutOf(key('/'), element('INPUT', 'search'))).toBeNull();
    expect(shortcutOf(key('/'), element('TEXTAREA'))).toBeNull();
  });

  it('Alt+B books, Alt+I checks in, Alt+D shows the day, from anywhere (by physical key too)', () => {
    expect(shortcutOf(key('b', { altKey: true, code: 'KeyB' }), element('INPUT'))).toBe('book');
    expect(shortcutOf(key('∫', { altKey: true, code: 'KeyB' }), element('BODY'))).toBe('book');
    expect(shortcutOf(key('i', { altKey: true }), element('BODY'))).toBe('check-in');
    expect(shortcutOf(key('D', { altKey: true, code: 'KeyD' }), null)).toBe('day');
    expect(shortcutOf(key('x', { altKey: true, code: 'KeyX' }), null)).toBeNull();
  });

  it('leaves Ctrl and Cmd combinations to the browser', () => {
    expect(shortcutOf(key('b', { altKey: true, ctrlKey: true }), null)).toBeNull();
    expect(shortcutOf(key('/', { metaKey: true }), null)).toBeNull();
  });
});
