/*
 * The rule of published event versions, as a pure function over two catalogues: within a
 * version, only additive changes. Consumers validate every event with their own build's
 * contract (whitelist: fields they do not know are dropped), so:
 * - a new optional field is fine: older consumers drop it, older events simply lack it;
 * - a removed field, a field made optional, a changed type or format, or a changed constraint
 *   breaks consumers that rely on it;
 * - a new required field (or an optional one made required) makes the events already in the
 *   topic invalid for new consumers;
 * - an enum value removed does the same, and one added makes older consumers dead-letter the
 *   new events (why open-ended fields are plain strings);
 * - a published version cannot leave the catalogue or move to another topic.
 * A breaking change is a new version (a new message in the catalogue), which is additive.
 */
import type { AsyncApiDocument } from './asyncapi';
import type { JsonSchema } from './schemas';

export type BreakKind =
  | 'version-removed'
  | 'topic-changed'
  | 'field-removed'
  | 'type-changed'
  | 'format-changed'
  | 'enum-narrowed'
  | 'enum-widened'
  | 'constraint-changed'
  | 'new-required-field'
  | 'made-required'
  | 'made-optional';

export interface BreakingChange {
  /** `appointment.booked.v2` */
  event: string;
  kind: BreakKind;
  /** Where in the envelope, e.g. `data.changes[].field`; empty for the whole message. */
  path: string;
  detail: string;
  /** enum-widened: the values added (absent when the enum was dropped altogether). */
  added?: string[];
}

/**
 * A widening of an enum within a version that was reviewed and accepted: safe when every consumer
 * of the event is deployed with the new contract before its producer sends the new value.
 */
export interface AcceptedWidening {
  events: string[];
  path: string;
  values: string[];
  reason: string;
  deployOrder: string;
}

/** The changes left once reviewed enum widenings are taken out (every added value must be accepted). */
export function withoutAccepted(changes: BreakingChange[], accepted: readonly AcceptedWidening[]): BreakingChange[] {
  return changes.filter(
    (c) => !(c.kind === 'enum-widened' && c.added && accepted.some((a) => a.events.includes(c.event) && a.path === c.path && c.added!.every((v) => a.values.includes(v)))),
  );
}

