import { randomUUID } from 'node:crypto';
import mongoose, { Connection } from 'mongoose';
import { DocumentLocks } from '@clinic-flow/messaging';
import { testInfraEnv } from '@clinic-flow/testing';
import { ControlNumbersRepository } from './control-numbers.repository';

/* Interchange control numbers against the real FerretDB: never the same number twice, even at once and from two instances. */
describe('ControlNumbersRepository (real FerretDB)', () => {
  let connection: Connection;

  beforeAll(async () => {
    connection = await mongoose.createConnection(testInfraEnv().MONGO_URL, { dbName: 'it_x12_control_numbers' }).asPromise();
  });
  afterAll(() => connection.close());

  it('hands out 1, 2, 3 ... per sender and receiver, each once, to concurrent callers of two instances', async () => {
    const receiver = `R${randomUUID().slice(0, 8)}`;
    // Two repositories with their own locks: two service instances sharing the database.
    const first = new ControlNumbersRepository(connection, new DocumentLocks()).sequence('CLINICFLOW', receiver);
    const second = new ControlNumbersRepository(connection, new DocumentLocks()).sequence('CLINICFLOW', receiver);
    const numbers = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 ? first : second).next()));
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    const other = new ControlNumbersRepository(connection, new DocumentLocks()).sequence('CLINICFLOW', `${receiver}-other`);
    expect(await other.next()).toBe(1);
    expect(await first.next()).toBe(61);
  });
});
