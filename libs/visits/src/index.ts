// Scheduling's appointments as visits, and the network's sites, kept from events by the services that
// act on visits (insurance: eligibility and authorizations; billing: encounters at checkout).
export * from './visit-listeners';
export * from './visits.module';
export * from './visits.repository';
export * from './visits.schema';
export * from './visits.service';
export * from './sites.module';
export * from './sites.repository';
