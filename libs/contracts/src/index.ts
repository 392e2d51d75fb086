export * from './common';
export * from './envelope';
export * from './events/appointment.events';
export * from './events/notification.events';
export * from './events/patient.events';
export * from './registry';
export * from './topics';
export * from './api';
