/*
 * The OpenAPI documents describe DTOs from their @ApiProperty decorators, but what a request must
 * satisfy is decided by their class-validator decorators (the global ValidationPipe). Where the two
 * disagreed, the document promised more than the API takes (`limit` without a type, a password
 * without its minimum length), and a client built from the document (or the API fuzzer) was
 * refused for input the document allowed. This mirrors the validators' constraints into the
 * Swagger metadata of each class before a document is made, so one set of decorators says both.
 * What an @ApiProperty states itself is kept.
 */
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

const API_MODEL_PROPERTIES = 'swagger/apiModelProperties';
/** The source of the YYYY-MM-DD pattern the DTOs use for dates (libs/contracts ISO_DATE). */
const ISO_DATE_SHAPE = '^\\d{4}-\\d{2}-\\d{2}$';
const API_MODEL_PROPERTIES_ARRAY = 'swagger/apiModelPropertiesArray';

type Schema = Record<string, unknown>;

/** What one validator means in JSON Schema terms (only validators of the value itself, not `each`). */
function constraintOf(meta: ValidationMetadata): Schema | undefined {
  const [first, second] = (meta.constraints ?? []) as unknown[];
  switch (meta.name) {
    case 'isInt':
      return { type: 'integer' };
    case 'isNumber':
      return { type: 'number' };
    case 'isString':
      return { type: 'string' };
    case 'isBoolean':
      return { type: 'boolean' };
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isPositive':
      return { exclusiveMinimum: true, minimum: 0 };
    case 'minLength':
      return { minLength: first };
    case 'maxLength':
      return { maxLength: first };
    case 'isLength':
      return { minLength: first, ...(typeof second === 'number' ? { maxLength: second } : {}) };
    case 'isNotEmpty':
      return { notEmpty: true };
    case 'matches':
      if (!(first instanceof RegExp) || first.flags.replace(/[gu]/g, '')) return undefined;
      // A calendar date's shape: the services read it as a date (0000-00-00 or 2026-02-31 is refused), so the document says `format: date` too.
      return first.source === ISO_DATE_SHAPE ? { type: 'string', pattern: first.source, format: 'date' } : { type: 'string', pattern: first.source };
    case 'isIn':
      return Array.isArray(first) ? { enum: first } : undefined;
    case 'isEnum':
      return first && typeof first === 'object' ? { enum: Object.values(first as object) } : undefined;
    case 'isEmail':
      return { type: 'string', format: 'email' };
    case 'isUuid':
      return { type: 'string', format: 'uuid' };
    case 'isIso8601':
    case 'isDateString':
      // ISO 8601 takes dates and date-times alike: no one OpenAPI format says that.
      return { type: 'string' };
    case 'arrayMinSize':
      return { minItems: first };
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayNotEmpty':
      return { minItems: 1 };
    case 'arrayUnique':
      return { uniqueItems: true };
    case 'isArray':
      return { isArray: true };
    default:
      // A custom validator (registerDecorator) may give the shape it documents as its first
      // constraint, a RegExp every string of which it accepts (e.g. isPhone).
      return meta.type === 'customValidation' && first instanceof RegExp && !first.flags.replace(/[gu]/g, '') ? { type: 'string', pattern: first.source } : undefined;
  }
}

const mirrored = new WeakSet<object>();

/**
 * Copies class-validator constraints into the Swagger metadata of every validated class (once per
 * class): types, bounds, lengths, patterns, enums, formats, item counts. Call before
 * `SwaggerModule.createDocument`.
 */
export function mirrorValidationIntoOpenApi(): void {
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<abstract new (...args: never[]) => unknown, ValidationMetadata[]> };
  for (const [target, metas] of storage.validationMetadatas ?? new Map()) {
    if (typeof target !== 'function' || mirrored.has(target)) continue;
    mirrored.add(target);
    const prototype = target.prototype as object;
    const byProperty = new Map<string, ValidationMetadata[]>();
    for (const meta of metas) {
      if (!meta.propertyName) continue;
      byProperty.set(meta.propertyName, [...(byProperty.get(meta.propertyName) ?? []), meta]);
    }
    for (const [property, list] of byProperty) {
      const existing = Reflect.getMetadata(API_MODEL_PROPERTIES, prototype, property) as Schema | undefined;
      if (!existing) continue; // Undocumented properties stay undocumented (the document lists what @ApiProperty names).
      const derived: Schema = {};
      const eachItem: Schema = {};
      for (const meta of list) Object.assign(meta.each ? eachItem : derived, constraintOf(meta) ?? {});
      if (!Object.keys(derived).length && !Object.keys(eachItem).length) continue;
      const merged = withItemConstraints(mergeInto(existing, derived), eachItem);
      Reflect.defineMetadata(API_MODEL_PROPERTIES, merged, prototype, property);
      const names = (Reflect.getMetadata(API_MODEL_PROPERTIES_ARRAY, prototype) as string[] | undefined) ?? [];
      if (!names.includes(`:${property}`)) Reflect.defineMetadata(API_MODEL_PROPERTIES_ARRAY, [...names, `:${property}`], prototype);
    }
  }
}

/** The Swagger property metadata with the validators' constraints where it says nothing itself. */
function mergeInto(existing: Schema, derived: Schema): Schema {
  const result: Schema = { ...existing };
  const { notEmpty, isArray, type, ...rest } = derived;
  const isArrayProperty = isArray === true || existing.isArray === true || Array.isArray(existing.type);
  // A Swagger type left to reflection (Object, or nothing) is replaced by what the validator checks.
  const declared = existing.type;
  const vague = declared === undefined || declared === Object || declared === 'object';
  const widerNumber = type === 'integer' && (declared === Number || declared === 'number');
  if (type && (vague || widerNumber) && !isArrayProperty && !existing.enum && !existing.$ref && !existing.oneOf) result.type = type;
  const target = isArrayProperty ? 'items' : undefined;
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    if (key === 'minItems' || key === 'maxItems' || key === 'uniqueItems') {
      if (isArrayProperty && result[key] === undefined) result[key] = value;
      continue;
    }
    if (target) continue; // Constraints on the array itself only; item constraints carry `each`.
    if (result[key] === undefined) result[key] = value;
  }
  const stringLike = result.type === 'string' || result.type === String || (type === 'string' && vague);
  if (notEmpty && stringLike && !isArrayProperty && result.minLength === undefined) result.minLength = 1;
  return result;
}

/**
 * An array of strings or numbers whose items are validated one by one (`each: true`: a pattern, a
 * length, an enum, an integer, bounds) says so in its `items`, as a raw array schema (Swagger keeps `items` of `type: 'array'`).
 * Arrays of nested DTOs keep their `$ref`: their own properties carry their constraints.
 */
function withItemConstraints(property: Schema, each: Schema): Schema {
  const { type: itemType, isArray: _isArray, notEmpty, minItems: _min, maxItems: _max, uniqueItems: _unique, ...rest } = each;
  const declared = Array.isArray(property.type) ? property.type[0] : property.type;
  const base = declared === String || declared === 'string' ? 'string' : declared === Number || declared === 'number' ? 'number' : undefined;
  if (!base || (!Object.keys(rest).length && itemType === undefined)) return property;
  if (base === 'string' && itemType !== undefined && itemType !== 'string') return property;
  if (base === 'number' && itemType !== undefined && itemType !== 'integer' && itemType !== 'number') return property;
  const items: Schema = { type: (itemType as string | undefined) ?? base, ...rest };
  if (notEmpty && items.minLength === undefined) items.minLength = 1;
  const { isArray: _drop, ...others } = property;
  return { ...others, type: 'array', items };
}
