import type { AsyncApiDocument } from './asyncapi';
import { BreakKind, breakingChanges, describeChanges, withoutAccepted } from './compatibility';
import type { JsonSchema } from './schemas';

/*
 * The rule on small catalogues: one topic, `thing.done.v1` whose data nests a class. Each
 * breaking kind is shown on a copy of the published catalogue with one change.
 */

const THING: JsonSchema = {
  type: 'object',
  properties: {
    thingId: { type: 'string' },
    doneAt: { type: 'string', format: 'date-time' },
    status: { type: 'string', enum: ['open', 'done'] },
    count: { type: 'integer', minimum: 1 },
    note: { type: 'string' },
    parts: { type: 'array', items: { $ref: '#/components/schemas/Part' } },
  },
  required: ['thingId', 'doneAt', 'status', 'count', 'parts'],
};

const PART: JsonSchema = { type: 'object', properties: { partId: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] } }, required: ['partId', 'kind'] };

function catalogue(): AsyncApiDocument {
  const envelope = (type: string, version: number, data: string): JsonSchema => ({
    type: 'object',
    properties: { id: { type: 'string', format: 'uuid' }, type: { type: 'string', const: type }, version: { type: 'integer', const: version }, data: { $ref: `#/components/schemas/${data}` } },
    required: ['id', 'type', 'version', 'data'],
  });
  return {
    asyncapi: '3.0.0',
    channels: {
      things: { address: 'clinic.test.thing.v1', messages: { 'thing.done.v1': { $ref: '#/components/messages/thing.done.v1' } } },
      others: { address: 'clinic.test.other.v1', messages: {} },
    },
    components: {
      schemas: { ThingData: structuredClone(THING), Part: structuredClone(PART) },
      messages: { 'thing.done.v1': { name: 'thing.done.v1', payload: envelope('thing.done', 1, 'ThingData') } },
    },
  };
}

const data = (doc: AsyncApiDocument): JsonSchema => doc.components.schemas.ThingData;
const part = (doc: AsyncApiDocument): JsonSchema => doc.components.schemas.Part;

/** The published catalogue, and the next one after `change`. */
function changed(change: (next: AsyncApiDocument) => void) {
  const published = catalogue();
  const next = catalogue();
  change(next);
  return breakingChanges(published, next);
}

const kinds = (changes: ReturnType<typeof breakingChanges>) => changes.map((c) => `${c.kind} ${c.path}`);

