import type { OpenAPIObject } from '@nestjs/swagger';
import { completeContract } from '@clinic-flow/platform';

/** The public prefix of every forwarded route. */
export const PUBLIC_PREFIX = '/api/v1';

/**
 * The public document: the gateway's own edge routes plus every service's routes under
 * `/api/v1`, with the services' schemas merged. Services share DTOs from the contracts library, so
 * a schema name means the same shape everywhere; the first definition of a name is kept. The
 * result declares what the shared machinery answers (completeContract), the gateway's 502 and 503
 * on forwarded operations included.
 */
export function composeDocument(gateway: OpenAPIObject, services: Iterable<OpenAPIObject>): OpenAPIObject {
  const paths = { ...gateway.paths };
  const schemas = { ...(gateway.components?.schemas ?? {}) };
  const tags = [...(gateway.tags ?? [])];
  for (const service of services) {
    for (const [path, item] of Object.entries(service.paths ?? {})) paths[`${PUBLIC_PREFIX}${path}`] = item;
    for (const [name, schema] of Object.entries(service.components?.schemas ?? {})) schemas[name] ??= schema;
    for (const tag of service.tags ?? []) if (!tags.some((t) => t.name === tag.name)) tags.push(tag);
  }
  // Copies: the service documents are kept and composed again on the next request.
  const composed = structuredClone({ ...gateway, tags, paths, components: { ...gateway.components, schemas } });
  const edge = new Set(Object.keys(gateway.paths ?? {}));
  return completeContract(composed, { forwarded: (path) => !edge.has(path) });
}

/** Every `$ref` of the document that points at nothing (an empty list for a sound document). */
export function unresolvedRefs(document: object): string[] {
  const missing = new Set<string>();
  const resolves = (ref: string) =>
    ref.startsWith('#/') &&
    ref
      .slice(2)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), document) !== undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !resolves(value)) missing.add(value);
      else visit(value);
    }
  };
  visit(document);
  return [...missing];
}
