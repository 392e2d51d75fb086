import type { OpenAPIObject } from '@nestjs/swagger';
import { composeDocument, unresolvedRefs } from './compose';

const base = (paths: OpenAPIObject['paths'], schemas: Record<string, object> = {}): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas } });

describe('composeDocument', () => {
  it('prefixes service paths with /api/v1 and merges their schemas', () => {
    const gateway = base({ '/api/v1/auth/login': { post: { responses: {} } } }, { LoginResponse: { type: 'object' } });
    const scheduling = base({ '/appointments': { get: { responses: { 200: { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/AppointmentDto' } } } } } } } }, { AppointmentDto: { type: 'object' } });
    const composed = composeDocument(gateway, [scheduling]);
    expect(Object.keys(composed.paths).sort()).toEqual(['/api/v1/appointments', '/api/v1/auth/login']);
    expect(Object.keys(composed.components!.schemas!).sort()).toEqual(['AppointmentDto', 'LoginResponse', 'ProblemDetailsDto']);
    expect(unresolvedRefs(composed)).toEqual([]);
  });

  it('declares the gateway\'s 502 and 503 on forwarded operations only, errors as problem+json', () => {
    const gateway = base({ '/api/v1/auth/login': { post: { responses: { 200: { description: '' } } } } });
    const scheduling = base({ '/appointments/{id}': { get: { security: [{ bearer: [] }], responses: { 200: { description: '' } } } } });
    const composed = composeDocument(gateway, [scheduling]);
    const forwarded = composed.paths['/api/v1/appointments/{id}'].get!.responses;
    expect(Object.keys(forwarded).sort()).toEqual(['200', '400', '401', '403', '404', '502', '503']);
    expect(Object.keys((forwarded['503'] as { content: object }).content)).toEqual(['application/problem+json']);
    expect(Object.keys(composed.paths['/api/v1/auth/login'].post!.responses).sort()).toEqual(['200', '400']);
    // The service's own document is left as it was (it is composed again on the next request).
    expect(Object.keys(scheduling.paths['/appointments/{id}'].get!.responses)).toEqual(['200']);
  });

  it('finds a $ref that points at nothing', () => {
    const doc = base({ '/x': { get: { responses: { 200: { description: '', content: { 'application/json': { schema: { items: { $ref: '#/components/schemas/Missing' } } } } } } } } });
    expect(unresolvedRefs(doc)).toEqual(['#/components/schemas/Missing']);
  });
});
