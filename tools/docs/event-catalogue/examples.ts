/*
 * An example of every event, made from its schema so a new event needs no work to get one:
 * well-known field names get realistic values (FIELD_EXAMPLES), the rest follow their type,
 * format, enum and bounds. Deterministic, so the checked-in catalogue only changes when a
 * contract does. An event may still declare its own example (`example` in defineEvent).
 * A unit test validates every example against the event's class, as a consumer would.
 */
import { createHash } from 'node:crypto';
import { SCHEMA_REF_PREFIX, JsonSchema } from './schemas';

const TIME = '2026-03-02T14:30:00.000Z';
const DATE = '2026-03-02';

/** Values by property name, used when they fit the property's schema. */
export const FIELD_EXAMPLES: Record<string, unknown> = {
  siteName: 'Downtown Clinic',
  siteTimeZone: 'America/New_York',
  timeZone: 'America/New_York',
  providerName: 'Dr. Ana Ruiz',
  firstName: 'Maria',
  lastName: 'Lopez',
  name: 'Sam Taylor',
  mrn: 'MRN-000123',
  phone: '+15555550123',
  email: 'maria.lopez@example.org',
  dateOfBirth: '1984-07-12',
  dateOfService: DATE,
  effectiveDate: '2026-01-01',
  terminationDate: '2026-12-31',
  durationMinutes: 30,
  holdMinutes: 60,
  appointmentTypeName: 'Annual physical',
  changedFields: ['phone'],
  downloadUrl: 'https://clinic.example/api/v1/d/eyJkb2MiOiJkb2MtMDAwMSJ9',
  url: 'https://clinic.example/',
  sha256: createHash('sha256').update('example document').digest('hex'),
  size: 48213,
  end: '2026-03-02T15:00:00.000Z',
  previousStart: '2026-03-01T16:00:00.000Z',
  previousEnd: '2026-03-01T16:30:00.000Z',
  validFrom: '2026-03-01',
  validTo: '2026-06-01',
  timelyFilingDays: 90,
  approvedUnits: 6,
  usedUnits: 2,
  roles: ['receptionist'],
  trigger: 'booking',
  changes: ['status'],
  code: 'J45.909',
  userName: 'Sam Taylor',
  reason: 'patient asked',
  adjustmentReasons: ['CO-45', 'PR-3'],
  remarkCodes: ['N130'],
};

/** Values by class and property name, where one name means different things (a site's name, a payer's). */
export const CLASS_FIELD_EXAMPLES: Array<[RegExp, string, unknown]> = [
  [/^Site/, 'name', 'Downtown Clinic'],
  [/^Payer/, 'name', 'Acme Health'],
];

type Resolve = (ref: string) => JsonSchema;

/** `patientId` -> `patient-0001`, `bookedBy` -> `user-0001`: ids that read as what they are. */
function stringFor(name: string): string {
  if (/SiteIds?$/.test(name)) return 'site-0001';
  if (/Id$/.test(name)) return `${name.slice(0, -2).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-0001`;
  if (/Ids$/.test(name)) return stringFor(name.slice(0, -1));
  if (/By$/.test(name)) return 'user-0001';
  return `${name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)} (example)`;
}

const typesOf = (schema: JsonSchema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

/** Whether a value from FIELD_EXAMPLES fits the schema (type, enum, pattern, format). */
function fits(value: unknown, schema: JsonSchema): boolean {
  // A nested class is made from its own schema.
  if (schema.$ref) return false;
  if (schema.enum && !schema.enum.includes(value)) return false;
  const types = typesOf(schema);
  if (Array.isArray(value)) return types.includes('array') && value.every((item) => !schema.items || fits(item, schema.items));
  if (typeof value === 'number') return types.includes('number') || (types.includes('integer') && Number.isInteger(value));
  if (typeof value !== 'string') return types.length === 0 || types.includes(typeof value);
  if (types.length && !types.includes('string')) return false;
  if (schema.pattern && !new RegExp(schema.pattern).test(value)) return false;
  if (schema.format === 'date-time') return !Number.isNaN(Date.parse(value)) && value.includes('T');
  if (schema.format === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value);
  if (schema.format === 'email') return value.includes('@');
  if (schema.format === 'uri') return /^https?:\/\//.test(value);
  return true;
}

/** An example value of one schema; `name` is the property it is for, `owner` the class that has it. */
export function exampleOf(schema: JsonSchema, resolve: Resolve, name = '', owner = ''): unknown {
  if (schema.$ref) return exampleOf(resolve(schema.$ref), resolve, name, schema.$ref.split('/').pop());
  if (schema.const !== undefined) return schema.const;
  const known = [...CLASS_FIELD_EXAMPLES.filter(([cls, field]) => field === name && cls.test(owner)).map(([, , value]) => value), FIELD_EXAMPLES[name]];
  const fitting = known.find((value) => value !== undefined && fits(value, schema));
  if (fitting !== undefined) return structuredClone(fitting);
  if (schema.enum?.length) return schema.enum[0];
  const type = typesOf(schema).find((t) => t !== 'null');
  switch (type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([property, s]) => [property, exampleOf(s, resolve, property, owner)]));
    case 'array': {
      const count = Math.max(1, Number(schema.minItems ?? 1));
      return Array.from({ length: count }, () => exampleOf(schema.items ?? {}, resolve, name.replace(/s$/, '')));
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, type === 'integer' ? 1 : 0.5) : 1;
    case 'boolean':
      return true;
    case 'string':
      if (schema.format === 'date-time') return TIME;
      if (schema.format === 'date') return DATE;
      if (schema.format === 'email') return 'someone@example.org';
      if (schema.format === 'uri') return 'https://clinic.example/';
      if (schema.format === 'uuid') return uuidFrom(name);
      return stringFor(name);
    default:
      // Untyped (`@Allow()`): any JSON value.
      return stringFor(name);
  }
}

/** A stable UUID-shaped id from a seed, so examples do not change between runs. */
export function uuidFrom(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Resolves `#/components/schemas/<Name>` against a set of component schemas. */
export const resolverOf =
  (schemas: Record<string, JsonSchema>): Resolve =>
  (ref) => {
    const schema = ref.startsWith(SCHEMA_REF_PREFIX) ? schemas[ref.slice(SCHEMA_REF_PREFIX.length)] : undefined;
    if (!schema) throw new Error(`unresolvable schema reference ${ref}`);
    return schema;
  };

export const EXAMPLE_TIME = TIME;
