import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { DomainError, methodNotAllowed, notFound, SERVICE_OPENAPI_PATH } from '@clinic-flow/platform';
import { Upstream, UpstreamClient, UPSTREAMS } from '../upstream/upstream.client';
import { composeDocument, PUBLIC_PREFIX } from './compose';
import { Route, routesOf, RouteTable } from './route-table';

/** A request for a route nobody declared re-reads the documents at most this often. */
const REFRESH_INTERVAL_MS = 5000;

/**
 * The services' own OpenAPI documents, read from the services, and the route table built from
 * them. A service that is down at the gateway's start is asked again when a request needs it;
 * a service that gained a route is re-read when a request meets an unknown route.
 */
@Injectable()
export class ServiceDocuments implements OnApplicationBootstrap {
  private readonly logger = new Logger(ServiceDocuments.name);
  private readonly documents = new Map<Upstream, OpenAPIObject>();
  private table = new RouteTable([]);
  private edge = new RouteTable([]);
  private inFlight?: Promise<void>;
  private lastRefresh = 0;

  constructor(private readonly upstream: UpstreamClient) {}

  onApplicationBootstrap(): void {
    void this.refresh();
  }

  /** The gateway's own routes (its edge document, paths as public): only to answer 405 with the right Allow. */
  setEdge(document: Pick<OpenAPIObject, 'paths'>): void {
    this.edge = new RouteTable(routesOf('api-gateway' as Upstream, document));
  }

  /**
   * The service owning a request, or a problem: 404 for no such route, 405 (with the methods it
   * has) for a known path and another method, 503 while an owner may be unreadable. HEAD is GET.
   */
  async route(method: string, path: string): Promise<Route> {
    const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method;
    let route = this.table.match(wanted, path);
    if (!route && (this.missing().length > 0 || Date.now() - this.lastRefresh >= REFRESH_INTERVAL_MS)) {
      await this.refresh();
      route = this.table.match(wanted, path);
    }
    if (route) return route;
    const missing = this.missing();
    if (missing.length) {
      throw new DomainError('unavailable', 'UPSTREAM.UNAVAILABLE', `The ${missing.join(', ')} service is not reachable right now; try again shortly.`, { services: missing });
    }
    const allow = this.allowed(`${PUBLIC_PREFIX}${path}`);
    if (allow.length) throw methodNotAllowed(method.toUpperCase(), allow);
    throw notFound('RESOURCE.NOT_FOUND', `There is no route ${method.toUpperCase()} ${path}.`);
  }

  /** The methods the gateway's own public path answers (HEAD with GET); empty for a path it does not have. */
  edgeAllowed(publicPath: string): string[] {
    const methods = this.edge.allowed(publicPath);
    return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
  }

  /** The methods a public path answers, forwarded or the gateway's own (HEAD with GET). */
  allowed(publicPath: string): string[] {
    const forwarded = publicPath.startsWith(`${PUBLIC_PREFIX}/`) ? this.table.allowed(publicPath.slice(PUBLIC_PREFIX.length)) : [];
    const methods = new Set([...forwarded, ...this.edge.allowed(publicPath)]);
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods];
  }

  /** The public document, composed from the gateway's own and every readable service's. */
  async compose(gateway: OpenAPIObject): Promise<OpenAPIObject> {
    if (this.missing().length) await this.refresh();
    return composeDocument(gateway, UPSTREAMS.flatMap((s) => this.documents.get(s) ?? []));
  }

  private missing(): Upstream[] {
    return UPSTREAMS.filter((s) => !this.documents.has(s));
  }

  private refresh(): Promise<void> {
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
      this.lastRefresh = Date.now();
    });
    return this.inFlight;
  }

  private async load(): Promise<void> {
    await Promise.all(
      UPSTREAMS.map(async (service) => {
        try {
          const { status, json } = await this.upstream.request(service, 'GET', SERVICE_OPENAPI_PATH, undefined, 3000);
          if (status === 200 && json && typeof json === 'object') this.documents.set(service, json as OpenAPIObject);
        } catch {
          this.logger.warn(`no OpenAPI document from ${service} yet; its routes are unknown until it answers`);
        }
      }),
    );
    this.table = new RouteTable([...this.documents].flatMap(([service, document]) => routesOf(service, document)));
  }
}
