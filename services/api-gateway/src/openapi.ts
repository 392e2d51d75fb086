import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ServiceDocuments } from './routing/service-documents';

/**
 * One public document at /api/docs-json (Swagger UI at /api/docs): the gateway's edge routes and
 * every service's own routes, composed on request so a service's new route shows up by itself.
 */
export function setupOpenApi(app: INestApplication): void {
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
  SwaggerModule.setup('api/docs', app, edge, { jsonDocumentUrl: 'api/docs-json', patchDocumentOnRequest: () => documents.compose(edge) });
}
