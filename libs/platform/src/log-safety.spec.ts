import { Writable } from 'node:stream';
import { Body, Controller, Get, INestApplication, Post, Query } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsEmail, IsString, Matches } from 'class-validator';
import request from 'supertest';
import { applyHttpConventions } from './bootstrap';
import { createLogger, PinoNestLogger } from './logger';

class RegisterBody {
  @IsString() firstName: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/) dateOfBirth: string;
  @IsEmail() email: string;
}

@Controller('patients')
class PatientsTestController {
  @Post()
  register(@Body() body: RegisterBody) {
    return body;
  }

  /** A failure whose message echoes what it was given, as a database driver's does. */
  @Get()
  search(@Query('q') q: string) {
    throw new Error(`Cast to ObjectId failed for value "${q}" (contact zephyrine@example.com, +15550123456)`);
  }
}

/**
 * What a service logs when a request fails: a 400 goes to the client with its problems and leaves
 * the log alone; a 500 is logged by path (no query) with the error's echoed values masked. Runs the
 * shared HTTP conventions (validation pipe, problem details filter, JSON parser) in a real Nest app.
 */
describe('request failures in the logs', () => {
  let app: INestApplication;
  const lines: string[] = [];

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const moduleRef = await Test.createTestingModule({ controllers: [PatientsTestController] }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: new PinoNestLogger(createLogger('test', 'debug', destination)) });
    applyHttpConventions(app);
    await app.init();
  });
  afterAll(() => app.close());

  it('answers bad input with 400 problem details and logs nothing of the body', async () => {
    const before = lines.length;
    const res = await request(app.getHttpServer()).post('/patients').send({ firstName: 'Zephyrine', dateOfBirth: '17/05/1980', email: 'zephyrine-at-example', mrn: 'Quillfeather' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['dateOfBirth', 'email', 'mrn']);
    const logged = lines.slice(before).join('\n');
    expect(logged).not.toMatch(/Zephyrine|17\/05\/1980|zephyrine-at-example|Quillfeather/i);
  });

  it('answers malformed JSON with 400 and logs nothing of it', async () => {
    const before = lines.length;
    const res = await request(app.getHttpServer()).post('/patients').set('content-type', 'application/json').send('{"firstName": "Zephyrine", ');
    expect([res.status, res.body.code]).toEqual([400, 'REQUEST.MALFORMED_JSON']);
    expect(lines.slice(before).join('\n')).not.toMatch(/Zephyrine/i);
  });

  it('logs a 500 by path and error, without the query or the values its message echoes', async () => {
    const before = lines.length;
    const res = await request(app.getHttpServer()).get('/patients?q=Zephyrine%20Quillfeather');
    expect([res.status, res.body.code]).toEqual([500, 'INTERNAL']);
    const logged = lines.slice(before).join('\n');
    expect(logged).toContain('GET /patients failed');
    expect(logged).toContain('Cast to ObjectId failed for value');
    expect(logged).not.toMatch(/Zephyrine|Quillfeather|zephyrine@example\.com|5550123456/i);
  });
});
