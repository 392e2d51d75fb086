import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { methodNotAllowed, mirrorValidationIntoOpenApi, problem, toProblem } from '@clinic-flow/platform';
import { ServiceDocuments } from './routing/service-documents';

/** Methods some route may take; any other is answered here (405 or 404), never routed. */
const ROUTED_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * One public document at /api/docs-json (Swagger UI at /api/docs): the gateway's edge routes and
 * every service's own routes, composed on request so a service's new route shows up by itself.
 */
export function setupOpenApi(app: INestApplication): void {
  mirrorValidationIntoOpenApi();
  const edge = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Clinic Flow API')
      .setDescription(
        'Administration of a multi-site clinic network. Errors are RFC 9457 problem details with a stable `code`. ' +
          'Each operation lists the roles allowed to call it in `x-roles`; the owning service enforces them and the caller\'s sites.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  const documents = app.get(ServiceDocuments);
  documents.setEdge(edge);
  // A method no route of this API takes (TRACE, CONNECT, ...), or a method the gateway's own path does not
  // have (PUT /health): 405 with the methods it has. Forwarded paths get theirs from the route table (ForwardController).
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (ROUTED_METHODS.has(req.method)) {
      const own = documents.edgeAllowed(req.path);
      if (!own.length || own.includes(req.method) || req.method === 'OPTIONS') return next();
    }
    const allow = documents.allowed(req.path);
    const body = allow.length
      ? { ...toProblem(methodNotAllowed(req.method, allow)), instance: req.originalUrl }
      : { ...problem(404, 'RESOURCE.NOT_FOUND', `There is no route ${req.method} ${req.path}.`), instance: req.originalUrl };
    if (allow.length) res.setHeader('allow', allow.join(', '));
    res.status(body.status).type('application/problem+json').send(JSON.stringify(body));
  });
  SwaggerModule.setup('api/docs', app, edge, { jsonDocumentUrl: 'api/docs-json', patchDocumentOnRequest: () => documents.compose(edge) });
}
