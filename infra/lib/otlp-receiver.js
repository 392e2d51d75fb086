'use strict';
/*
 * A small OTLP/HTTP trace receiver (JSON encoding, gzip or not) for tests and the benchmark:
 * the services export to it as they would to Jaeger or a collector, and it keeps the spans by
 * trace id so a test can ask for one trace. Not a collector: no protobuf, no persistence, and at
 * most `maxTraces` traces (the oldest are dropped).
 *
 *   POST /v1/traces          OTLP ExportTraceServiceRequest as JSON
 *   GET  /traces/<traceId>   the spans of one trace: [{ traceId, spanId, parentSpanId, name, kind, service, attributes }]
 *   GET  /stats              { spans, traces }
 */
const http = require('node:http');
const zlib = require('node:zlib');

/** OTLP JSON attribute values ({ stringValue }, { intValue }, ...) as plain values. */
function attributeValue(value = {}) {
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  if ('arrayValue' in value) return (value.arrayValue.values ?? []).map(attributeValue);
  return undefined;
}

const attributesOf = (list = []) => Object.fromEntries(list.map((a) => [a.key, attributeValue(a.value)]));

/** The spans of an OTLP JSON export request, flattened, each with its resource's service.name. */
function spansOf(request) {
  const spans = [];
  for (const rs of request.resourceSpans ?? []) {
    const service = attributesOf(rs.resource?.attributes)['service.name'];
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        spans.push({
          traceId: s.traceId,
          spanId: s.spanId,
          parentSpanId: s.parentSpanId || undefined,
          name: s.name,
          kind: s.kind,
          service,
          attributes: attributesOf(s.attributes),
          startTimeUnixNano: s.startTimeUnixNano,
          endTimeUnixNano: s.endTimeUnixNano,
        });
      }
    }
  }
  return spans;
}

/** Starts the receiver on 127.0.0.1:`port` (0: any free port); resolves to { url, port, stats(), spans(traceId), close() }. */
function startOtlpReceiver({ port = 0, maxTraces = 50_000 } = {}) {
  const traces = new Map();
  let received = 0;
  const store = (spans) => {
    for (const span of spans) {
      received++;
      let list = traces.get(span.traceId);
      if (!list) {
        list = [];
        traces.set(span.traceId, list);
        if (traces.size > maxTraces) traces.delete(traces.keys().next().value);
      }
      list.push(span);
    }
  };
  const server = http.createServer((req, res) => {
    const answer = (status, body) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'POST' && req.url === '/v1/traces') {
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        req.resume();
        return answer(415, { message: 'only the OTLP JSON encoding is accepted' });
      }
      const chunks = [];
      const body = req.headers['content-encoding'] === 'gzip' ? req.pipe(zlib.createGunzip()) : req;
      body.on('data', (c) => chunks.push(c));
      body.on('error', () => answer(400, { message: 'unreadable body' }));
      body.on('end', () => {
        try {
          store(spansOf(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
          answer(200, {});
        } catch {
          answer(400, { message: 'not an OTLP JSON export request' });
        }
      });
      return;
    }
    const trace = req.method === 'GET' && /^\/traces\/([0-9a-f]{32})$/.exec(req.url ?? '');
    if (trace) return answer(200, traces.get(trace[1]) ?? []);
    if (req.method === 'GET' && req.url === '/stats') return answer(200, { spans: received, traces: traces.size });
    answer(404, { message: 'not found' });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const actual = server.address().port;
      resolve({
        port: actual,
        url: `http://127.0.0.1:${actual}`,
        stats: () => ({ spans: received, traces: traces.size }),
        spans: (traceId) => traces.get(traceId) ?? [],
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** The port a profile's test receiver uses: OTLP/HTTP's 4318 plus the profile's port offset. */
function otlpReceiverPort(profile) {
  return 4318 + profile.portOffset;
}

module.exports = { startOtlpReceiver, otlpReceiverPort, spansOf };
