/*
 * The smallest vocabulary the typed builders and parsers share: a segment is a tag and its elements
 * (elements[0] is element 01). Building, an element may be a repetition (EQ01, EB03) or a composite
 * (EB13); the envelope renders them with the interchange's own separators. Parsed segments keep raw
 * strings: the parsers split repetitions and composites with the separators read from the ISA.
 */

/** The four delimiters of an interchange, declared by the ISA (element at ISA[3], ISA11, ISA16, after ISA16). */
export interface Separators {
  element: string;
  repetition: string;
  component: string;
  segment: string;
}

/** What we send: `*` `^` `:` `~` (none of them may appear in data). */
export const DEFAULT_SEPARATORS: Separators = Object.freeze({ element: '*', repetition: '^', component: ':', segment: '~' });

export interface Repeated {
  repeat: Array<string | Composite>;
}
export interface Composite {
  components: string[];
}
export type ElementValue = string | Repeated | Composite;

/** A segment being built: trailing empty elements are dropped when rendered. */
export interface SegmentSpec {
  tag: string;
  elements: ElementValue[];
}

/** A parsed segment: raw element strings, elements[0] is element 01. */
export interface Segment {
  tag: string;
  elements: string[];
}

export const repeat = (...values: Array<string | Composite>): Repeated => ({ repeat: values });
export const composite = (...components: string[]): Composite => ({ components });
export const seg = (tag: string, ...elements: ElementValue[]): SegmentSpec => ({ tag, elements });

/** A domain error of the X12 layer, with a stable code (X12.*) and, for bad input, the problems found. */
export class X12Error extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly problems: string[] = [],
  ) {
    super(message);
    this.name = 'X12Error';
  }
}

function checkData(value: string, separators: Separators, where: string): string {
  for (const sep of [separators.element, separators.repetition, separators.component, separators.segment]) {
    if (value.includes(sep)) throw new X12Error('X12.DELIMITER_IN_DATA', `${where} holds the delimiter '${sep}' (value not sendable in X12)`);
  }
  return value;
}

function renderComposite(value: Composite, separators: Separators, where: string): string {
  return trimTrailing(value.components.map((c) => checkData(c, separators, where))).join(separators.component);
}

/** Renders one element with the interchange's separators; refuses data holding a delimiter. */
export function renderElement(value: ElementValue, separators: Separators, where: string): string {
  if (typeof value === 'string') return checkData(value, separators, where);
  if ('repeat' in value) {
    return value.repeat.map((v) => (typeof v === 'string' ? checkData(v, separators, where) : renderComposite(v, separators, where))).join(separators.repetition);
  }
  return renderComposite(value, separators, where);
}

function trimTrailing(values: string[]): string[] {
  let end = values.length;
  while (end > 0 && values[end - 1] === '') end -= 1;
  return values.slice(0, end);
}

/** The segment's elements as strings, trailing empties dropped (X12 forbids trailing delimiters). */
export function renderElements(spec: SegmentSpec, separators: Separators): string[] {
  return trimTrailing(spec.elements.map((e, i) => renderElement(e, separators, `${spec.tag}${String(i + 1).padStart(2, '0')}`)));
}

/** Element NN (1-based, as the guides number them) of a parsed segment, '' when absent. */
export const el = (segment: Segment, position: number): string => segment.elements[position - 1] ?? '';

/** The repetitions of a repeatable element (EQ01, EB03). */
export const repetitions = (value: string, separators: Separators): string[] => (value === '' ? [] : value.split(separators.repetition));

/** The components of a composite element (EB13, IK4 position). */
export const components = (value: string, separators: Separators): string[] => (value === '' ? [] : value.split(separators.component));

/** X12 date CCYYMMDD -> ISO YYYY-MM-DD (undefined when not a real date). */
export function fromX12Date(value: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** ISO YYYY-MM-DD -> CCYYMMDD; refuses anything that is not a real calendar date. */
export function toX12Date(iso: string, where = 'date'): string {
  const x12 = iso.replace(/-/g, '');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso) || fromX12Date(x12) !== iso) throw new X12Error('X12.INVALID_DATE', `${where} '${iso}' is not a date (YYYY-MM-DD)`);
  return x12;
}

/** Integer cents -> X12 decimal (R): no trailing zeros, as the standard prefers ('25', '25.5', '1500'). */
export function centsToX12(cents: number): string {
  if (!Number.isInteger(cents)) throw new X12Error('X12.INVALID_AMOUNT', `amount ${cents} is not whole cents`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  if (frac === 0) return `${sign}${whole}`;
  return `${sign}${whole}.${String(frac).padStart(2, '0').replace(/0$/, '')}`;
}

/** X12 decimal -> integer cents (undefined for anything else). */
export function x12ToCents(value: string): number | undefined {
  const m = /^(-)?(\d*)(?:\.(\d{1,2}))?$/.exec(value);
  if (!m || (m[2] === '' && m[3] === undefined)) return undefined;
  const cents = Number(m[2] || '0') * 100 + Number((m[3] ?? '').padEnd(2, '0') || '0');
  return m[1] ? -cents : cents;
}
