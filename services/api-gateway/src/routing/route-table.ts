import type { OpenAPIObject } from '@nestjs/swagger';
import type { Upstream } from '../upstream/upstream.client';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** One operation a service declares in its own document: where the gateway sends it. */
export interface Route {
  service: Upstream;
  method: string;
  /** As in the service's document, e.g. `/appointments/{id}/cancel`. */
  template: string;
}

interface CompiledRoute extends Route {
  pattern: RegExp;
  literalSegments: number;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(route: Route): CompiledRoute {
  const segments = route.template.split('/').filter(Boolean);
  const parts = segments.map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : escapeRegExp(segment)));
  return { ...route, pattern: new RegExp(`^/${parts.join('/')}/?$`), literalSegments: segments.filter((s) => !s.startsWith('{')).length };
}

/** The operations of a service's document. */
export function routesOf(service: Upstream, document: Pick<OpenAPIObject, 'paths'>): Route[] {
  return Object.entries(document.paths ?? {}).flatMap(([template, item]) =>
    METHODS.filter((m) => item[m]).map((m) => ({ service, method: m.toUpperCase(), template })),
  );
}

/**
 * Which service owns a request, derived from the services' own documents: a route a service adds
 * is routed without any change here. A literal segment wins over a parameter
 * (`/slots/first-available` before `/slots/{id}`).
 */
export class RouteTable {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map(compile).sort((a, b) => b.literalSegments - a.literalSegments);
  }

  get size(): number {
    return this.routes.length;
  }

  /** The methods some route of this path answers (for a 405's Allow header); empty for an unknown path. */
  allowed(path: string): string[] {
    return [...new Set(this.routes.filter((r) => r.pattern.test(path)).map((r) => r.method))];
  }

  match(method: string, path: string): Route | undefined {
    const upper = method.toUpperCase();
    const found = this.routes.find((r) => r.method === upper && r.pattern.test(path));
    return found && { service: found.service, method: found.method, template: found.template };
  }
}
