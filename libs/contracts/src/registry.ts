import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { EventEnvelope, EventEnvelopeShape, ServiceName } from './envelope';
import { DomainTopic } from './topics';

/** An event contract: its type and version, the topic it travels on, and its data shape. */
export interface EventDefinition<T extends object = object> {
  readonly type: string;
  readonly version: number;
  readonly topic: DomainTopic;
  readonly producer: ServiceName;
  readonly description: string;
  readonly data: new () => T;
  /** An example of the data for the event catalogue (docs/asyncapi.json); without one, it is made from the schema. */
  readonly example?: T;
}

/** `appointment.booked.v1`: what consumers subscribe to and what the registry is keyed by. */
export const eventKey = (def: Pick<EventDefinition, 'type' | 'version'>) => `${def.type}.v${def.version}`;

const registry = new Map<string, EventDefinition>();

/** Declares an event once; producers and consumers import the returned definition. */
export function defineEvent<T extends object>(def: EventDefinition<T>): EventDefinition<T> {
  const key = eventKey(def);
  if (registry.has(key)) throw new Error(`event ${key} is declared twice`);
  registry.set(key, def as EventDefinition);
  return def;
}

export function findEvent(type: string, version: number): EventDefinition | undefined {
  return registry.get(eventKey({ type, version }));
}

export function findEventByKey(key: string): EventDefinition | undefined {
  return registry.get(key);
}

export function allEvents(): EventDefinition[] {
  return [...registry.values()];
}

export class ContractViolation extends Error {
  constructor(readonly problems: string[]) {
    super(`event violates its contract: ${problems.join('; ')}`);
    this.name = 'ContractViolation';
  }
}

/** A well-formed envelope of a type (or version) this build does not know: a newer producer's event. */
export class UnknownEventType extends ContractViolation {
  constructor(readonly type: string, readonly version: number) {
    super([`unknown event type ${type} v${version}`]);
    this.name = 'UnknownEventType';
  }
}

function describe(errors: Awaited<ReturnType<typeof validate>>, prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) => `${prefix}${m}`),
    ...describe(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/**
 * Parses and validates a raw message against the envelope and its event's data contract.
 * Throws ContractViolation with every problem found; never returns a half-valid event.
 */
export async function parseEvent(raw: string | Buffer | null): Promise<{ envelope: EventEnvelope; definition: EventDefinition }> {
  if (raw === null) throw new ContractViolation(['message has no value']);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString());
  } catch {
    throw new ContractViolation(['message value is not JSON']);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new ContractViolation(['message value is not a JSON object']);
  const envelope = plainToInstance(EventEnvelopeShape, json);
  const envelopeErrors = await validate(envelope, { forbidUnknownValues: false });
  if (envelopeErrors.length) throw new ContractViolation(describe(envelopeErrors));
  const definition = findEvent(envelope.type, envelope.version);
  if (!definition) throw new UnknownEventType(envelope.type, envelope.version);
  const data = plainToInstance(definition.data, envelope.data);
  // Unknown fields are dropped, not refused: adding an optional field is a compatible change.
  const dataErrors = await validate(data, { whitelist: true });
  if (dataErrors.length) throw new ContractViolation(describe(dataErrors, 'data.'));
  return { envelope: { ...(json as EventEnvelope), data }, definition };
}