/** Validation keywords whose change, either way, changes which events are valid. */
const CONSTRAINTS = ['const', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties'];

type Resolve = (schema: JsonSchema) => JsonSchema;

function resolverOf(document: AsyncApiDocument): Resolve {
  return (schema) => {
    let current = schema;
    for (let hops = 0; current?.$ref; hops++) {
      if (hops > 20) throw new Error(`circular schema reference ${schema.$ref}`);
      const pointer = current.$ref.replace(/^#\//, '').split('/');
      current = pointer.reduce((node: any, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document); // eslint-disable-line @typescript-eslint/no-explicit-any
      if (!current) throw new Error(`unresolvable schema reference ${schema.$ref}`);
    }
    return current;
  };
}

const typesOf = (schema: JsonSchema) => (Array.isArray(schema.type) ? [...schema.type] : schema.type ? [schema.type] : []).sort();
const show = (value: unknown) => (value === undefined ? 'none' : JSON.stringify(value));
const join = (path: string, name: string) => (path ? `${path}.${name}` : name);

function compareSchemas(before: JsonSchema, after: JsonSchema, path: string, resolve: { before: Resolve; after: Resolve }, report: (kind: BreakKind, path: string, detail: string, added?: string[]) => void): void {
  const a = resolve.before(before);
  const b = resolve.after(after);
  const typesA = typesOf(a);
  const typesB = typesOf(b);
  if (typesA.join() !== typesB.join()) {
    // Everything below a retyped field changed with it: one report says it.
    report('type-changed', path, `type ${show(a.type)} became ${show(b.type)}`);
    return;
  }
  if (a.format !== b.format) report('format-changed', path, `format ${show(a.format)} became ${show(b.format)}`);
  if (a.enum || b.enum) {
    const removed = a.enum ? a.enum.filter((v) => !b.enum || !b.enum.includes(v)) : [];
    const added = b.enum ? b.enum.filter((v) => !a.enum || !a.enum.includes(v)) : [];
    if (!a.enum) report('enum-narrowed', path, `now limited to ${show(b.enum)}`);
    else if (removed.length && b.enum) report('enum-narrowed', path, `values ${show(removed)} removed: events already published with them become invalid`);
    if (!b.enum) report('enum-widened', path, `no longer limited to ${show(a.enum)}: older consumers refuse other values`);
    else if (added.length && a.enum) report('enum-widened', path, `values ${show(added)} added: older consumers dead-letter events with them`, added.map(String));
  }
  for (const keyword of CONSTRAINTS) {
    if (JSON.stringify(a[keyword]) !== JSON.stringify(b[keyword])) report('constraint-changed', path, `${keyword} ${show(a[keyword])} became ${show(b[keyword])}`);
  }
  if (a.items || b.items) compareSchemas(a.items ?? {}, b.items ?? {}, `${path}[]`, resolve, report);

  const propsA = a.properties ?? {};
  const propsB = b.properties ?? {};
  const requiredA = new Set(a.required ?? []);
  const requiredB = new Set(b.required ?? []);
  for (const [name, schema] of Object.entries(propsA)) {
    const where = join(path, name);
    if (!(name in propsB)) {
      report('field-removed', where, `removed${requiredA.has(name) ? ' (it was required)' : ''}`);
      continue;
    }
    if (requiredA.has(name) && !requiredB.has(name)) report('made-optional', where, 'was required, now optional: consumers rely on it being there');
    if (!requiredA.has(name) && requiredB.has(name)) report('made-required', where, 'was optional, now required: events already published without it become invalid');
    compareSchemas(schema, propsB[name], where, resolve, report);
  }
  for (const name of Object.keys(propsB)) {
    if (!(name in propsA) && requiredB.has(name)) report('new-required-field', join(path, name), 'new and required: events already published lack it (add it as optional, or publish a new version)');
  }
}

/** The channel address each message of a catalogue travels on, by message name. */
function topicsOf(document: AsyncApiDocument): Map<string, string> {
  const topics = new Map<string, string>();
  for (const channel of Object.values<AsyncApiDocument>(document.channels ?? {})) {
    for (const name of Object.keys(channel.messages ?? {})) topics.set(name, channel.address);
  }
  return topics;
}

/**
 * Every breaking change from the published catalogue to the next one, for each event version
 * the published one lists. New event types and new versions are additive and not reported.
 */
export function breakingChanges(published: AsyncApiDocument, next: AsyncApiDocument): BreakingChange[] {
  const changes: BreakingChange[] = [];
  const resolve = { before: resolverOf(published), after: resolverOf(next) };
  const topicsBefore = topicsOf(published);
  const topicsAfter = topicsOf(next);
  const messagesAfter = next.components?.messages ?? {};
  for (const [event, message] of Object.entries<AsyncApiDocument>(published.components?.messages ?? {})) {
    const report = (kind: BreakKind, path: string, detail: string, added?: string[]) => changes.push({ event, kind, path, detail, ...(added ? { added } : {}) });
    const after = messagesAfter[event];
    if (!after) {
      report('version-removed', '', 'a published event version left the catalogue: events of it are still in the topic and consumers may still handle them');
      continue;
    }
    if (topicsBefore.get(event) !== topicsAfter.get(event)) report('topic-changed', '', `moved from ${show(topicsBefore.get(event))} to ${show(topicsAfter.get(event))}`);
    compareSchemas(message.payload ?? {}, after.payload ?? {}, '', resolve, report);
  }
  return changes;
}

/** One line per change, for test failures and the generator's refusal. */
export const describeChanges = (changes: BreakingChange[]) => changes.map((c) => `${c.event}: ${c.path ? `${c.path} ` : ''}${c.detail} [${c.kind}]`).join('\n');
