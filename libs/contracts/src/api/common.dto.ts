import { applyDecorators, Type as Class } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiProperty, getSchemaPath } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** ISO-8601 date-time that states its offset (Z or ±hh:mm): no ambiguous local times. */
export const ISO_DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** E.164 phone number, e.g. +15550100123. */
export const E164 = /^\+[1-9]\d{7,14}$/;

export interface ListResponse<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export class ProblemDetailsDto {
  @ApiProperty({ example: 'urn:clinic-flow:problem:appointment.slot_taken' }) type: string;
  @ApiProperty({ example: 'Conflict' }) title: string;
  @ApiProperty({ example: 409 }) status: number;
  @ApiProperty({ example: 'APPOINTMENT.SLOT_TAKEN', description: 'Stable machine-readable code' }) code: string;
  @ApiProperty({ example: 'The provider already has an appointment at that time.' }) detail: string;
  @ApiProperty({ required: false }) instance?: string;
  @ApiProperty({ required: false }) correlationId?: string;
  @ApiProperty({ required: false, description: 'Field errors of a validation failure', type: 'array', items: { type: 'object' } })
  errors?: Array<{ field: string; messages: string[] }>;
}

/** The furthest a list is paged: far beyond any list here (lists are per site, patient or day). */
export const MAX_PAGE_OFFSET = 1_000_000;

/** Paging of every list endpoint: ?limit=&offset= (query strings are converted to numbers). */
export class PageQuery {
  @ApiProperty({ required: false, default: 50, minimum: 1, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  /** Bounded, so a huge number is a 400, not an offset no list reaches echoed back as 1e23. */
  @ApiProperty({ required: false, default: 0, minimum: 0, maximum: MAX_PAGE_OFFSET })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  offset = 0;
}

/**
 * Documents a `{ items, total, limit, offset }` answer. The item schema is registered with the
 * document, so its `$ref` resolves (a hand-written `$ref` to an unused DTO does not).
 */
export const ApiListResponse = (item: Class<unknown>, description: string) =>
  applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description,
      schema: {
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          total: { type: 'integer' },
          limit: { type: 'integer' },
          offset: { type: 'integer' },
        },
      },
    }),
  );
