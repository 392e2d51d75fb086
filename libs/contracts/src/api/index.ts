export * from './appointment.dto';
export * from './clinical.dto';
export * from './auth.dto';
export * from './common.dto';
export * from './directory.dto';
export * from './notification.dto';
export * from './patient.dto';
export * from './waitlist.dto';
export * from './day-view.dto';
export * from './catalog.dto';
export * from './availability.dto';
export * from './slots.dto';
export * from './document.dto';
export * from './consent.dto';
export * from './users.dto';
export * from './patient-merge.dto';
export * from './correspondence.dto';
export * from './audit.dto';
export * from './payer.dto';
export * from './break-glass.dto';
export * from './coverage.dto';
export * from './eligibility-batch.dto';
export * from './authorization.dto';
export * from './estimate.dto';
// The claim scrubber (issue 12, billing)
export * from './scrubber.dto';
export * from './account.dto';
export * from './fee-schedule.dto';
export * from './encounter.dto';
// Claims, remittances and denials (issue 12, claim flow)
export * from './claim.dto';
export * from './billing-identity.dto';
// The operations console (issue 13)
export * from './operations.dto';
