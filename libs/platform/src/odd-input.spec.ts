import { Body, Controller, Get, INestApplication, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { IsOptional, IsString, Matches } from 'class-validator';
import request from 'supertest';
import { applyHttpConventions } from './bootstrap';
import { checkPath, findOddString } from './odd-input';
import { mirrorValidationIntoOpenApi } from './openapi-validation';

class NoteBody {
  @IsString() text: string;
  @IsOptional() @IsString() title?: string;
}

class PatchBody {
  @ApiProperty({ required: false }) @IsOptional() @IsString() title?: string;
  @ApiProperty({ required: false, nullable: true }) @IsOptional() @IsString() note?: string | null;
  @ApiProperty({ required: false }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) day?: string;
}

@Controller('things')
class ThingsTestController {
  @Get(':id')
  one(@Param('id') id: string) {
    return { id };
  }

  @Get()
  search(@Query('q') q: string) {
    // Would be a 500 on an array: q.trim is not a function.
    return { q: q?.trim() ?? null };
  }

  @Post()
  create(@Body() body: NoteBody) {
    return body;
  }

  @Patch(':id')
  change(@Param('id') id: string, @Body() body: PatchBody) {
    return { id, ...body };
  }
}

/** The shared HTTP conventions meet odd input (what the API fuzzer sends) in a real Nest app. */
describe('odd input', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [ThingsTestController] }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    applyHttpConventions(app);
    await app.init();
    // As bootstrap does before serving: the document's formats (a date's) come from the validators.
    mirrorValidationIntoOpenApi();
  });
  afterAll(() => app.close());

  it('lets ordinary text through, line breaks and emoji in a body included', async () => {
    expect((await http().get('/things/appt-1')).body).toEqual({ id: 'appt-1' });
    expect((await http().get('/things/Jos%C3%A9%20%F0%9F%98%80')).body).toEqual({ id: 'José 😀' });
    const body = { text: 'line one\nline two\ttabbed 😀', title: 'Ünïcödé' };
    expect((await http().post('/things').send(body)).body).toEqual(body);
  });

  it.each([
    ['a NUL byte', '/things/a%00b', 'REQUEST.INVALID_CHARACTERS'],
    ['a line break', '/things/a%0Ab', 'REQUEST.INVALID_CHARACTERS'],
    ['a C1 control', '/things/a%C2%85', 'REQUEST.INVALID_CHARACTERS'],
    ['a lone surrogate (CESU bytes)', '/things/%ED%A0%80', 'REQUEST.INVALID_ENCODING'],
    ['a broken escape', '/things/%E0%A4%A', 'REQUEST.INVALID_ENCODING'],
  ])('refuses a path with %s: 400 with a code', async (_what, path, code) => {
    const res = await http().get(path);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 400, code });
  });

  it('refuses control characters in a query value and a query parameter given twice', async () => {
    const control = await http().get('/things?q=a%07b');
    expect(control.status).toBe(400);
    expect(control.body).toMatchObject({ code: 'REQUEST.INVALID_CHARACTERS', errors: [{ field: 'q' }] });
    const twice = await http().get('/things?q=a&q=b');
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ code: 'REQUEST.REPEATED_PARAMETER', errors: [{ field: 'q' }] });
    expect((await http().get('/things?q=%20ok%20')).body).toEqual({ q: 'ok' });
  });

  it('refuses a body string with a control character or a lone surrogate, naming the field', async () => {
    const nul = await http().post('/things').set('content-type', 'application/json').send('{"text":"a\\u0000b"}');
    expect(nul.status).toBe(400);
    expect(nul.body).toMatchObject({ code: 'REQUEST.INVALID_CHARACTERS', errors: [{ field: 'text' }] });
    const surrogate = await http().post('/things').set('content-type', 'application/json').send('{"text":"ok","title":"\\ud800"}');
    expect(surrogate.status).toBe(400);
    expect(surrogate.body).toMatchObject({ code: 'REQUEST.INVALID_CHARACTERS', errors: [{ field: 'title' }] });
  });

  it('answers huge numbers and wrong types with a validation problem, not a 500', async () => {
    const huge = await http().post('/things').set('content-type', 'application/json').send('{"text":1e999}');
    expect(huge.status).toBe(400);
    expect(huge.body.code).toBe('REQUEST.VALIDATION_FAILED');
    const wrong = await http().post('/things').send({ text: { nested: true } });
    expect(wrong.status).toBe(400);
  });

  it('refuses a PATCH with no body at all (400 REQUEST.BODY_REQUIRED), not an empty object', async () => {
    const none = await http().patch('/things/t-1');
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ code: 'REQUEST.BODY_REQUIRED' });
    expect((await http().patch('/things/t-1').send({})).body).toEqual({ id: 't-1' });
    expect((await http().patch('/things/t-1').send({ title: 'x' })).body).toEqual({ id: 't-1', title: 'x' });
  });

  it('refuses null where the DTO does not declare it nullable (@IsOptional alone would let it through)', async () => {
    const nulled = await http().patch('/things/t-1').send({ title: null });
    expect(nulled.status).toBe(400);
    expect(nulled.body).toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', errors: [{ field: 'title' }] });
    expect((await http().patch('/things/t-1').send({ note: null })).body).toEqual({ id: 't-1', note: null });
  });

  it('refuses a date of the right shape that is no calendar date (the document says format: date)', async () => {
    for (const day of ['2026-02-31', '0000-00-00', '2025-13-01']) {
      const res = await http().patch('/things/t-1').send({ day });
      expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, 'day']);
    }
    expect((await http().patch('/things/t-1').send({ day: '2024-02-29' })).body).toEqual({ id: 't-1', day: '2024-02-29' });
  });
});

describe('findOddString and checkPath', () => {
  it('names the field path of the first odd string, keys included', () => {
    expect(findOddString({ a: [{ b: 'fine' }, { c: 'x\u0001' }] })).toEqual(['a[1].c', 'contains a control character']);
    expect(findOddString({ ['k\u0000']: 1 })?.[0]).toBe('k\u0000');
    expect(findOddString({ emoji: '\ud83d\ude00', text: 'a\r\nb\t' })).toBeUndefined();
    expect(findOddString(['\udc00'])).toEqual(['[0]', 'contains a lone surrogate (not valid Unicode text)']);
  });

  it('decodes each segment', () => {
    expect(checkPath('/api/v1/patients/p-1/documents')).toBeUndefined();
    expect(checkPath('/api/v1/x/%FF')?.code).toBe('REQUEST.INVALID_ENCODING');
    expect(checkPath('/api/v1/x/%1F')?.code).toBe('REQUEST.INVALID_CHARACTERS');
  });
});
