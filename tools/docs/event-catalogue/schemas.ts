/*
 * JSON Schemas of the event contracts, read from the same class-validator decorators that
 * validate every event on both sides (class-validator-jsonschema), so the catalogue cannot say
 * something the validators do not enforce. A few converters say what the decorators mean in
 * JSON Schema terms: timestamps are date-times, `ISO_DATE` strings are dates, URLs are URIs.
 */
import type { MetadataStorage } from 'class-transformer/types/MetadataStorage';
import { IS_DATE_STRING, IS_URL, MATCHES } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import type { ISchemaConverters } from 'class-validator-jsonschema/build/defaultConverters';
import { EventEnvelopeShape, ISO_DATE } from '@clinic-flow/contracts';

/** The subset of JSON Schema (draft-07, AsyncAPI's default schema format) the catalogue writes. */
export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
  description?: string;
  examples?: unknown[];
  [keyword: string]: unknown;
}

// class-transformer keeps its @Type() metadata in a storage it does not export from its index.
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: MetadataStorage };

export const SCHEMA_REF_PREFIX = '#/components/schemas/';

type Constructor = new () => object;

const converters: ISchemaConverters = {
  // Producers write `new Date().toISOString()`; IsDateString({ strict: true }) checks ISO 8601.
  [IS_DATE_STRING]: { type: 'string', format: 'date-time' },
  [IS_URL]: { type: 'string', format: 'uri' },
  [MATCHES]: (meta: ValidationMetadata) => {
    const source = (meta.constraints[0] as RegExp).source;
    return source === ISO_DATE.source ? { type: 'string', format: 'date', pattern: source } : { type: 'string', pattern: source };
  },
};

const options = {
  classTransformerMetadataStorage: defaultMetadataStorage,
  refPointerPrefix: SCHEMA_REF_PREFIX,
  additionalConverters: converters,
};

/** The schema of one decorated class; nested classes appear as `$ref`s to their own schema. */
export function classSchema(target: Constructor): JsonSchema {
  return structuredClone(targetConstructorToSchema(target, options)) as JsonSchema;
}

/** The classes a class's properties nest (`@ValidateNested() @Type(() => X)`): its schema's `$ref`s. */
function nestedClasses(target: Constructor, schema: JsonSchema): Constructor[] {
  return Object.entries(schema.properties ?? {})
    .filter(([, property]) => property.$ref ?? property.items?.$ref)
    .map(([name]) => defaultMetadataStorage.findTypeMetadata(target, name)?.typeFunction() as Constructor)
    .filter((nested) => typeof nested === 'function');
}

/**
 * The schemas of the given classes and of every class they nest, keyed by class name. Two
 * different classes of the same name would share one `$ref`, so that is refused.
 */
export function schemasOf(roots: Constructor[]): Record<string, JsonSchema> {
  const byName = new Map<string, Constructor>();
  const schemas: Record<string, JsonSchema> = {};
  const visit = (target: Constructor) => {
    const known = byName.get(target.name);
    if (known === target) return;
    if (known) throw new Error(`two event data classes are named ${target.name}: rename one (schemas are keyed by class name)`);
    byName.set(target.name, target);
    schemas[target.name] = classSchema(target);
    nestedClasses(target, schemas[target.name]).forEach(visit);
  };
  roots.forEach(visit);
  return Object.fromEntries(Object.keys(schemas).sort().map((name) => [name, schemas[name]]));
}

/**
 * The envelope every event travels in. `siteId` and `causationId` are written as null when they
 * do not apply (network-wide data, an event no other event caused), which the class allows.
 */
export function envelopeSchema(): JsonSchema {
  const schema = classSchema(EventEnvelopeShape);
  const properties = schema.properties ?? {};
  for (const name of ['siteId', 'causationId']) properties[name] = { ...properties[name], type: ['string', 'null'] };
  const described: Record<string, string> = {
    id: 'Unique id of this event (consumers remember it to handle each event once).',
    type: 'Event type, e.g. appointment.booked.',
    version: 'Version of the event type: its data schema.',
    source: 'The service that produced the event.',
    time: 'When the event happened.',
    subject: 'The aggregate id: also the Kafka message key, so one aggregate\'s events stay in order.',
    siteId: 'The clinic site the event belongs to; null for network-wide data.',
    correlationId: 'Shared by every event and request that one action started.',
    causationId: 'The id of the event that caused this one, if any.',
    data: "The event's data (its schema depends on type and version).",
  };
  for (const [name, description] of Object.entries(described)) if (properties[name]) properties[name] = { ...properties[name], description };
  return schema;
}
