import { assertChangeAllowed, assertGrantable, assertManageable, assertVisible, changesOf, revokesTokens } from './users.rules';

const riverside = { id: 'm1', roles: ['office-manager' as const], siteIds: ['site-riverside'] };
const account = (siteIds: string[], roles = ['receptionist']) => ({ _id: 'u1', name: 'Alex', roles: roles as never, siteIds, active: true });

describe('staff account administration rules', () => {
  it('hides accounts at none of the manager\'s sites (404), and refuses one that also works elsewhere (403)', () => {
    expect(() => assertVisible(riverside, account(['site-downtown']), 'u1')).toThrow(expect.objectContaining({ code: 'USERS.NOT_FOUND' }));
    expect(() => assertVisible(riverside, null, 'u1')).toThrow(expect.objectContaining({ code: 'USERS.NOT_FOUND' }));
    const both = account(['site-riverside', 'site-downtown']);
    expect(() => assertVisible(riverside, both, 'u1')).not.toThrow();
    expect(() => assertManageable(riverside, both)).toThrow(expect.objectContaining({ code: 'USERS.OTHER_SITES' }));
    expect(() => assertManageable(riverside, account(['site-riverside']))).not.toThrow();
  });

  it('grants only sites the manager works at and roles whose rights they hold', () => {
    expect(() => assertGrantable(riverside, { siteIds: ['site-downtown'], roles: ['receptionist'] })).toThrow(expect.objectContaining({ code: 'USERS.SITE_NOT_HELD' }));
    const receptionist = { id: 'r1', roles: ['receptionist' as const], siteIds: ['site-riverside'] };
    expect(() => assertGrantable(receptionist, { siteIds: ['site-riverside'], roles: ['office-manager'] })).toThrow(expect.objectContaining({ code: 'USERS.ROLE_NOT_HELD' }));
    expect(() => assertGrantable(riverside, { siteIds: ['site-riverside'], roles: ['receptionist', 'office-manager'] })).not.toThrow();
  });

  it('counts a removed site as a grant too, and refuses changing a deactivated account', () => {
    const both = { id: 'm2', roles: ['office-manager' as const], siteIds: ['site-riverside'] };
    expect(() => assertChangeAllowed(both, account(['site-riverside', 'site-north']), { siteIds: ['site-riverside'] })).toThrow(expect.objectContaining({ code: 'USERS.SITE_NOT_HELD' }));
    expect(() => assertChangeAllowed(riverside, { ...account(['site-riverside']), active: false }, { name: 'X' } as never)).toThrow(expect.objectContaining({ code: 'USERS.DEACTIVATED' }));
  });

  it('records what changed, before and after, and ends tokens only when roles or sites change', () => {
    const current = account(['site-riverside']);
    expect(changesOf(current, { name: 'Alex', roles: ['receptionist'] })).toEqual([]);
    const renamed = changesOf(current, { name: 'Alexandra' });
    expect(renamed).toEqual([{ field: 'name', from: 'Alex', to: 'Alexandra' }]);
    expect(revokesTokens(renamed)).toBe(false);
    const moved = changesOf(current, { siteIds: ['site-riverside', 'site-downtown'] });
    expect(moved).toEqual([{ field: 'siteIds', from: ['site-riverside'], to: ['site-riverside', 'site-downtown'] }]);
    expect(revokesTokens(moved)).toBe(true);
  });
});
