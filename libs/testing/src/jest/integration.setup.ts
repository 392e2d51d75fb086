import 'reflect-metadata';

// Integration and e2e tests talk to real Kafka, FerretDB and Redis: allow for their latency.
jest.setTimeout(120_000);
