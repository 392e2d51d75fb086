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
    // HTTP requests only (consumers run through this pipe too, and events carry nulls of their own).
    if (metadata.type === 'body' && workContext.get()?.httpMethod) {
      const errors = nullsNotDeclared(result);
      if (errors.length) throw new DomainError('invalid', 'REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', { errors });
    }
    return result;
  }
}

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';

/**
 * Fields of a validated body that are null where the DTO does not declare `nullable` (its
 * @ApiProperty): @IsOptional lets null through like an absent field, and a handler spreading the
 * body then stored it (a PATCH of an appointment type with `active: null`), where the document
 * says the field is a boolean. Null is for the fields that say null clears them.
 */
function nullsNotDeclared(value: unknown, at = ''): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => nullsNotDeclared(item, `${at}[${i}]`));
  if (!value || typeof value !== 'object' || Object.getPrototypeOf(value) === Object.prototype) return [];
  const prototype = Object.getPrototypeOf(value) as object;
  return Object.entries(value).flatMap(([key, item]) => {
    const field = at ? `${at}.${key}` : key;
    if (item !== null) return nullsNotDeclared(item, field);
    const declared = Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, key) as { nullable?: boolean } | undefined;
    return declared && declared.nullable !== true ? [{ field, messages: [`${field} must not be null (leave it out instead)`] }] : [];
  });
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
