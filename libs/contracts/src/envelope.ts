import { Type } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsNotEmpty, IsObject, IsOptional, IsString, IsUUID, Min } from 'class-validator';

/**
 * The one envelope every Clinic Flow event travels in.
 * `subject` is the aggregate id and the Kafka key; `siteId` scopes it to a clinic site.
 */
export interface EventEnvelope<T = unknown> {
  id: string;
  type: string;
  version: number;
  source: string;
  time: string;
  subject: string;
  siteId: string | null;
  correlationId: string;
  causationId: string | null;
  data: T;
}

export const SERVICES = ['api-gateway', 'scheduling', 'patient-records', 'insurance', 'billing', 'notification'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** Validation rules of the envelope; data is validated by the event's own class. */
export class EventEnvelopeShape implements Omit<EventEnvelope, 'data' | 'siteId' | 'causationId'> {
  @IsUUID()
  id: string;

  @IsString()
  @IsNotEmpty()
  type: string;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  version: number;

  @IsIn(SERVICES)
  source: string;

  @IsDateString({ strict: true })
  time: string;

  @IsString()
  @IsNotEmpty()
  subject: string;

  @IsOptional()
  @IsString()
  siteId?: string | null;

  @IsString()
  @IsNotEmpty()
  correlationId: string;

  @IsOptional()
  @IsString()
  causationId?: string | null;

  @IsObject()
  data: Record<string, unknown>;
}
