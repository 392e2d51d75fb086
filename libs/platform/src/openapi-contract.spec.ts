import { Body, Controller, Get, INestApplication, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiResponse, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import { Type } from 'class-transformer';
import { ArrayUnique, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { completeContract, TEXT_WITHOUT_CONTROL_CHARACTERS } from './openapi-contract';
import { mirrorValidationIntoOpenApi } from './openapi-validation';

class ListQuery {
  @ApiProperty({ required: false, minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;
}

class Address {
  @ApiProperty() @IsString() city: string;
}

class CreateNote {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) text: string;
  @ApiProperty({ required: false }) @IsOptional() @Matches(/^\d{4}-\d{2}-\d{2}$/) day?: string;
  @ApiProperty({ required: false }) @IsOptional() @IsIn(['low', 'high']) priority?: string;
  @ApiProperty({ required: false, type: Address }) address?: Address;
  @ApiProperty({ required: false, type: [String] }) @IsOptional() @ArrayUnique() @Matches(/^[a-z]+$/, { each: true }) tags?: string[];
}

class NoteDto {
  @ApiProperty() id: string;
  @ApiProperty({ type: Address }) address: Address;
}

@Controller('notes')
class NotesController {
  @Get()
  @ApiOkResponse({ type: [NoteDto] })
  list(@Query() query: ListQuery) {
    return query;
  }

  @Get(':id')
  @ApiOkResponse({ type: NoteDto })
  @ApiResponse({ status: 409, description: 'NOTE.LOCKED', content: { 'application/json': { schema: { type: 'object' } } } })
  one(@Param('id') id: string) {
    return { id };
  }

  @Post()
  create(@Body() body: CreateNote) {
    return body;
  }
}

type Doc = ReturnType<typeof SwaggerModule.createDocument>;
const op = (doc: Doc, path: string, method: 'get' | 'post') => doc.paths[path][method]!;

/** A service's document as bootstrap makes it: validators mirrored, then the shared contract completed. */
describe('the OpenAPI contract of a service', () => {
  let app: INestApplication;
  let doc: Doc;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [NotesController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    mirrorValidationIntoOpenApi();
    doc = completeContract(SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build()));
  });
  afterAll(() => app.close());

  it('states what the validators check: types, bounds, lengths, patterns, enums', () => {
    const limit = op(doc, '/notes', 'get').parameters!.find((p) => 'name' in p && p.name === 'limit') as { schema: object };
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 200 });
    const note = doc.components!.schemas!.CreateNote as { properties: Record<string, object> };
    expect(note.properties.text).toMatchObject({ type: 'string', minLength: 1, maxLength: 500 });
    expect(note.properties.day).toMatchObject({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });
    expect(note.properties.priority).toMatchObject({ enum: ['low', 'high'] });
    // @ArrayUnique refuses repeated items; a pattern of each item is the items' pattern.
    expect(note.properties.tags).toMatchObject({ type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[a-z]+$' } });
  });

  it('declares every error as application/problem+json, and the shared 400 and 404', () => {
    const one = op(doc, '/notes/{id}', 'get').responses as Record<string, { content: Record<string, unknown> }>;
    expect(Object.keys(one)).toEqual(expect.arrayContaining(['200', '400', '404', '409']));
    for (const status of ['400', '404', '409']) expect(Object.keys(one[status].content)).toEqual(['application/problem+json']);
    expect(one['400'].content['application/problem+json']).toEqual({ schema: { $ref: '#/components/schemas/ProblemDetailsDto' } });
    expect(doc.components!.schemas!.ProblemDetailsDto).toBeDefined();
    expect(Object.keys(op(doc, '/notes', 'get').responses)).not.toContain('404');
  });

  it('closes request bodies to undeclared properties and control characters; a schema an answer uses too is copied for requests', () => {
    const schemas = doc.components!.schemas! as Record<string, { properties?: Record<string, object> }>;
    expect(schemas.CreateNote).toMatchObject({ additionalProperties: false });
    expect(schemas.CreateNote.properties!.text).toMatchObject({ pattern: TEXT_WITHOUT_CONTROL_CHARACTERS });
    // The request refers to a closed copy of Address; the answer keeps the open original.
    expect(schemas.CreateNote.properties!.address).toEqual({ $ref: '#/components/schemas/AddressInput' });
    expect(schemas.AddressInput).toMatchObject({ additionalProperties: false, properties: { city: { type: 'string', pattern: TEXT_WITHOUT_CONTROL_CHARACTERS } } });
    expect(schemas.Address).not.toHaveProperty('additionalProperties');
    expect(schemas.Address.properties!.city).not.toHaveProperty('pattern');
    expect(schemas.NoteDto.properties!.address).toEqual({ $ref: '#/components/schemas/Address' });
    // Composed again (the gateway completes the services' documents once more): nothing changes.
    expect(completeContract(structuredClone(doc))).toEqual(doc);
  });

  it('adds 401 and 403 where a token is needed and 502/503 on forwarded operations, idempotently', () => {
    const secured = { paths: { '/x/{id}': { get: { security: [{ bearer: [] }], responses: { 200: { description: '' } } } } } };
    const once = completeContract(structuredClone(secured), { forwarded: () => true });
    expect(Object.keys(once.paths['/x/{id}'].get.responses).sort()).toEqual(['200', '400', '401', '403', '404', '502', '503']);
    expect(completeContract(structuredClone(once), { forwarded: () => true })).toEqual(once);
  });

  it('lists null among the values of a nullable enum (OpenAPI 3.0.3: nullable alone does not admit null to an enum)', () => {
    const doc = completeContract({ components: { schemas: { X: { type: 'object', properties: { g: { type: 'string', nullable: true, enum: ['a', 'b'] }, h: { type: 'string', enum: ['c'] } } } } } });
    const properties = (doc.components.schemas.X as { properties: Record<string, { enum: unknown[] }> }).properties;
    expect(properties.g.enum).toEqual(['a', 'b', null]);
    expect(properties.h.enum).toEqual(['c']);
    expect(completeContract(structuredClone(doc))).toEqual(doc);
  });
});
