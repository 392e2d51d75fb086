import { ValidationError, ValidationPipe } from '@nestjs/common';
import { DomainError, FieldError } from './errors';

/** Flattens class-validator's nested errors into `{field: 'a.b', messages}` rows. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

/** The request-body validation every HTTP entry point uses: unknown fields are refused. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) =>
      new DomainError('invalid', 'REQUEST.VALIDATION_FAILED', 'The request has invalid or missing fields.', {
        errors: flattenValidationErrors(errors),
      }),
  });
}
