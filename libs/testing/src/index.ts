export * from './api-client';
export * from './inboxes';
export * from './infra';
export * from './kafka-probe';
export * from './wait-for';
export * from './slots';
export * from './pdf-text';
