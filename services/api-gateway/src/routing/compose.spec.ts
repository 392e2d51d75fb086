import type { OpenAPIObject } from '@nestjs/swagger';
import { composeDocument, unresolvedRefs } from './compose';

const base = (paths: OpenAPIObject['paths'], schemas: Record<string, object> = {}): OpenAPIObject => ({ openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas } });

describe('composeDocument', () => {
  it('prefixes service paths with /api/v1 and merges their schemas', () => {
    const gateway = base({ '/api/v1/auth/login': { post: { responses: {} } } }, { LoginResponse: { type: 'object' } });
    const scheduling = base({ '/appointments': { get: { responses: { 200: { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/AppointmentDto' } } } } } } } }, { AppointmentDto: { type: 'object' } });
    const composed = composeDocument(gateway, [scheduling]);
    expect(Object.keys(composed.paths).sort()).toEqual(['/api/v1/appointments', '/api/v1/auth/login']);
    expect(Object.keys(composed.components!.schemas!).sort()).toEqual(['AppointmentDto', 'LoginResponse']);
    expect(unresolvedRefs(composed)).toEqual([]);
  });

  it('finds a $ref that points at nothing', () => {
    const doc = base({ '/x': { get: { responses: { 200: { description: '', content: { 'application/json': { schema: { items: { $ref: '#/components/schemas/Missing' } } } } } } } } });
    expect(unresolvedRefs(doc)).toEqual(['#/components/schemas/Missing']);
  });
});
