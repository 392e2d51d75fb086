export * from './common';
export * from './envelope';
export * from './events/appointment.events';
export * from './events/notification.events';
export * from './events/patient.events';
export * from './events/patient-response.events';
export * from './events/site.events';
export * from './events/waitlist.events';
export * from './registry';
export * from './topics';
export * from './api';
// Patient merges (issue 9, helper B)
export * from './events/patient-merge.events';
