export * from './common';
export * from './envelope';
export * from './events/appointment.events';
export * from './events/correspondence.events';
export * from './events/notification.events';
export * from './events/patient.events';
export * from './events/patient-response.events';
export * from './events/site.events';
// Patient documents and consents (issue 9, documents/consents)
export * from './events/document.events';
export * from './events/consent.events';
export * from './events/waitlist.events';
export * from './registry';
export * from './topics';
export * from './api';
