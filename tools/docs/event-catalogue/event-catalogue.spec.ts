import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Parser } from '@asyncapi/parser';
import { plainToInstance } from 'class-transformer';
import { IsDateString, IsIn, IsInt, IsOptional, IsString, Min, validate as validate2 } from 'class-validator';
import { allEvents, ANALYTICS_RECORDS, ANALYTICS_STREAMS, APPOINTMENT_STATUSES, AppointmentBookedV2, AppointmentRefData, defineEvent, eventKey, parseEvent, Topics } from '@clinic-flow/contracts';
import { AsyncApiDocument, buildCatalogue, CATALOGUE_FILE, currentSources, keyOf, serialise, topicDocs } from './asyncapi';
import { ACCEPTED_WIDENINGS } from './accepted-widenings';
import { breakingChanges, describeChanges, withoutAccepted } from './compatibility';
import { findConsumers, REPO_ROOT } from './consumers';
import { checkedInCatalogue, main } from './generate';
import { catalogueValidator } from './validate';

/*
 * The checked-in catalogue against the code: up to date, no published version broken, valid
 * AsyncAPI 3, complete, with examples the events' own validators accept. Then the guard itself,
 * on a contract broken on purpose here.
 */

let consumers: Record<string, string[]>;
let generated: AsyncApiDocument;
const checkedIn = checkedInCatalogue();

beforeAll(() => {
  consumers = findConsumers();
  generated = buildCatalogue(currentSources(consumers));
});

const messages = (doc: AsyncApiDocument) => doc.components.messages as Record<string, AsyncApiDocument>;

