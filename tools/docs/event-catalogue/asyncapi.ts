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
import { allEvents, DEFAULT_PARTITIONS, EventDefinition, eventKey, EventEnvelope, Topics } from '@clinic-flow/contracts';
import { CORRELATION_HEADER } from '@clinic-flow/platform';
import { EXAMPLE_TIME, exampleOf, resolverOf, uuidFrom } from './examples';
import { envelopeSchema, SCHEMA_REF_PREFIX, schemasOf } from './schemas';

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

/** Builds the AsyncAPI 3.0 document. Pure: the same sources give the same document. */
export function buildCatalogue(sources: CatalogueSources): AsyncApiDocument {
  const events = [...sources.events].sort((a, b) => eventKey(a).localeCompare(eventKey(b), 'en'));
  const schemas = schemasOf(events.map((e) => e.data));
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
