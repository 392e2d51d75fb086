/*
 * The event catalogue: one AsyncAPI 3.0 document of every topic, event type and version, made
 * from libs/contracts (Topics and their doc comments, every event registered with defineEvent)
 * and from the handlers services declare. Nothing is listed by hand, so an event registered the
 * usual way is in the catalogue once `npm run docs:events` runs; the unit tests beside this file
 * fail until the checked-in docs/asyncapi.json is the one this makes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { allEvents, ANALYTICS_RECORDS, ANALYTICS_STREAMS, analyticsTopic, DEFAULT_PARTITIONS, DeadLetterHeaders, deadLetterTopic, EventDefinition, eventKey, EventEnvelope, Topics } from '@clinic-flow/contracts';
import { CORRELATION_HEADER } from '@clinic-flow/platform';
import { EXAMPLE_TIME, exampleOf, resolverOf, uuidFrom } from './examples';
import { envelopeSchema, JsonSchema, SCHEMA_REF_PREFIX, schemasOf } from './schemas';

export const CATALOGUE_FILE = 'docs/asyncapi.json';
const KAFKA_BINDING = '0.5.0';

/* eslint-disable @typescript-eslint/no-explicit-any */
export type AsyncApiDocument = Record<string, any>;

/** Each Topics entry's doc comment, by entry name, read from topics.ts. */
export function topicDocs(file = path.resolve(__dirname, '../../../libs/contracts/src/topics.ts')): Record<string, string> {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const docs: Record<string, string> = {};
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === 'Topics') {
      const literal = node.initializer && ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer;
      if (literal && ts.isObjectLiteralExpression(literal)) {
        for (const property of literal.properties) {
          const comment = ts
            .getJSDocCommentsAndTags(property)
            .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
            .join(' ')
            .trim();
          if (comment && property.name) docs[property.name.getText()] = comment;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return docs;
}

/** "...; key = waitlist entry id." -> "waitlist entry id". */
export function keyOf(doc: string | undefined): string {
  return /key = ([^.;]+)/.exec(doc ?? '')?.[1]?.trim() ?? 'aggregate id';
}

/** "waitlist entry id, else patient id" -> "waitlistEntryId": the data field that usually holds the key. */
const keyField = (key: string) =>
  key
    .split(',')[0]
    .trim()
    .replace(/\s+(\w)/g, (_, c: string) => c.toUpperCase());

export interface CatalogueSources {
  events: EventDefinition[];
  topics: Record<string, string>;
  docs: Record<string, string>;
  /** Event keys each service handles (consumers.ts). */
  consumers: Record<string, string[]>;
}

/** The sources as the code declares them now; consumers come from findConsumers(). */
export const currentSources = (consumers: Record<string, string[]>): CatalogueSources => ({ events: allEvents(), topics: { ...Topics }, docs: topicDocs(), consumers });

/** The example as the relay sends it: headers and the envelope. */
function exampleMessage(definition: EventDefinition, data: Record<string, unknown>, key: string) {
  const payload = exampleEnvelope(definition, data, key);
  return { headers: { 'event-id': payload.id, 'event-type': payload.type, 'event-version': String(payload.version), [CORRELATION_HEADER]: payload.correlationId }, payload };
}

/** An envelope around the example data, as a producer would send it. */
function exampleEnvelope(definition: EventDefinition, data: Record<string, unknown>, key: string): EventEnvelope {
  const field = keyField(key);
  const subject = typeof data[field] === 'string' ? (data[field] as string) : (Object.entries(data).find(([name, v]) => /Id$/.test(name) && typeof v === 'string')?.[1] as string) ?? 'aggregate-0001';
  return {
    id: uuidFrom(`event ${eventKey(definition)}`),
    type: definition.type,
    version: definition.version,
    source: definition.producer,
    time: EXAMPLE_TIME,
    subject,
    siteId: typeof data.siteId === 'string' ? data.siteId : null,
    correlationId: uuidFrom(`correlation ${eventKey(definition)}`),
    causationId: null,
    data,
  };
}

/** The Kafka headers the outbox relay puts on every event (libs/messaging publisher.ts): consumers may route on them without parsing. */
function headersOf(definition: EventDefinition) {
  return {
    type: 'object',
    properties: {
      'event-id': { type: 'string', format: 'uuid', description: 'The envelope id.' },
      'event-type': { type: 'string', const: definition.type },
      'event-version': { type: 'string', const: String(definition.version) },
      [CORRELATION_HEADER]: { type: 'string', description: 'The envelope correlationId.' },
    },
  };
}

/** What the dead-letter headers (DeadLetterHeaders) say; the reasons are those of libs/messaging kafka-event.server.ts. */
const DEAD_LETTER_HEADERS: Record<keyof typeof DeadLetterHeaders, JsonSchema> = {
  reason: { type: 'string', description: 'contract-violation (not a valid event of a known type), permanent-failure (the handler refused it for good) or retries-exhausted.' },
  error: { type: 'string', description: 'The error, at most 4000 characters.' },
  sourceTopic: { type: 'string', description: 'The topic the message came from.' },
  sourcePartition: { type: 'string', description: 'Its partition (a number).' },
  sourceOffset: { type: 'string', description: 'Its offset (a number).' },
  consumerGroup: { type: 'string', description: 'The consumer group that gave up on it.' },
  attempts: { type: 'string', description: 'How many times the handler tried (0 for a contract violation).' },
  failedAt: { type: 'string', format: 'date-time', description: 'When it was dead-lettered.' },
};

/** The dead-letter topics: one per consumer group, carrying the original message with headers saying why. */
function deadLetters(groups: string[]) {
  const address = deadLetterTopic('{consumerGroup}');
  const headers = Object.fromEntries(Object.entries(DEAD_LETTER_HEADERS).map(([name, schema]) => [DeadLetterHeaders[name as keyof typeof DeadLetterHeaders], schema]));
  const channel = {
    address,
    title: address,
    description: 'Dead letters of one consumer group: the messages it could not validate or handle, as they were (same key, value and headers), with headers saying why. Nothing blocks the partition behind them.',
    parameters: { consumerGroup: { enum: groups, description: 'The consumer group: each service consumes in its own, named after it.' } },
    messages: { 'dead-letter': { $ref: '#/components/messages/dead-letter' } },
  };
  const message = {
    name: 'dead-letter',
    title: 'A dead letter',
    summary: 'The original message of a domain topic, untouched (it may not even be JSON), with the dead-letter headers added to its own.',
    headers: { type: 'object', properties: headers, required: Object.keys(headers) },
    payload: { description: 'The original message value, byte for byte.' },
    bindings: { kafka: { key: { type: 'string', description: 'The original message key.' }, bindingVersion: KAFKA_BINDING } },
    examples: [
      {
        name: 'contract-violation',
        summary: 'An appointment.booked v2 without its data',
        headers: {
          'event-type': 'appointment.booked',
          [DeadLetterHeaders.reason]: 'contract-violation',
          [DeadLetterHeaders.error]: 'event violates its contract: data.appointmentId must be a string',
          [DeadLetterHeaders.sourceTopic]: Topics.appointments,
          [DeadLetterHeaders.sourcePartition]: '3',
          [DeadLetterHeaders.sourceOffset]: '1207',
          [DeadLetterHeaders.consumerGroup]: 'notification',
          [DeadLetterHeaders.attempts]: '0',
          [DeadLetterHeaders.failedAt]: EXAMPLE_TIME,
        },
        payload: { id: uuidFrom('dead letter'), type: 'appointment.booked', version: 2, data: {} },
      },
    ],
  };
  const operation = {
    action: 'send',
    title: 'Every consumer group dead-letters what it cannot handle',
    channel: { $ref: '#/channels/deadLetters' },
    messages: [{ $ref: '#/channels/deadLetters/messages/dead-letter' }],
  };
  return { channel, message, operation };
}

/** Builds the AsyncAPI 3.0 document. Pure: the same sources give the same document. */
export function buildCatalogue(sources: CatalogueSources): AsyncApiDocument {
  const events = [...sources.events].sort((a, b) => eventKey(a).localeCompare(eventKey(b), 'en'));
  const schemas = schemasOf([...events.map((e) => e.data), ...ANALYTICS_STREAMS.map((s) => ANALYTICS_RECORDS[s].record)]);
  const resolve = resolverOf(schemas);
  const envelope = envelopeSchema();
  const channelOf = new Map(Object.entries(sources.topics).map(([id, address]) => [address, id]));

  const channels: AsyncApiDocument = {};
  for (const [id, address] of Object.entries(sources.topics)) {
    const key = keyOf(sources.docs[id]);
    channels[id] = {
      address,
      title: address,
      description: `${sources.docs[id] ?? address}${sources.docs[id] ? '' : `; key = ${key}.`}`,
      messages: Object.fromEntries(events.filter((e) => e.topic === address).map((e) => [eventKey(e), { $ref: `#/components/messages/${eventKey(e)}` }])),
      bindings: { kafka: { topic: address, partitions: DEFAULT_PARTITIONS, bindingVersion: KAFKA_BINDING } },
    };
  }

  const messages: AsyncApiDocument = {};
  for (const definition of events) {
    const name = eventKey(definition);
    const channel = channelOf.get(definition.topic);
    if (!channel) throw new Error(`${name} travels on ${definition.topic}, which is not in Topics`);
    const key = keyOf(sources.docs[channel]);
    const dataRef = { $ref: `${SCHEMA_REF_PREFIX}${definition.data.name}` };
    const data = (definition.example ?? exampleOf(dataRef, resolve)) as Record<string, unknown>;
    messages[name] = {
      name,
      title: `${definition.type} v${definition.version}`,
      summary: definition.description,
      contentType: 'application/json',
      headers: headersOf(definition),
      correlationId: { description: 'Shared by every event and request one action started.', location: '$message.payload#/correlationId' },
      payload: {
        ...envelope,
        properties: {
          ...envelope.properties,
          type: { ...envelope.properties?.type, const: definition.type },
          version: { ...envelope.properties?.version, const: definition.version },
          source: { ...envelope.properties?.source, const: definition.producer },
          data: dataRef,
        },
      },
      bindings: { kafka: { key: { type: 'string', description: `The ${key} (envelope subject).` }, bindingVersion: KAFKA_BINDING } },
      examples: [{ name: name.replace(/\./g, '-'), summary: `An example of ${name}`, ...exampleMessage(definition, data, key) }],
    };
  }

  const operations: AsyncApiDocument = {};
  const refs = (keys: string[], channel: string) => keys.map((k) => ({ $ref: `#/channels/${channel}/messages/${k}` }));
  for (const [channel, address] of Object.entries(sources.topics)) {
    const onTopic = events.filter((e) => e.topic === address);
    for (const producer of [...new Set(onTopic.map((e) => e.producer))].sort()) {
      operations[`${producer}.sends.${channel}`] = {
        action: 'send',
        title: `${producer} publishes on ${address}`,
        channel: { $ref: `#/channels/${channel}` },
        messages: refs(onTopic.filter((e) => e.producer === producer).map(eventKey), channel),
      };
    }
    for (const [service, handled] of Object.entries(sources.consumers).sort(([a], [b]) => a.localeCompare(b))) {
      const keys = onTopic.map(eventKey).filter((k) => handled.includes(k));
      if (!keys.length) continue;
      operations[`${service}.receives.${channel}`] = {
        action: 'receive',
        title: `${service} consumes ${address}`,
        summary: `Consumer group ${service}; other event types on the topic are skipped and counted.`,
        channel: { $ref: `#/channels/${channel}` },
        messages: refs(keys, channel),
        bindings: { kafka: { groupId: { type: 'string', enum: [service] }, bindingVersion: KAFKA_BINDING } },
      };
    }
  }

  for (const stream of ANALYTICS_STREAMS) {
    const { record, description, key, types, example } = ANALYTICS_RECORDS[stream];
    const id = `analytics.${stream}`;
    const name = `${id}.v1`;
    const address = analyticsTopic('{consumer}', stream);
    channels[id] = {
      address,
      title: address,
      description: `${description} One topic per registered analytics consumer (ANALYTICS_CONSUMERS), with pseudonyms keyed for it alone; de-identified per HIPAA Safe Harbor (README "Analytics streams"). Kept forever: replay from the beginning. Key = ${key}.`,
      parameters: { consumer: { description: 'A registered analytics consumer (lower-case letters, digits and dashes).' } },
      messages: { [name]: { $ref: `#/components/messages/${name}` } },
      bindings: { kafka: { partitions: DEFAULT_PARTITIONS, bindingVersion: KAFKA_BINDING } },
    };
    const payloadRef = { $ref: `${SCHEMA_REF_PREFIX}${record.name}` };
    messages[name] = {
      name,
      title: `${stream} analytics record v1`,
      summary: `${description} Types: ${types.join(', ')}.`,
      contentType: 'application/json',
      headers: { type: 'object', description: 'None: a correlation id or an event id would identify the source records.', properties: {}, additionalProperties: false },
      payload: payloadRef,
      bindings: { kafka: { key: { type: 'string', description: `The ${key}.` }, bindingVersion: KAFKA_BINDING } },
      examples: [{ name: `analytics-${stream}`, summary: `An example ${stream} record`, headers: {}, payload: example }],
    };
    operations[`patient-records.sends.${id}`] = {
      action: 'send',
      title: `patient-records' analytics projector publishes on ${address}`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${name}` }],
    };
  }

  const dead = deadLetters(Object.keys(sources.consumers).sort());
  channels.deadLetters = dead.channel;
  messages['dead-letter'] = dead.message;
  operations['consumers.dead-letter'] = dead.operation;

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Clinic Flow events',
      version: '1.0.0',
      description: [
        'Every Kafka topic of Clinic Flow and every event type and version it carries, generated from libs/contracts by `npm run docs:events`.',
        'Every event travels in one JSON envelope; `data` is the schema of its type and version. The Kafka message key is the envelope `subject` (the aggregate id).',
        'Within a published version only additive changes are made (new optional fields); anything else is a new version. Consumers skip event types and versions they do not know.',
      ].join('\n\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: { host: 'localhost:9092', protocol: 'kafka', description: 'The Kafka brokers of KAFKA_BROKERS (docker-compose: kafka:9092).' },
    },
    channels,
    operations,
    components: { schemas, messages },
  };
}

/** The document serialised as it is checked in. */
export const serialise = (document: AsyncApiDocument) => `${JSON.stringify(document, null, 2)}\n`;
