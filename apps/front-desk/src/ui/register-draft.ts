/**
 * The registration form starts from what was typed in the search box: its words of letters become
 * the first name and the last name (the rest); dates, digits and emails are left out.
 */
export function draftFromSearch(q: string): { firstName: string; lastName: string } {
  const words = q.split(/\s+/).filter((w) => /^\p{L}[\p{L}'-]*$/u.test(w));
  if (words.length < 2) return { firstName: words[0] ?? '', lastName: '' };
  return { firstName: words[0], lastName: words.slice(1).join(' ') };
}
