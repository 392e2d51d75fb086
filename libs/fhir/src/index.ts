export * from './fhir';
export * from './fhir-api';
export type * as fhir from '@medplum/fhirtypes';
