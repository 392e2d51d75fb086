/*
 * What every Clinic Flow operation can answer besides what its controller declares, written into
 * the OpenAPI documents so clients (and the API fuzzer) can rely on them: errors are RFC 9457
 * problem details served as `application/problem+json` (the FHIR routes' as OperationOutcomes in
 * `application/fhir+json`, a page's also as `text/html` where it declares one); any operation may refuse its input (400), a signed-in route a missing
 * or bad token (401) or a role or site that does not cover it (403), a route with path parameters an unknown id (404); request bodies refuse
 * properties they do not declare (the global ValidationPipe forbids them), so their schemas say
 * `additionalProperties: false`. Applied to each service's own document and, by the gateway, to
 * the composed public one, where forwarded operations may also answer 502 and 503.
 */

/** Loose shapes of the OpenAPI 3.0 parts read here (the documents come as JSON from the services). */
type Json = Record<string, unknown>;
interface MediaType {
  schema?: Json;
  [key: string]: unknown;
}
interface ResponseObject {
  description?: string;
  content?: Record<string, MediaType>;
  [key: string]: unknown;
}
interface Operation {
  parameters?: Array<{ in?: string }>;
  requestBody?: { content?: Record<string, MediaType> };
  responses?: Record<string, ResponseObject>;
  security?: unknown[];
  [key: string]: unknown;
}
export interface OpenApiDocumentLike {
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; [key: string]: unknown };
  [key: string]: unknown;
}

export const PROBLEM_JSON = 'application/problem+json';
const FHIR_JSON = 'application/fhir+json';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
const SCHEMA_PREFIX = '#/components/schemas/';
export const PROBLEM_SCHEMA_NAME = 'ProblemDetailsDto';

/** The problem details schema, for documents that do not register the DTO themselves. */
const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string', description: 'Stable machine-readable code' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    correlationId: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Field errors of a validation failure',
      items: { type: 'object', properties: { field: { type: 'string' }, messages: { type: 'array', items: { type: 'string' } } } },
    },
  },
};

/** The responses the shared machinery adds where an operation does not declare them. */
const SHARED = {
  400: 'REQUEST.VALIDATION_FAILED, REQUEST.INVALID, REQUEST.MALFORMED_JSON or REQUEST.BODY_REQUIRED: the input was refused (field errors in `errors`)',
  401: 'AUTH.UNAUTHENTICATED: no valid bearer token',
  403: 'AUTH.ROLE_FORBIDDEN or AUTH.SITE_FORBIDDEN: the caller\'s roles or sites do not cover this',
  404: 'RESOURCE.NOT_FOUND: no such id (or not visible to the caller)',
  413: 'REQUEST.TOO_LARGE: the body is over what the route takes (JSON: 1 MB)',
  502: 'UPSTREAM.BAD_RESPONSE: the owning service answered something that is not a problem',
  503: 'UPSTREAM.UNAVAILABLE: the owning service is not reachable right now',
} as const;

export interface ContractOptions {
  /** Operations forwarded by the gateway: they may also answer 502 and 503. */
  forwarded?: (path: string) => boolean;
}

/**
 * Completes a document in place (and returns it): problem responses declared with their media
 * type, shared statuses added, request bodies closed to undeclared properties. Idempotent.
 */
export function completeContract<D extends object>(given: D, options: ContractOptions = {}): D {
  const document = given as OpenApiDocumentLike;
  document.components ??= {};
  document.components.schemas ??= {};
  const schemas = document.components.schemas as Record<string, Json>;
  schemas[PROBLEM_SCHEMA_NAME] ??= structuredClone(PROBLEM_SCHEMA);
  const problemRef = { $ref: `${SCHEMA_PREFIX}${PROBLEM_SCHEMA_NAME}` };

  const requestRoots: Json[] = [];
  const responseRoots: Json[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation) continue;
      const responses = (operation.responses ??= {});
      const fhir = Object.values(responses).some((r) => r.content?.[FHIR_JSON]);
      const errorContent = (): Record<string, MediaType> =>
        fhir ? { [FHIR_JSON]: { schema: { type: 'object' } }, [PROBLEM_JSON]: { schema: { ...problemRef } } } : { [PROBLEM_JSON]: { schema: { ...problemRef } } };
      const add = (status: number, description: string) => {
        responses[status] ??= { description };
      };
      add(400, SHARED[400]);
      if (operation.security?.length) {
        add(401, SHARED[401]);
        add(403, SHARED[403]);
      }
      if ((operation.parameters ?? []).some((p) => p.in === 'path') || /\{[^}]+\}/.test(path)) add(404, SHARED[404]);
      if (operation.requestBody) add(413, SHARED[413]);
      if (options.forwarded?.(path)) {
        add(502, SHARED[502]);
        add(503, SHARED[503]);
      }
      for (const [status, response] of Object.entries(responses)) {
        const code = Number(status);
        if (code >= 400 || /^[45]XX$/i.test(status)) {
          // An error is a problem (or an OperationOutcome), whatever the success answer's media type.
          const content = errorContent();
          for (const [type, media] of Object.entries(response.content ?? {})) {
            if (!media.schema) continue;
            if ((type === FHIR_JSON && fhir) || type === 'text/html') content[type] = media;
            else if (type === PROBLEM_JSON || type === 'application/json') content[PROBLEM_JSON] = media;
          }
          response.content = content;
          response.description ||= SHARED[code as keyof typeof SHARED] ?? 'A problem (RFC 9457)';
        } else {
          for (const media of Object.values(response.content ?? {})) if (media.schema) responseRoots.push(media.schema);
        }
      }
      for (const media of Object.values(operation.requestBody?.content ?? {})) if (media.schema) requestRoots.push(media.schema);
      for (const parameter of (operation.parameters ?? []) as Array<{ in?: string; required?: boolean; schema?: Json }>) describeParameter(parameter);
    }
  }
  closeRequestSchemas(schemas, requestRoots, responseRoots);
  nullInNullableEnums(document);
  return given;
}