describe('breaking changes to a published event version', () => {
  it('finds none between a catalogue and itself', () => {
    expect(changed(() => undefined)).toEqual([]);
  });

  const cases: Array<[string, (next: AsyncApiDocument) => void, Array<`${BreakKind} ${string}`>]> = [
    ['a removed field', (next) => delete data(next).properties!.note, ['field-removed data.note']],
    ['a removed required field (and its requirement)', (next) => delete data(next).properties!.count, ['field-removed data.count']],
    ['a retyped field', (next) => (data(next).properties!.count = { type: 'string' }), ['type-changed data.count']],
    ['a field made nullable (retyped too: consumers do not expect null)', (next) => (data(next).properties!.note = { type: ['string', 'null'] }), ['type-changed data.note']],
    ['a changed format', (next) => (data(next).properties!.doneAt = { type: 'string', format: 'date' }), ['format-changed data.doneAt']],
    ['a format dropped', (next) => (data(next).properties!.doneAt = { type: 'string' }), ['format-changed data.doneAt']],
    ['an enum value removed', (next) => (data(next).properties!.status.enum = ['done']), ['enum-narrowed data.status']],
    ['an enum value added (older consumers refuse it)', (next) => (data(next).properties!.status.enum = ['open', 'done', 'undone']), ['enum-widened data.status']],
    ['an enum put on a free field', (next) => (data(next).properties!.note = { type: 'string', enum: ['x'] }), ['enum-narrowed data.note']],
    ['a tightened bound', (next) => (data(next).properties!.count.minimum = 2), ['constraint-changed data.count']],
    ['a pattern added', (next) => (data(next).properties!.note = { type: 'string', pattern: '^x' }), ['constraint-changed data.note']],
    ['a new required field', (next) => ((data(next).properties!.extra = { type: 'string' }), data(next).required!.push('extra')), ['new-required-field data.extra']],
    ['an optional field made required', (next) => data(next).required!.push('note'), ['made-required data.note']],
    ['a required field made optional', (next) => (data(next).required = data(next).required!.filter((n) => n !== 'count')), ['made-optional data.count']],
    ['a change inside a nested class in an array', (next) => (part(next).properties!.kind.type = 'integer'), ['type-changed data.parts[].kind']],
    ['a field removed from a nested class', (next) => delete part(next).properties!.partId, ['field-removed data.parts[].partId']],
    ['the array made a single value', (next) => (data(next).properties!.parts = { $ref: '#/components/schemas/Part' }), ['type-changed data.parts']],
    ['a published version removed', (next) => (delete next.components.messages['thing.done.v1'], delete next.channels.things.messages['thing.done.v1']), ['version-removed ']],
    [
      'a published version moved to another topic',
      (next) => ((next.channels.others.messages['thing.done.v1'] = next.channels.things.messages['thing.done.v1']), delete next.channels.things.messages['thing.done.v1']),
      ['topic-changed '],
    ],
    ['an envelope field retyped', (next) => (next.components.messages['thing.done.v1'].payload.properties.id = { type: 'integer' }), ['type-changed id']],
  ];

  it.each(cases)('reports %s', (_, change, expected) => {
    const found = changed(change);
    expect(kinds(found).sort()).toEqual([...expected].sort());
    expect(found.every((c) => c.event === 'thing.done.v1' && c.detail.length > 0)).toBe(true);
  });

  it('allows additive changes: a new optional field, a new version, a new event type, new words', () => {
    const found = changed((next) => {
      data(next).properties!.comment = { type: 'string', description: 'new' };
      part(next).properties!.label = { type: 'string' };
      data(next).properties!.note.description = 'what the person noted';
      next.components.messages['thing.done.v1'].summary = 'now with a summary';
      next.components.schemas.ThingV2Data = { type: 'object', properties: { thingId: { type: 'integer' } }, required: ['thingId'] };
      next.components.messages['thing.done.v2'] = { name: 'thing.done.v2', payload: { type: 'object', properties: { data: { $ref: '#/components/schemas/ThingV2Data' } } } };
      next.components.messages['other.made.v1'] = { name: 'other.made.v1', payload: { type: 'object' } };
      next.channels.things.messages['thing.done.v2'] = { $ref: '#/components/messages/thing.done.v2' };
    });
    expect(found).toEqual([]);
  });

  it('compares what a reference points to, not its name (a renamed class is not a change)', () => {
    const found = changed((next) => {
      next.components.schemas.Piece = part(next);
      delete next.components.schemas.Part;
      data(next).properties!.parts.items = { $ref: '#/components/schemas/Piece' };
    });
    expect(found).toEqual([]);
  });

  it('says what broke, where, and which rule, one line each', () => {
    const found = changed((next) => delete data(next).properties!.count);
    expect(describeChanges(found)).toBe('thing.done.v1: data.count removed (it was required) [field-removed]');
  });
});

describe('reviewed enum widenings', () => {
  const widened = { event: 'x.done.v1', kind: 'enum-widened' as const, path: 'data.status', detail: '', added: ['undone'] };
  const accepted = [{ events: ['x.done.v1'], path: 'data.status', values: ['undone'], reason: 'r', deployOrder: 'consumers first' }];

  it('takes out a widening whose every added value was accepted for that event and path', () => {
    expect(withoutAccepted([widened], accepted)).toEqual([]);
  });

  it('keeps a widening with a value not accepted, on another path or event, and every other kind of break', () => {
    expect(withoutAccepted([{ ...widened, added: ['undone', 'lost'] }], accepted)).toHaveLength(1);
    expect(withoutAccepted([{ ...widened, path: 'data.other' }], accepted)).toHaveLength(1);
    expect(withoutAccepted([{ ...widened, event: 'x.done.v2' }], accepted)).toHaveLength(1);
    expect(withoutAccepted([{ ...widened, kind: 'enum-narrowed', added: undefined }], accepted)).toHaveLength(1);
  });
});
