import { inEffectOn } from '@clinic-flow/code-sets';
import type { AllowedAmountRecord, FeeRecord } from './fee-schedule.schema';

type Dated = { modifier: string; effectiveFrom: string; effectiveTo?: string };

/**
 * The entry in effect on a date among those of one code: one for a modifier the line carries wins
 * over the base price (the first such modifier in line order); among several in effect, the one
 * that started last (a new price from a date supersedes the old without editing it).
 */
function inEffect<T extends Dated>(entries: T[], modifiers: readonly string[], date: string): T | undefined {
  const current = entries.filter((e) => inEffectOn(e, date));
  const latest = (list: T[]) => list.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0];
  for (const m of modifiers) {
    const specific = latest(current.filter((e) => e.modifier === m));
    if (specific) return specific;
  }
  return latest(current.filter((e) => !e.modifier));
}

/** A site's charge for one unit of a code on a date of service, for a line with these modifiers (undefined: no price). */
export function feeOn(fees: FeeRecord[], code: string, modifiers: readonly string[], date: string): FeeRecord | undefined {
  return inEffect(fees.filter((f) => f.code === code), modifiers, date);
}

/** A payer's allowed amount for one unit of a code on a date (undefined: no contracted amount). */
export function allowedOn(amounts: AllowedAmountRecord[], payerId: string, code: string, modifiers: readonly string[], date: string): AllowedAmountRecord | undefined {
  return inEffect(amounts.filter((a) => a.payerId === payerId && a.code === code), modifiers, date);
}

/** Problems with an entry's dates. */
export function periodProblems(p: { effectiveFrom: string; effectiveTo?: string }): string[] {
  return p.effectiveTo && p.effectiveTo < p.effectiveFrom ? [`effectiveTo ${p.effectiveTo} is before effectiveFrom ${p.effectiveFrom}`] : [];
}

/** Replaces the entry with the same key (code, modifier, start[, payer]) or adds it; false when nothing would change. */
export function putDated<T extends Dated & { code: string; updatedBy: string; updatedAt: Date }>(list: T[], entry: T, sameKey: (a: T, b: T) => boolean, same: (a: T, b: T) => boolean): T[] | false {
  const existing = list.find((e) => sameKey(e, entry));
  if (existing && same(existing, entry)) return false;
  return [...list.filter((e) => !sameKey(e, entry)), entry];
}
