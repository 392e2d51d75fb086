/** The desk's keyboard shortcuts, decided without React so they can be tested as a table. */
export type Shortcut = 'search' | 'book' | 'check-in' | 'day';

interface KeyLike {
  key: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  code?: string;
}

/** Whether focus is in a place that takes text (a plain "/" is typed there, not a shortcut). */
function typesText(element: Element | null): boolean {
  if (!element) return false;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['button', 'submit', 'checkbox', 'radio', 'reset'].includes((element as HTMLInputElement).type);
  return (element as HTMLElement).isContentEditable === true;
}

/** The shortcut a key press means: "/" outside a text field, Alt+B, Alt+I, Alt+D anywhere. */
export function shortcutOf(event: KeyLike, focused: Element | null): Shortcut | null {
  if (event.ctrlKey || event.metaKey) return null;
  if (event.altKey) {
    // event.code: on macOS, Option+B types "∫", so the physical key decides.
    const letter = event.code?.startsWith('Key') ? event.code.slice(3).toLowerCase() : event.key.toLowerCase();
    return letter === 'b' ? 'book' : letter === 'i' ? 'check-in' : letter === 'd' ? 'day' : null;
  }
  if (event.key === '/' && !typesText(focused)) return 'search';
  return null;
}
