import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ProblemDetailsFilter, PUBLIC_KEY } from '@clinic-flow/platform';
import { EventCatalogueController, findCatalogue } from './event-catalogue.controller';

const REPO_CATALOGUE = path.resolve(__dirname, '../../../../docs/asyncapi.json');

describe('GET /api/v1/docs/events: the event catalogue', () => {
  let app: INestApplication;
  let controller: EventCatalogueController;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [EventCatalogueController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.setGlobalPrefix('api/v1');
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
    controller = app.get(EventCatalogueController);
  });

  afterAll(() => app.close());

  it("answers the repository's docs/asyncapi.json as JSON, byte for byte", async () => {
    const res = await request(app.getHttpServer()).get('/api/v1/docs/events');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.text).toBe(fs.readFileSync(REPO_CATALOGUE, 'utf8'));
    expect(res.body.asyncapi).toBe('3.0.0');
    expect(res.body.channels.appointments.address).toBe('clinic.scheduling.appointment.v1');
  });

  it('is public, like the OpenAPI document (no token: the auth guard lets @Public routes through)', () => {
    expect(Reflect.getMetadata(PUBLIC_KEY, EventCatalogueController)).toBe(true);
  });

  it('answers 503 DOCS.CATALOGUE_MISSING where the installation has no catalogue file', async () => {
    const fresh = new EventCatalogueController();
    fresh.file = null;
    expect(() => fresh.events({} as never)).toThrow(expect.objectContaining({ code: 'DOCS.CATALOGUE_MISSING', kind: 'unavailable' }));
    const served = controller.file;
    try {
      controller.file = null;
      (controller as unknown as { document: undefined }).document = undefined;
      const res = await request(app.getHttpServer()).get('/api/v1/docs/events');
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('DOCS.CATALOGUE_MISSING');
    } finally {
      controller.file = served;
    }
  });

  it('finds the file above the build wherever it runs from (src, dist-x, the image /app), and nothing where there is none', () => {
    expect(findCatalogue(__dirname)).toBe(REPO_CATALOGUE);
    expect(findCatalogue(path.resolve(__dirname, '../../../../dist-x/services/api-gateway/src/docs'))).toBe(REPO_CATALOGUE);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'no-catalogue-'));
    try {
      expect(findCatalogue(path.join(empty, 'dist/services/api-gateway/src/docs'))).toBeNull();
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
