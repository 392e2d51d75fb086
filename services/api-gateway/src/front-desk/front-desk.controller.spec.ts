import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { ProblemDetailsFilter, PUBLIC_KEY } from '@clinic-flow/platform';
import { UNPREFIXED_ROUTES } from '../routing/unprefixed';
import { findFrontDesk, FrontDeskController } from './front-desk.controller';

// eslint-disable-next-line @typescript-eslint/no-require-imports -- the build scripts are CommonJS outside the TypeScript projects
const { bundleFrontDesk } = require('../../../../tools/build/front-desk.js') as { bundleFrontDesk(outDir: string): Promise<string> };

describe('the front desk app at / (served by the gateway, built by tools/build)', () => {
  let app: INestApplication;
  let dist: string;
  let built: string;

  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'front-desk-dist-'));
    built = await bundleFrontDesk(dist);
    const moduleRef = await Test.createTestingModule({ controllers: [FrontDeskController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.setGlobalPrefix('api/v1', { exclude: UNPREFIXED_ROUTES });
    app.useGlobalFilters(new ProblemDetailsFilter());
    await app.init();
    app.get(FrontDeskController).dir = built;
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('answers the page at / (not under /api/v1), which loads the bundle from its assets path', async () => {
    const res = await request(app.getHttpServer()).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<script src="/front-desk/assets/front-desk.js" defer></script>');
    expect(res.text).toContain('href="/front-desk/assets/front-desk.css"');
    expect((await request(app.getHttpServer()).get('/api/v1/')).status).toBe(404);
  });

  it('serves the bundled script and style (React included, minified) with their types', async () => {
    const js = await request(app.getHttpServer()).get('/front-desk/assets/front-desk.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.text.length).toBeGreaterThan(50_000);
    expect(js.text).toContain('clinic-flow.front-desk.language');
    const css = await request(app.getHttpServer()).get('/front-desk/assets/front-desk.css');
    expect(css.status).toBe(200);
    expect(css.headers['content-type']).toMatch(/^text\/css/);
  });

  it('serves nothing but the bundle: other names are 404 FRONT_DESK.ASSET_NOT_FOUND', async () => {
    for (const name of ['index.html', '..%2F..%2Fpackage.json', 'other.js', 'front-desk.js.bak']) {
      const res = await request(app.getHttpServer()).get(`/front-desk/assets/${name}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('FRONT_DESK.ASSET_NOT_FOUND');
    }
  });

  it('is public (static files hold no data; the API checks the token), and says so when not built', async () => {
    expect(Reflect.getMetadata(PUBLIC_KEY, FrontDeskController)).toBe(true);
    const controller = app.get(FrontDeskController);
    try {
      controller.dir = null;
      const res = await request(app.getHttpServer()).get('/');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('FRONT_DESK.NOT_BUILT');
    } finally {
      controller.dir = built;
    }
  });

  it('finds the built folder above wherever the gateway runs from (dist-x, the image), and nothing where there is none', () => {
    expect(findFrontDesk(path.join(dist, 'services', 'api-gateway', 'src', 'front-desk'))).toBe(built);
    expect(findFrontDesk(fs.mkdtempSync(path.join(os.tmpdir(), 'no-front-desk-')))).toBeNull();
  });
});
