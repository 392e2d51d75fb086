import { ContractViolation } from '@clinic-flow/contracts';
import { conflict } from '@clinic-flow/platform';
import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSRequestTimeoutError } from 'kafkajs';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError, MongoNetworkTimeoutError } from 'mongodb';
import { backoffDelay, classifyError, isPermanent, PermanentError, TransientError } from './retry';

describe('backoffDelay', () => {
  it('doubles per attempt within [half, full] of the ceiling, capped', () => {
    expect(backoffDelay(1, 100, 10_000, () => 0)).toBe(50);
    expect(backoffDelay(1, 100, 10_000, () => 1)).toBe(100);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(400);
    expect(backoffDelay(20, 100, 1_000, () => 1)).toBe(1_000);
  });

  it('stays at the cap however long the retries go on', () => {
    expect(backoffDelay(5_000, 100, 30_000, () => 1)).toBe(30_000);
  });
});

describe('isPermanent', () => {
  it('does not retry what cannot succeed on a retry', () => {
    expect(isPermanent(new ContractViolation(['bad']))).toBe(true);
    expect(isPermanent(conflict('X.Y', 'no'))).toBe(true);
    expect(isPermanent(new PermanentError('no'))).toBe(true);
    expect(isPermanent(new Error('ECONNRESET'))).toBe(false);
  });
});

describe('classifyError', () => {
  const withCode = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:27017`), { code });

  it('waits out a database that is down or slow', () => {
    expect(classifyError(new MongoNetworkError('connection 3 to 127.0.0.1:27017 closed'))).toBe('transient');
    expect(classifyError(new MongoNetworkTimeoutError('timed out'))).toBe('transient');
    expect(classifyError(new MongoServerSelectionError('Server selection timed out after 30000 ms', { error: withCode('ECONNREFUSED') } as never))).toBe('transient');
    expect(classifyError(new Error('Operation `inbox.findOne()` buffering timed out after 10000ms'))).toBe('transient');
  });

  it('waits out a broker that is down or slow, also when kafkajs gave up retrying', () => {
    expect(classifyError(new KafkaJSConnectionError('Connection error: connect ECONNREFUSED'))).toBe('transient');
    expect(classifyError(new KafkaJSRequestTimeoutError('Request Produce(key: 0, version: 7) timed out'))).toBe('transient');
    expect(classifyError(new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError('down'), { retryCount: 5, retryTime: 100 }))).toBe('transient');
    expect(classifyError(new KafkaJSProtocolError({ message: 'There is no leader for this topic-partition', type: 'LEADER_NOT_AVAILABLE', code: 5, retriable: true } as never))).toBe('transient');
  });

  it('waits out Redis and network failures, wrapped or not', () => {
    expect(classifyError(new Error('Connection is closed.'))).toBe('transient');
    expect(classifyError(Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }))).toBe('transient');
    expect(classifyError(withCode('ECONNREFUSED'))).toBe('transient');
    expect(classifyError(new Error('fetch failed', { cause: withCode('UND_ERR_CONNECT_TIMEOUT') }))).toBe('transient');
    expect(classifyError(new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')], 'connect failed'))).toBe('transient');
    expect(classifyError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))).toBe('transient');
    expect(classifyError(new TransientError('the calendar service is restarting'))).toBe('transient');
  });

  it('dead-letters at once what no retry can fix', () => {
    expect(classifyError(new ContractViolation(['data.start must be an ISO date']))).toBe('permanent');
    expect(classifyError(conflict('APPOINTMENT.INVALID_TRANSITION', 'no'))).toBe('permanent');
    expect(classifyError(new PermanentError('bad', withCode('ECONNRESET')))).toBe('permanent');
  });

  it('leaves the rest to bounded retries: bugs and errors the server answered', () => {
    expect(classifyError(new TypeError("Cannot read properties of undefined (reading 'start')"))).toBe('unknown');
    expect(classifyError(new MongoServerError({ message: 'E11000 duplicate key error', code: 11000 }))).toBe('unknown');
    expect(classifyError(new KafkaJSNonRetriableError('Topic creation errors'))).toBe('unknown');
    expect(classifyError(new Error('the timeout option must be a number'))).toBe('unknown');
    expect(classifyError('a string')).toBe('unknown');
    expect(classifyError(undefined)).toBe('unknown');
  });

  it('does not loop on an error that causes itself', () => {
    const e = new Error('odd') as Error & { cause?: unknown };
    e.cause = e;
    expect(classifyError(e)).toBe('unknown');
  });
});
