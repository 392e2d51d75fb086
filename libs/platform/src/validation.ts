import { ArgumentMetadata, Injectable, PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
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
 * Nest's ValidationPipe, and one rule it lacks: a query parameter a handler takes as one string
 * (`@Query('q') q: string`) given twice (`?q=a&q=b`, which Express reads as an array) is a 400, not
 * an array where the handler expects text.
 */
class ClinicValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && metadata.data && metadata.metatype === String) oneQueryValue(value, metadata.data);
    return super.transform(value, metadata);
  }
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
