import { createServer, IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CallerClient } from './caller-client';
import { workContext } from './context';
import { DomainError } from './errors';

/** A real HTTP server that records what it was asked and answers with the status the path names. */
function server(): Promise<{ url: string; seen: { path: string; method: string; headers: IncomingMessage['headers']; body: string }[]; close: () => Promise<void>; srv: Server }> {
  const seen: { path: string; method: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', method: req.method ?? '', headers: req.headers, body });
      if (req.url?.startsWith('/slow')) return; // never answers
      const status = Number(req.url?.split('/')[1]) || 200;
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ asked: req.url }));
    });
  });
  return new Promise((resolve) =>
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, seen, srv, close: () => new Promise((r) => { srv.closeAllConnections(); srv.close(() => r()); }) });
    }),
  );
}

describe('CallerClient', () => {
  let s: Awaited<ReturnType<typeof server>>;
  beforeAll(async () => (s = await server()));
  afterAll(() => s.close());

  it('forwards the caller\'s authorization and correlation id, and reads a 200 body', async () => {
    const client = new CallerClient({ service: 'other', baseUrl: s.url, timeoutMs: 2000 });
    const answer = await workContext.run({ correlationId: 'corr-1', authorization: 'Bearer abc' }, () => client.ask<{ asked: string }>('/200/x'));
    expect(answer).toEqual({ status: 200, body: { asked: '/200/x' } });
    const req = s.seen.at(-1)!;
    expect(req.headers.authorization).toBe('Bearer abc');
    expect(req.headers['x-correlation-id']).toBe('corr-1');
  });

  it('posts JSON with its content type', async () => {
    const client = new CallerClient({ service: 'other', baseUrl: s.url, timeoutMs: 2000 });
    await client.ask('/200/post', { method: 'POST', json: { a: 1 } });
    const req = s.seen.at(-1)!;
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ a: 1 });
  });

  it('maps 404 and 403 to a not-found error, other statuses and silence to 503 naming the service', async () => {
    const client = new CallerClient({ service: 'other', baseUrl: s.url, timeoutMs: 300 });
    for (const path of ['/404/p', '/403/p']) {
      await expect(client.get(path, 'THING.NOT_FOUND', 'no thing', 'down')).rejects.toMatchObject({ kind: 'not-found', code: 'THING.NOT_FOUND' });
    }
    for (const path of ['/500/p', '/slow']) {
      const error = await client.get(path, 'THING.NOT_FOUND', 'no thing', 'other is down').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainError);
      expect(error).toMatchObject({ kind: 'unavailable', code: 'UPSTREAM.UNAVAILABLE', message: 'other is down', details: { service: 'other' } });
    }
    expect(await client.ask('/slow')).toEqual({ status: 0 });
  });
});
