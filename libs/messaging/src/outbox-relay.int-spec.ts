import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Model, Schema } from 'mongoose';
import { testInfraEnv, waitFor } from '@clinic-flow/testing';
import { OutboxDocumentFields, outboxFields, updateWithOutbox, withOutboxIndexes } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { EventPublisher } from './publisher';
import { RelayTestKit } from './relay.test-support';

type Doc = OutboxDocumentFields & { _id: string; name: string };

describe('outbox relay (real FerretDB and Kafka)', () => {
  const env = testInfraEnv();
  const kit = new RelayTestKit('it-outbox');
  const { logger } = kit;
  const collection = `it_outbox_${randomUUID().slice(0, 8)}`;
  let model: Model<Doc>;
  let publisher: EventPublisher;
  const eventFor = (subject: string) => kit.eventFor(subject);
  const published = (subject: string) => kit.published(subject);

  beforeAll(async () => {
    await kit.start();
    publisher = kit.publisher;
    model = kit.connection.model<Doc>('ItDoc', withOutboxIndexes(new Schema<Doc>({ _id: String, name: String, ...outboxFields }, { versionKey: false })), collection);
  });

  afterAll(() => kit.stop());

  it('publishes an event committed by a process that died before publishing it', async () => {
    const subject = `crash-${randomUUID()}`;
    const entry = eventFor(subject);
    // A separate process commits the document with its pending event, then is killed outright.
    const child = spawnSync(
      process.execPath,
      [
        '-e',
        `const { MongoClient } = require('mongodb');
         (async () => {
           const client = await MongoClient.connect(process.env.URL);
           const entry = JSON.parse(process.env.ENTRY); entry.createdAt = new Date(entry.createdAt);
           await client.db('it_messaging').collection(process.env.COLL).insertOne({ _id: process.env.SUBJECT, name: 'x', version: 1, outbox: [entry], outboxPending: true });
           process.kill(process.pid, 'SIGKILL');
         })();`,
      ],
      { env: { ...process.env, URL: env.MONGO_URL, ENTRY: JSON.stringify(entry), COLL: collection, SUBJECT: subject }, encoding: 'utf8' },
    );
    expect(child.signal).toBe('SIGKILL');
    expect(published(subject)).toEqual([]);

    // The service restarts: a new relay finds the committed event and sends it.
    const relay = new OutboxRelay(publisher, logger);
    relay.register(model);
    expect(await relay.drain()).toBe(1);
    await waitFor(async () => published(subject).length === 1, { what: 'the event on Kafka' });
    expect(published(subject)).toEqual([entry.id]);
    const stored = await model.findById(subject).lean<Doc>();
    expect(stored).toMatchObject({ outboxPending: false, outbox: [] });
    expect(await relay.drain()).toBe(0);
  });

  it('never clears an event written while the relay was publishing', async () => {
    const subject = `race-${randomUUID()}`;
    const first = eventFor(subject);
    const second = eventFor(subject);
    await model.create({ _id: subject, name: 'x', version: 1, outbox: [first], outboxPending: true });
    let raced = false;
    // A publisher through which a concurrent writer adds an event mid-publish.
    const racing = await kit.newPublisher();
    const publish = racing.publish.bind(racing);
    racing.publish = async (entries) => {
      await publish(entries);
      if (!raced) {
        raced = true;
        await model.updateOne({ _id: subject }, updateWithOutbox({ $set: { name: 'y' } }, [second]));
      }
    };
    const relay = new OutboxRelay(racing, logger);
    relay.register(model);
    await relay.drain();
    await racing.disconnect();
    await waitFor(async () => published(subject).includes(second.id), { what: 'the racing event on Kafka' });
    expect(published(subject)[0]).toBe(first.id);
    expect(await model.findById(subject).lean<Doc>()).toMatchObject({ name: 'y', outboxPending: false, outbox: [] });
  });
});
