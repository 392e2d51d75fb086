import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { workContext } from './context';
import { DomainError, FieldError } from './errors';

/** Flattens class-validator's nested errors into `{field: 'a.b', messages}` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/**
 * Nest's ValidationPipe, and two rules it lacks: a query parameter a handler takes as one string
 * (`@Query('q') q: string`) given twice (`?q=a&q=b`, which Express reads as an array) is a 400, not
 * an array where the handler expects text; a PUT or PATCH whose handler takes a body DTO and that
 * came with no (JSON) body is a 400 REQUEST.BODY_REQUIRED. Without that one a DTO of optional
 * fields read a missing body as an empty one: a PUT of a reminder policy replaced it with nothing,
 * a PATCH answered 200 having changed nothing, where the document says a body is required. `{}`
 * is a body, the handler's to judge. (In the pipe, not a middleware: a method a path does not
 * have stays a 405.)
 */
class ClinicValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && metadata.data && metadata.metatype === String) oneQueryValue(value, metadata.data);
    if (metadata.type === 'body' && metadata.data === undefined && value === undefined && isDto(metadata.metatype)) {
      const method = workContext.get()?.httpMethod;
      if (method === 'PUT' || method === 'PATCH') throw new DomainError('invalid', 'REQUEST.BODY_REQUIRED', `A ${method} request needs a JSON body.`);
    }
    const result = await super.transform(value, metadata);
    // HTTP bodies and query DTOs only (consumers run through this pipe too, and events carry nulls of their own).
    if ((metadata.type === 'body' || metadata.type === 'query') && workContext.get()?.httpMethod) {
      const errors = undeclaredValues(result);
      if (errors.length) throw new DomainError('invalid', 'REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', { errors });
    }
    return result;
  }
}

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/**
 * What a validated body holds that its DTO's @ApiProperty (as the document shows it) does not
 * allow, and class-validator let through:
 * - null where the property is not `nullable`: @IsOptional lets null through like an absent field,
 *   and a handler spreading the body then stored it (a PATCH of an appointment type with
 *   `active: null`), where the document says the field is a boolean. Null is for the fields that
 *   say null clears them;
 * - a `format: date` that is no calendar date (2026-02-31, 0000-00-00): the DTOs check the
 *   YYYY-MM-DD shape only, and the document says `format: date` (openapi-validation).
 */
function undeclaredValues(value: unknown, at = ''): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => undeclaredValues(item, `${at}[${i}]`));
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) === Object.prototype) return [];
  const prototype = Object.getPrototypeOf(value) as object;
  return Object.entries(value).flatMap(([key, item]) => {
    const field = at ? `${at}.${key}` : key;
    const declared = Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, key) as { nullable?: boolean; format?: string } | undefined;
    if (item === null) return declared && declared.nullable !== true ? [{ field, messages: [`${field} must not be null (leave it out instead)`] }] : [];
    if (declared?.format === 'date' && typeof item === 'string' && !isCalendarDate(item)) return [{ field, messages: [`${field} must be a calendar date (YYYY-MM-DD)`] }];
    return undeclaredValues(item, field);
  });
}

/** A YYYY-MM-DD that names a day (month 1-12, the day within it, leap years counted). */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
}

/** A class the handler's body is validated as (not Object, a primitive or an array). */
function isDto(metatype: ArgumentMetadata['metatype']): boolean {
  return typeof metatype === 'function' && ![Object, String, Number, Boolean, Array].includes(metatype as never);
}

/** A query value as one string (or absent); 400 REQUEST.REPEATED_PARAMETER when it came as several. */
function oneQueryValue(value: unknown, field: string): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  throw new DomainError('invalid', 'REQUEST.REPEATED_PARAMETER', `The query parameter ${field} must be given once.`, {
    errors: [{ field, messages: [`${field} must be given once, as text`] }],
  });
}

/**
 * For `@Query('name', OneQueryValue) name: string | undefined`: a handler that takes an optional
 * query value as text (its type is reflected as Object, so the validation pipe cannot tell).
 */
@Injectable()
export class OneQueryValue implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown, metadata: ArgumentMetadata): string | undefined {
    return oneQueryValue(value, metadata.data ?? 'query');
  }
}

/** The request-body validation every HTTP entry point uses: unknown fields are refused. */
export function createValidationPipe(): ValidationPipe {
  return new ClinicValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) =>
      new DomainError('invalid', 'REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', {
        errors: flattenValidationErrors(errors),
      }),
  });
}
