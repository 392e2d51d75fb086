import { grantableRoles } from './grants';
import { Policies, Role } from './roles';

describe('who may grant which role', () => {
  it('lets an office manager staff the desk and the billing office, and name a colleague office manager', () => {
    expect(grantableRoles(['office-manager'])).toEqual(['receptionist', 'billing-coder', 'office-manager']);
  });

  it('keeps clinical positions for an office manager who holds the clinical rights too (a medical director)', () => {
    expect(grantableRoles(['office-manager'])).not.toContain('medical-assistant');
    expect(grantableRoles(['office-manager', 'physician'])).toEqual(expect.arrayContaining(['physician', 'medical-assistant', 'registered-nurse', 'receptionist']));
  });

  it('never lets a role grant one with a right it lacks', () => {
    expect(grantableRoles(['receptionist'])).not.toContain('office-manager');
    expect(grantableRoles(['billing-coder'])).toEqual(['billing-coder']);
  });

  it('follows the policy table: a clinical-only right takes clinical positions out of an office manager\'s reach', () => {
    const withClinicalNotes = { ...Policies, recordVitals: ['medical-assistant', 'registered-nurse', 'physician'] as Role[] };
    const grantable = grantableRoles(['office-manager'], withClinicalNotes);
    expect(grantable).not.toContain('medical-assistant');
    expect(grantable).not.toContain('physician');
    expect(grantable).toEqual(expect.arrayContaining(['receptionist', 'billing-coder', 'office-manager']));
    expect(grantableRoles(['office-manager', 'physician'], withClinicalNotes)).toContain('physician');
  });
});
