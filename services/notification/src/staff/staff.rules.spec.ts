import { officeManagersOf, StaffMember } from './staff.rules';

const member = (email: string, over: Partial<StaffMember> = {}): StaffMember => ({ _id: email, roles: ['office-manager'], siteIds: ['site-downtown'], status: 'active', ...over });

describe('who is told of a break-the-glass access', () => {
  const staff = [
    member('both@x.org', { siteIds: ['site-downtown', 'site-riverside'] }),
    member('downtown@x.org'),
    member('riverside@x.org', { siteIds: ['site-riverside'] }),
    member('gone@x.org', { status: 'deactivated' }),
    member('desk@x.org', { roles: ['receptionist'] }),
    member('manager-and-nurse@x.org', { roles: ['registered-nurse', 'office-manager'] }),
  ];

  it("tells the active office managers of the patient's sites, and no one else", () => {
    expect(officeManagersOf(staff, ['site-downtown']).map((m) => m._id)).toEqual(['both@x.org', 'downtown@x.org', 'manager-and-nurse@x.org']);
  });

  it('counts the care sites as the patient’s sites too', () => {
    expect(officeManagersOf(staff, ['site-downtown', 'site-riverside']).map((m) => m._id)).toEqual(['both@x.org', 'downtown@x.org', 'manager-and-nurse@x.org', 'riverside@x.org']);
  });

  it('tells nobody when the sites have no active manager', () => {
    expect(officeManagersOf(staff, ['site-uptown'])).toEqual([]);
  });
});
