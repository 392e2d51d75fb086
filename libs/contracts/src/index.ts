export * from './common';
export * from './clinical';
export * from './envelope';
export * from './events/appointment.events';
export * from './events/clinical.events';
export * from './events/correspondence.events';
export * from './events/notification.events';
export * from './events/patient.events';
export * from './events/patient-response.events';
export * from './events/site.events';
// Patient documents and consents (issue 9, documents/consents)
export * from './events/document.events';
export * from './events/consent.events';
export * from './events/user.events';
export * from './events/waitlist.events';
export * from './registry';
export * from './topics';
export * from './api';
// Patient merges (issue 9, helper B)
export * from './events/patient-merge.events';
// Insurance: payers and plans (issue 11 foundation)
export * from './events/payer.events';
// Insurance: coverages and eligibility (issue 11, helper F)
export * from './events/coverage.events';
export * from './events/authorization.events';
export * from './phone';
// Care relationship and break the glass (issue 10, helper A)
export * from './events/break-glass.events';
// Billing: the claim scrubber's overrides (issue 12)
export * from './events/claim-scrub.events';
// Billing: guarantors' accounts, payments and statements (issue 12, patient accounts)
export * from './events/account.events';
// Billing: fee schedule and encounters (issue 12, helper P)
export * from './events/fee-schedule.events';
export * from './events/encounter.events';
export * from './events/claim.events';
export * from './events/remittance.events';
export * from './analytics';
