import { registerDecorator, ValidationOptions } from 'class-validator';

/**
 * A phone number as people type it, in E.164 (+15550123456), or null when it is not one.
 * Accepts the common US ways of writing a number: (555) 012-3456, 555.012.3456, 555-012-3456,
 * 5550123456, 1-555-012-3456, +1 555 012 3456; and any international number written with its +.
 * A US number without +1 needs ten digits whose area code does not start with 0 or 1.
 */
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  if (!/^\+?[\d\s().\-/]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return /^[1-9]\d{7,14}$/.test(digits) ? `+${digits}` : null;
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return /^[2-9]\d{9}$/.test(national) ? `+1${national}` : null;
}

/**
 * What the OpenAPI documents say a phone is (openapi-validation mirrors it): the common shapes
 * only, each one toE164 takes (+ and 8-15 digits; ten US digits, area code 2-9, optionally
 * bracketed, groups apart by a space, dot or dash). The validator takes more ways of writing one.
 */
export const PHONE_SHAPE = /^(\+[1-9][0-9]{7,14}|\(?[2-9][0-9]{2}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4})$/;

/** Validates that a string is a phone number toE164 understands (any common US format, or +international). */
export function IsPhone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isPhone',
      target: object.constructor,
      propertyName,
      // The documented shape (a subset of what validate takes): openapi-validation writes it as the pattern.
      constraints: [PHONE_SHAPE],
      options: { message: `${propertyName} must be a phone number such as (555) 012-3456 or +15550123456`, ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && value.length <= 30 && toE164(value) !== null },
    });
}
