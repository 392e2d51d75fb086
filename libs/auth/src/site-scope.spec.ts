import { DomainError } from '@clinic-flow/platform';
import { SiteScope } from './site-scope';

describe('SiteScope', () => {
  const downtown = SiteScope.of({ id: 'u1', siteIds: ['site-downtown'] });

  it("covers the caller's sites only", () => {
    expect(downtown.covers('site-downtown')).toBe(true);
    expect(downtown.covers('site-riverside')).toBe(false);
    expect(downtown.actor).toBe('u1');
    expect(() => downtown.assert('site-riverside')).toThrow(expect.objectContaining({ kind: 'forbidden', code: 'AUTH.SITE_FORBIDDEN' }));
    expect(() => downtown.assert('site-downtown')).not.toThrow();
  });

  it('lets a network-wide change through only when every affected site is covered, naming the others', () => {
    const both = SiteScope.of({ id: 'u2', siteIds: ['site-downtown', 'site-riverside'] });
    expect(() => both.assertCoversAll(['site-downtown', 'site-riverside'], 'A type')).not.toThrow();
    let error: unknown;
    try {
      downtown.assertCoversAll(['site-downtown', 'site-riverside', 'site-north'], 'A type');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe('A type affects sites you do not work at: site-riverside, site-north.');
  });

  it('acts for the service itself at every site, and says so', () => {
    const service = SiteScope.service('no-show timer');
    expect(service.covers('any-site')).toBe(true);
    expect(service.coversAll(['a', 'b'])).toBe(true);
    expect(service.actor).toBe('service:no-show timer');
  });
});