describe(`the event catalogue (${CATALOGUE_FILE})`, () => {
  it('is checked in and up to date with libs/contracts and the handlers (run npm run docs:events)', () => {
    const differing = (section: 'messages' | 'schemas') =>
      Object.keys({ ...generated.components[section], ...checkedIn?.components[section] }).filter(
        (name) => JSON.stringify(generated.components[section][name]) !== JSON.stringify(checkedIn?.components[section][name]),
      );
    const stale = [...differing('messages'), ...differing('schemas')];
    const onDisk = checkedIn ? fs.readFileSync(path.join(REPO_ROOT, CATALOGUE_FILE), 'utf8') : '';
    if (onDisk !== serialise(generated)) {
      throw new Error(`${CATALOGUE_FILE} is out of date: run npm run docs:events and commit it (what differs: ${stale.join(', ') || 'channels or operations'})`);
    }
  });

  it('breaks no event version it publishes: within a version only additive changes (breaking ones are a new version)', () => {
    expect(checkedIn).not.toBeNull();
    expect(describeChanges(withoutAccepted(breakingChanges(checkedIn!, generated), ACCEPTED_WIDENINGS))).toBe('');
  });

  it('is a valid AsyncAPI 3 document to @asyncapi/parser, with every message, channel and operation', async () => {
    const { document, diagnostics } = await new Parser().parse(serialise(generated));
    // Severity 0 is an error, 1 a warning; 2 and 3 are hints (such as "3.1.0 exists").
    expect(diagnostics.filter((d) => d.severity < 2).map((d) => `${d.path.join('/')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    // Every event version, the dead letter and the analytics records; every topic, the dead-letter topics and the analytics streams.
    expect(document?.messages().length).toBe(allEvents().length + 1 + ANALYTICS_STREAMS.length);
    expect(document?.channels().length).toBe(Object.keys(Topics).length + 1 + ANALYTICS_STREAMS.length);
    expect(document?.operations().filterBySend().length).toBeGreaterThan(0);
    expect(document?.operations().filterByReceive().length).toBeGreaterThan(0);
  }, 60_000);

  it("has a channel per topic (address, its doc comment, the key) and every registered event version on its event's topic", () => {
    for (const [id, address] of Object.entries(Topics)) {
      const channel = generated.channels[id];
      expect(channel.address).toBe(address);
      expect(channel.bindings.kafka.topic).toBe(address);
      expect(channel.description).toContain('key = ');
    }
    expect(topicDocs().waitlist).toBe('Waitlist entries and the offers made to them; key = waitlist entry id.');
    for (const definition of allEvents()) {
      const name = eventKey(definition);
      const channel = Object.values<AsyncApiDocument>(generated.channels).find((c) => c.address === definition.topic);
      expect(channel?.messages[name]).toEqual({ $ref: `#/components/messages/${name}` });
      const message = messages(generated)[name];
      expect(message.summary).toBe(definition.description);
      expect(message.payload.properties.type.const).toBe(definition.type);
      expect(message.payload.properties.version.const).toBe(definition.version);
      expect(message.payload.properties.data).toEqual({ $ref: `#/components/schemas/${definition.data.name}` });
      expect(message.bindings.kafka.key.type).toBe('string');
    }
  });

  it("gives every event version an example that the event's own contract accepts, keyed by its aggregate id", async () => {
    const refused: string[] = [];
    for (const [name, message] of Object.entries(messages(generated)).filter(([name]) => name !== 'dead-letter' && !name.startsWith('analytics.'))) {
      const example = message.examples[0].payload;
      const parsed = await parseEvent(JSON.stringify(example)).catch((error: Error) => void refused.push(`${name}: ${error.message}`));
      if (!parsed) continue;
      expect(eventKey(parsed.definition)).toBe(name);
      expect(parsed.envelope.subject).not.toBe('aggregate-0001');
    }
    expect(refused).toEqual([]);
    const validate = catalogueValidator(generated);
    const misfits = Object.entries(messages(generated)).flatMap(([name, message]) =>
      (['payload', 'headers'] as const).flatMap((part) => validate(name, part, message.examples[0][part]).map((problem) => `${name} ${part}: ${problem}`)),
    );
    expect(misfits).toEqual([]);
    // The analytics records are no envelopes: their examples pass their own record contracts, field for field.
    for (const stream of ANALYTICS_STREAMS) {
      const example = messages(generated)[`analytics.${stream}.v1`].examples[0].payload;
      expect(await validate2(plainToInstance(ANALYTICS_RECORDS[stream].record, example), { whitelist: true, forbidNonWhitelisted: true })).toEqual([]);
    }
    const booked = messages(generated)['appointment.booked.v2'].examples[0].payload;
    expect(booked.subject).toBe(booked.data.appointmentId);
    expect(booked.data).toMatchObject({ siteTimeZone: 'America/New_York', start: '2026-03-02T14:30:00.000Z', status: 'booked' });
  });

  it('has the producer of each event send it, and the services whose handlers take it receive it', () => {
    const sends = generated.operations['scheduling.sends.appointments'];
    expect(sends.action).toBe('send');
    expect(sends.messages).toContainEqual({ $ref: '#/channels/appointments/messages/appointment.booked.v2' });
    const receives = generated.operations['notification.receives.appointments'];
    expect(receives.action).toBe('receive');
    expect(receives.bindings.kafka.groupId.enum).toEqual(['notification']);
    expect(receives.messages).toContainEqual({ $ref: '#/channels/appointments/messages/appointment.cancelled.v2' });
    // Handlers attached at load time (patient-records' timeline) and a lib's handlers (libs/visits, in billing and insurance) count.
    expect(consumers['patient-records']).toContain('appointment.booked.v2');
    expect(consumers.billing).toEqual(expect.arrayContaining(['appointment.checked-in.v1', 'site.registered.v1']));
    expect(generated.operations['insurance.sends.coverages'].messages).toContainEqual({ $ref: '#/channels/coverages/messages/eligibility.checked.v1' });
  });

  it("holds what the event's contract holds: its JSON Schema refuses what the class refuses", async () => {
    const validate = catalogueValidator(generated);
    const example = messages(generated)['appointment.booked.v2'].examples[0];
    const wrong = [
      { ...example.payload, data: { ...example.payload.data, durationMinutes: 'thirty' } },
      { ...example.payload, data: { ...example.payload.data, status: 'lost' } },
      { ...example.payload, data: { ...example.payload.data, bookedBy: undefined } },
      { ...example.payload, version: 1 },
    ];
    for (const payload of wrong) {
      expect(validate('appointment.booked.v2', 'payload', JSON.parse(JSON.stringify(payload)))).not.toEqual([]);
      await expect(parseEvent(JSON.stringify(payload)).then((e) => eventKey(e.definition))).rejects.toThrow();
    }
    expect(validate('appointment.booked.v2', 'headers', { ...example.headers, 'event-type': 'appointment.cancelled' })).not.toEqual([]);
    // Stricter on one point, on purpose: IsDateString takes a date alone too, the schema says what producers write (toISOString()).
    expect(validate('appointment.booked.v2', 'payload', { ...example.payload, data: { ...example.payload.data, start: '2026-03-02' } })).toEqual(['/data/start must match format "date-time"']);
  });

  it("documents the dead-letter topics: one per consumer group, the original message, the headers saying why", () => {
    const channel = generated.channels.deadLetters;
    expect(channel.address).toBe('clinic.deadletter.{consumerGroup}.v1');
    expect(channel.parameters.consumerGroup.enum).toEqual(Object.keys(consumers).sort());
    expect(channel.parameters.consumerGroup.enum).toEqual(expect.arrayContaining(['notification', 'scheduling', 'billing']));
    expect(Object.keys(messages(generated)['dead-letter'].headers.properties)).toEqual(expect.arrayContaining(['dlq-reason', 'dlq-error', 'dlq-source-topic', 'dlq-consumer-group', 'dlq-failed-at']));
  });

  it('reads the key of a topic from its doc comment', () => {
    expect(keyOf('Remittances (835) received and posted; key = payer id.')).toBe('payer id');
    expect(keyOf(undefined)).toBe('aggregate id');
  });
});

/** Version 2 of appointment.booked as someone might carelessly edit it: a field dropped, one retyped, one added as required. */
class CarelessBookedData extends AppointmentRefData {
  @IsString() siteName: string;
  @IsString() siteTimeZone: string;
  @IsString() providerName: string;
  @IsDateString({ strict: true }) end: string;
  @IsString() durationMinutes: string;
  @IsIn(APPOINTMENT_STATUSES) status: string;
  @IsString() roomName: string;
  @IsOptional() @IsString() appointmentTypeId?: string;
  @IsOptional() @IsString() appointmentTypeName?: string;
  @IsOptional() @IsString() roomId?: string;
  @IsOptional() @IsString() waitlistEntryId?: string;
  @IsOptional() @IsInt() @Min(1) telehealthMinutes?: number;
}

describe('the compatibility guard on a contract broken on purpose', () => {
  const broken = () => buildCatalogue({ ...currentSources(consumers), events: allEvents().map((e) => (e === AppointmentBookedV2 ? { ...e, data: CarelessBookedData } : e)) });

  it('reports each break of appointment.booked v2, and nothing for the other events', () => {
    const changes = breakingChanges(generated, broken());
    expect(changes.map((c) => `${c.event} ${c.kind} ${c.path}`).sort()).toEqual([
      'appointment.booked.v2 field-removed data.bookedBy',
      'appointment.booked.v2 field-removed data.telehealth',
      'appointment.booked.v2 new-required-field data.roomName',
      'appointment.booked.v2 type-changed data.durationMinutes',
    ]);
  });

  it('makes npm run docs:events refuse to write the catalogue, and write it for an additive change', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'catalogue-'));
    fs.mkdirSync(path.join(root, 'docs'));
    const file = path.join(root, CATALOGUE_FILE);
    fs.writeFileSync(file, serialise(generated));
    const lines: string[] = [];
    expect(main([], (line) => lines.push(line), { root, generate: broken })).toBe(1);
    expect(lines.join('\n')).toContain('appointment.booked.v2: data.bookedBy removed (it was required) [field-removed]');
    expect(fs.readFileSync(file, 'utf8')).toBe(serialise(generated));

    const additive = buildCatalogue({ ...currentSources(consumers), events: allEvents().filter((e) => e !== AppointmentBookedV2) });
    fs.writeFileSync(file, serialise(additive));
    expect(main(['--check'], (line) => lines.push(line), { root, generate: () => generated })).toBe(1);
    expect(main([], (line) => lines.push(line), { root, generate: () => generated })).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(serialise(generated));
    expect(main(['--check'], (line) => lines.push(line), { root, generate: () => generated })).toBe(0);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('puts an event registered the usual way in the catalogue without any other work (a billing event on a topic with none yet)', async () => {
    class ClaimSubmittedTestData {
      @IsString() claimId: string;
      @IsString() patientId: string;
      @IsInt() @Min(0) totalCents: number;
    }
    const claimSubmitted = defineEvent({ type: 'claim.catalogue-test', version: 1, topic: Topics.claims, producer: 'billing', description: 'A test event.', data: ClaimSubmittedTestData });
    const next = buildCatalogue(currentSources(consumers));
    expect(next.channels.claims.messages['claim.catalogue-test.v1']).toBeDefined();
    expect(next.components.schemas.ClaimSubmittedTestData.required).toEqual(['claimId', 'patientId', 'totalCents']);
    expect(next.operations['billing.sends.claims'].messages).toContainEqual({ $ref: '#/channels/claims/messages/claim.catalogue-test.v1' });
    const example = next.components.messages['claim.catalogue-test.v1'].examples[0].payload;
    expect(example.subject).toBe(example.data.patientId);
    await expect(parseEvent(JSON.stringify(example))).resolves.toMatchObject({ definition: claimSubmitted });
    expect(breakingChanges(generated, next)).toEqual([]);
  });
});