/**
 * A nullable enum lists null among its values: OpenAPI 3.0.3 reads `nullable` as adding null to the
 * type only, and an enum without null still refuses it, so a field whose null clears it (a
 * patient's gender identity) was documented as refusing what the API takes.
 */
function nullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(nullInNullableEnums);
  if (!node || typeof node !== 'object') return;
  const schema = node as Json;
  if (schema.nullable === true && Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  Object.values(schema).forEach(nullInNullableEnums);
}

/** What `rejectOddInput` refuses, as patterns: no control character in a path or query value, none but tab and line breaks in a body's text. */
export const NO_CONTROL_CHARACTERS = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';
export const TEXT_WITHOUT_CONTROL_CHARACTERS = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$';

/** A free-text string schema (no pattern, format or enum of its own) gets the pattern of what is refused anyway. */
function forbidControlCharacters(schema: Json, pattern: string): void {
  if (schema.type === 'string' && schema.pattern === undefined && schema.format === undefined && schema.enum === undefined) schema.pattern = pattern;
}

/**
 * A path or query parameter as the API reads it: text unless it says otherwise, without control
 * characters, and a required one not empty (an empty value is a missing one).
 */
function describeParameter(parameter: { in?: string; required?: boolean; schema?: Json }): void {
  if (parameter.in !== 'path' && parameter.in !== 'query') return;
  const schema = (parameter.schema ??= {});
  if (schema.$ref || schema.oneOf || schema.anyOf || schema.allOf) return;
  if (schema.type === undefined && schema.enum === undefined) schema.type = 'string';
  if (schema.type !== 'string') return;
  if ((parameter.required || parameter.in === 'path') && schema.minLength === undefined && schema.enum === undefined) schema.minLength = 1;
  forbidControlCharacters(schema, NO_CONTROL_CHARACTERS);
}

/** Names of the component schemas a set of schemas reaches through `$ref`s. */
function reachable(schemas: Record<string, Json>, roots: Json[]): Set<string> {
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith(SCHEMA_PREFIX)) {
        const name = value.slice(SCHEMA_PREFIX.length);
        if (!seen.has(name) && schemas[name]) {
          seen.add(name);
          visit(schemas[name]);
        }
      } else visit(value);
    }
  };
  roots.forEach(visit);
  return seen;
}

/**
 * Request body schemas (and the objects they nest) say `additionalProperties: false`: the
 * ValidationPipe refuses any property a DTO does not declare; their free text says it takes no
 * control characters (rejectOddInput). A schema an answer uses too is split: requests refer to a
 * copy of it, `<Name>Input`, closed like the rest, while answers keep the open original (an answer
 * may carry more than a request may send, and text a request could not). Left shared, the request
 * side promised that control characters were taken and the API refused them with 400.
 */
function closeRequestSchemas(schemas: Record<string, Json>, requestRoots: Json[], responseRoots: Json[]): void {
  const inResponses = reachable(schemas, responseRoots);
  const inRequests = [...reachable(schemas, requestRoots)];
  const shared = inRequests.filter((name) => inResponses.has(name));
  const copies = new Map<string, string>();
  for (const name of shared) {
    let copy = `${name}Input`;
    while (schemas[copy] && (schemas[copy] as Json)[REQUEST_COPY_OF] !== name) copy = `${copy}_`;
    copies.set(name, copy);
    schemas[copy] = { ...structuredClone(schemas[name]), [REQUEST_COPY_OF]: name };
  }
  // A shared schema's references are shared too (reachable from both sides), so every one has a copy.
  const redirect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(redirect);
    if (!node || typeof node !== 'object') return;
    const object = node as Json;
    if (typeof object.$ref === 'string' && object.$ref.startsWith(SCHEMA_PREFIX)) {
      const copy = copies.get(object.$ref.slice(SCHEMA_PREFIX.length));
      if (copy) object.$ref = `${SCHEMA_PREFIX}${copy}`;
      return;
    }
    Object.values(object).forEach(redirect);
  };
  const requestOnly = [...inRequests.filter((name) => !inResponses.has(name)), ...copies.values()];
  requestRoots.forEach(redirect);
  for (const name of requestOnly) redirect(schemas[name]);
  const close = (node: Json): void => {
    forbidControlCharacters(node, TEXT_WITHOUT_CONTROL_CHARACTERS);
    if (node.properties && typeof node.properties === 'object' && node.additionalProperties === undefined) node.additionalProperties = false;
    for (const property of Object.values((node.properties ?? {}) as Record<string, Json>)) {
      if (property && typeof property === 'object' && !property.$ref) close(property);
      const items = property?.items as Json | undefined;
      if (items && typeof items === 'object' && !items.$ref) close(items);
    }
  };
  for (const name of requestOnly) close(schemas[name]);
  for (const root of requestRoots) if (!root.$ref) close(root);
}

/** Marks a component schema made as the request side of one an answer uses too (the original's name). */
const REQUEST_COPY_OF = 'x-request-copy-of';
