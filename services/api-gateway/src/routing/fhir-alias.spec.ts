import { unaliasFhir } from './fhir-alias';

describe('unaliasFhir', () => {
  it('puts the FHIR base under /api/v1, query included', () => {
    expect(unaliasFhir('/fhir/R4/Patient/p-1')).toBe('/api/v1/fhir/R4/Patient/p-1');
    expect(unaliasFhir('/fhir/R4/Patient?name=garcia&birthdate=1984-03-12')).toBe('/api/v1/fhir/R4/Patient?name=garcia&birthdate=1984-03-12');
  });

  it('leaves every other path alone', () => {
    for (const url of ['/api/v1/fhir/R4/Patient/p-1', '/fhir/R4x/Patient', '/fhir/R5/Patient', '/health', '/api/v1/patients']) expect(unaliasFhir(url)).toBe(url);
  });
});
